import {
  durationParts,
  formatDuration,
  formatSignedDuration,
} from '../../admin/src/utils/duration';

describe('durations in English', () => {
  test.each([
    [null, '—'],
    [undefined, '—'],
    [Number.NaN, '—'],
    [0, '0 ms'],
    [850, '850 ms'],
    [1000, '1 sec'],
    [1250, '1.25 sec'],
    [12_340, '12.3 sec'],
    [59_949, '59.9 sec'],
    [60_000, '1 min'],
    [125_000, '2 min, 5 sec'],
    [3_600_000, '1 hr'],
    [3_780_000, '1 hr, 3 min'],
    [86_400_000, '1 day'],
    [2 * 86_400_000 + 4 * 3_600_000, '2 days, 4 hr'],
  ])('Given %p ms, when formatted in English, then it reads %p', (ms, expected) => {
    expect(formatDuration(ms as number | null, 'en')).toBe(expected);
  });
});

describe('durations in French', () => {
  test.each([
    [1250, '1,25 s'],
    [125_000, '2 min et 5 s'],
    [2 * 86_400_000 + 4 * 3_600_000, '2 j et 4 h'],
  ])('Given %p ms, when formatted in French, then it reads %p', (ms, expected) => {
    // French puts no-break spaces between number and unit.
    expect(formatDuration(ms, 'fr').replace(/\s/g, ' ')).toBe(expected);
  });
});

describe('how a duration is split into units', () => {
  test('Given a whole number of minutes, when split, then no zero seconds are told', () => {
    expect(durationParts(120_000)).toEqual([{ unit: 'minute', value: 2 }]);
  });

  test('Given 59 min 59.6 s, when split, then they round up to a whole hour', () => {
    expect(durationParts(3_599_600)).toEqual([{ unit: 'hour', value: 1 }]);
  });

  test('Given 59.96 seconds, when split, then they round up to a whole minute', () => {
    expect(durationParts(59_960)).toEqual([{ unit: 'minute', value: 1 }]);
  });

  test('Given a negative duration, when split, then its size is told without the sign', () => {
    expect(durationParts(-300)).toEqual([{ unit: 'millisecond', value: 300 }]);
  });
});

describe('signed durations (drift)', () => {
  test.each([
    [null, '—'],
    [0, '0 ms'],
    [1250, '+1.25 sec'],
    [-300, '-300 ms'],
    [125_000, '+2 min, 5 sec'],
  ])('Given a drift of %p ms, when formatted, then it reads %p', (ms, expected) => {
    expect(formatSignedDuration(ms as number | null, 'en')).toBe(expected);
  });
});
