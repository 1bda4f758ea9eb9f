import { readLastRun, readProgress } from '../../../server/src/services/last-runs';

describe("reading a run's progress from a raw select", () => {
  test('Given progress as JSON text (SQLite, MySQL), When read, Then it is parsed', () => {
    expect(readProgress('{"done":3,"total":10}')).toEqual({ done: 3, total: 10 });
  });

  test('Given progress already parsed (PostgreSQL), When read, Then it is kept', () => {
    expect(readProgress({ done: 1 })).toEqual({ done: 1 });
  });

  test.each([
    ['text that is not JSON', 'not json'],
    ['null', null],
    ['an array', '[1,2]'],
    ['a number', 5],
  ])('Given %s, When read, Then there is no progress', (_label, value) => {
    expect(readProgress(value)).toBeNull();
  });
});

describe('reading a last-run row', () => {
  test('Given a row as a database returns it (numbers as text, flags as 0/1), When read, Then it has numbers and booleans', () => {
    expect(
      readLastRun({
        id: '12',
        status: 'success',
        trigger: 'schedule',
        startedAt: '1700000000000',
        finishedAt: 1700000001000,
        durationMs: '1000',
        dryRun: 0,
        progress: null,
      })
    ).toEqual({
      id: 12,
      status: 'success',
      trigger: 'schedule',
      startedAt: 1700000000000,
      finishedAt: 1700000001000,
      durationMs: 1000,
      dryRun: false,
      progress: null,
    });
  });
});
