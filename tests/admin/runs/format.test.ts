import {
  dayEndMs,
  dayStartMs,
  filtersFromQuery,
  isRunFinished,
  logText,
  pollDelayMs,
  prettyJson,
  progressPercent,
  runDriftMs,
  runElapsedMs,
  runListParams,
  statusVariant,
  toDay,
} from '../../../admin/src/components/runs/format';

describe('run durations', () => {
  test('Given a finished run, when its elapsed time is asked, then its recorded duration is used', () => {
    const run = {
      status: 'succeeded' as const,
      durationMs: 420,
      startedAt: 1000,
      finishedAt: 5000,
    };
    expect(runElapsedMs(run, 99_999)).toBe(420);
    expect(runElapsedMs({ ...run, durationMs: null }, 99_999)).toBe(4000);
  });

  test('Given a running run, when its elapsed time is asked, then it counts up to now', () => {
    const run = {
      status: 'running' as const,
      durationMs: null,
      startedAt: 10_000,
      finishedAt: null,
    };
    expect(runElapsedMs(run, 12_500)).toBe(2500);
    expect(runElapsedMs({ ...run, startedAt: null }, 12_500)).toBeNull();
  });

  test('Given run statuses, when asked whether finished, then only running is not', () => {
    expect(isRunFinished({ status: 'running' })).toBe(false);
    expect(isRunFinished({ status: 'failed' })).toBe(true);
    expect(isRunFinished(null)).toBe(false);
  });

  test('Given a run that keeps going, when polled, then polls slow down', () => {
    expect(pollDelayMs(0)).toBe(1000);
    expect(pollDelayMs(10)).toBe(2000);
    expect(pollDelayMs(50)).toBe(5000);
  });
});

describe('run drift (slot vs start)', () => {
  test('Given a recorded drift, when read, then it wins over the computed one', () => {
    expect(runDriftMs({ driftMs: 250, slot: 1000, startedAt: 5000 })).toBe(250);
  });

  test('Given no recorded drift, when read, then it is start minus slot', () => {
    expect(runDriftMs({ driftMs: null, slot: 1000, startedAt: 3500 })).toBe(2500);
  });

  test('Given a manual run (no slot), when read, then there is no drift', () => {
    expect(runDriftMs({ driftMs: null, slot: null, startedAt: 3500 })).toBeNull();
  });
});

describe('run log and result', () => {
  test('Given log entries, when shown, then one line each with UTC time, level and message', () => {
    const at = Date.UTC(2027, 2, 1, 11, 0, 1, 234);
    expect(
      logText([
        { at, level: 'info', message: 'started' },
        { at: at + 5, level: 'error', message: 'oops\nsecond line' },
      ])
    ).toBe('11:00:01.234 info  started\n11:00:01.239 error oops\nsecond line');
  });

  test('Given the truncation entry and odd values, when shown, then nothing is lost', () => {
    expect(logText('plain text')).toBe('plain text');
    expect(logText(null)).toBe('');
    expect(logText(['raw', { message: '[log truncated: 3 more lines dropped]' }])).toBe(
      'raw\nlog   [log truncated: 3 more lines dropped]'
    );
  });

  test('Given a result, when shown, then it is pretty JSON', () => {
    expect(prettyJson({ deleted: 3, ids: [1, 2] })).toBe(
      '{\n  "deleted": 3,\n  "ids": [\n    1,\n    2\n  ]\n}'
    );
    expect(prettyJson('done')).toBe('"done"');
    expect(prettyJson(undefined)).toBe('');
  });

  test('Given statuses, when badged, then failures are red and successes green', () => {
    expect(statusVariant('succeeded')).toBe('success');
    expect(statusVariant('failed')).toBe('danger');
    expect(statusVariant('timed-out')).toBe('danger');
    expect(statusVariant('running')).toBe('secondary');
    expect(statusVariant('skipped')).toBe('neutral');
  });
});

describe('run filters', () => {
  test('Given a URL query, when read, then only valid filters are kept', () => {
    expect(
      filtersFromQuery({
        task: '7',
        status: 'failed',
        trigger: 'nope',
        from: '2027-03-01',
        to: 'yesterday',
        page: '2',
      })
    ).toEqual({ task: '7', status: 'failed', from: '2027-03-01' });
    expect(filtersFromQuery({ task: 'abc', status: '' })).toEqual({});
  });

  test('Given a day range, when sent, then it covers both whole local days', () => {
    const params = runListParams({ task: '7', from: '2027-03-01', to: '2027-03-02', page: '3' });
    expect(params).toEqual({
      cursor: 'first',
      pageSize: 25,
      sort: 'startedAt:desc',
      task: 7,
      from: new Date(2027, 2, 1).getTime(),
      to: new Date(2027, 2, 3).getTime() - 1,
    });
    expect(dayStartMs('2027-13-45')).not.toBeUndefined(); // Date rolls over; the server checks
    expect(dayStartMs('garbage')).toBeUndefined();
    expect(dayEndMs(undefined)).toBeUndefined();
  });

  test('Given a range whose end is before its start, when sent, then the end is dropped', () => {
    const params = runListParams({ from: '2027-03-05', to: '2027-03-01' });
    expect(params.from).toBe(new Date(2027, 2, 5).getTime());
    expect(params.to).toBeUndefined();
  });

  test('Given a page size out of range, when sent, then it is brought back', () => {
    expect(runListParams({ pageSize: '500' })).toMatchObject({ pageSize: 100 });
    expect(runListParams({ pageSize: '0' })).toMatchObject({ pageSize: 25 });
  });

  test('Given a cursor in the URL, when sent, then it is passed on, the newest page without one', () => {
    expect(runListParams({ cursor: 'eyJhIjoiYWZ0ZXIifQ' })).toMatchObject({
      cursor: 'eyJhIjoiYWZ0ZXIifQ',
    });
    expect(runListParams({ cursor: 'last' })).toMatchObject({ cursor: 'last' });
    expect(runListParams({})).toMatchObject({ cursor: 'first' });
    expect(runListParams({ cursor: 'not a cursor!' })).toMatchObject({ cursor: 'first' });
  });

  test('Given a date, when turned into a day, then it is its local YYYY-MM-DD', () => {
    expect(toDay(new Date(2027, 0, 9, 23, 59))).toBe('2027-01-09');
  });
});

describe('run progress', () => {
  test('Given a report with a total, when its share is asked, then it is a whole percentage', () => {
    expect(progressPercent({ done: 1, total: 3 })).toBe(33);
    expect(progressPercent({ done: 10, total: 10 })).toBe(100);
  });

  test('Given a report without a total, when its share is asked, then there is none', () => {
    expect(progressPercent({ done: 250, total: null })).toBeNull();
  });
});
