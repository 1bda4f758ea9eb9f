import { parseSchedule, ScheduleError } from '../../../server/src/scheduling';
import type { Schedule } from '../../../server/src/scheduling';

function accepted(expression: string): Schedule {
  const result = parseSchedule(expression);
  if (!result.ok) throw new Error(`expected "${expression}" to parse: ${result.error.message}`);
  return result.schedule;
}

function refusal(expression: unknown): string {
  const result = parseSchedule(expression);
  if (result.ok) throw new Error(`expected ${JSON.stringify(expression)} to be refused`);
  return result.error.message;
}

describe('parseSchedule: accepted forms', () => {
  test('Given five fields, When parsed, Then seconds default to 0 and each field is expanded', () => {
    const schedule = accepted('30 2 * * *');
    expect(schedule.seconds).toEqual([0]);
    expect(schedule.minutes).toEqual([30]);
    expect(schedule.hours).toEqual([2]);
    expect(schedule.daysOfMonth).toHaveLength(31);
    expect(schedule.months).toHaveLength(12);
    expect(schedule.daysOfWeek).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(schedule.expression).toBe('30 2 * * *');
  });

  test('Given six fields, When parsed, Then the first is the seconds field', () => {
    const schedule = accepted('15 30 2 * * *');
    expect(schedule.seconds).toEqual([15]);
    expect(schedule.minutes).toEqual([30]);
    expect(schedule.expression).toBe('15 30 2 * * *');
  });

  test('Given six fields with seconds 0, When parsed, Then the canonical form drops the seconds', () => {
    expect(accepted('0 30 2 * * *').expression).toBe('30 2 * * *');
  });

  test.each([
    ['@yearly', '0 0 1 1 *'],
    ['@annually', '0 0 1 1 *'],
    ['@monthly', '0 0 1 * *'],
    ['@weekly', '0 0 * * 0'],
    ['@daily', '0 0 * * *'],
    ['@midnight', '0 0 * * *'],
    ['@hourly', '0 * * * *'],
  ])('Given the alias %s, When parsed, Then it expands to "%s"', (alias, expansion) => {
    expect(accepted(alias).expression).toBe(expansion);
  });

  test('Given an alias in capitals, When parsed, Then it is recognised', () => {
    expect(accepted('@DAILY').expression).toBe('0 0 * * *');
  });

  test('Given extra blanks around and between fields, When parsed, Then they are collapsed', () => {
    expect(accepted('  30\t2  *  * *  ').expression).toBe('30 2 * * *');
  });

  test('Given lists, ranges and steps, When parsed, Then the values are expanded and sorted', () => {
    const schedule = accepted('*/15 1-3,22 * * *');
    expect(schedule.minutes).toEqual([0, 15, 30, 45]);
    expect(schedule.hours).toEqual([1, 2, 3, 22]);
  });

  test('Given a stepped range and a stepped start value, When parsed, Then the step counts from the start', () => {
    const schedule = accepted('5/20 8-18/5 * * *');
    expect(schedule.minutes).toEqual([5, 25, 45]);
    expect(schedule.hours).toEqual([8, 13, 18]);
  });

  test('Given month and weekday names in any case, When parsed, Then they resolve to numbers', () => {
    const schedule = accepted('0 9 * jan,Jul MON-fri');
    expect(schedule.months).toEqual([1, 7]);
    expect(schedule.daysOfWeek).toEqual([1, 2, 3, 4, 5]);
    expect(schedule.expression).toBe('0 9 * JAN,JUL MON-FRI');
  });

  test('Given 7 in the day-of-week field, When parsed, Then it means Sunday', () => {
    expect(accepted('0 0 * * 7').daysOfWeek).toEqual([0]);
    expect(accepted('0 0 * * 5-7').daysOfWeek).toEqual([0, 5, 6]);
  });

  test('Given ? in a day field, When parsed, Then it is a wildcard', () => {
    const schedule = accepted('0 0 ? * 1');
    expect(schedule.dayOfMonthRestricted).toBe(false);
    expect(schedule.dayOfWeekRestricted).toBe(true);
  });

  test('Given L in the day-of-month field, When parsed, Then it marks the last day of the month', () => {
    expect(accepted('0 0 L * *').lastDayOfMonth).toBe(true);
  });

  test('Given 5L and 1#2 in the day-of-week field, When parsed, Then they mark the last Friday and second Monday', () => {
    expect(accepted('0 0 * * 5L').lastWeekdaysOfMonth).toEqual([5]);
    expect(accepted('0 0 * * MON#2').nthWeekdaysOfMonth).toEqual([{ weekday: 1, nth: 2 }]);
  });

  test('Given February 29, When parsed, Then it is accepted because leap years have it', () => {
    expect(accepted('0 0 29 2 *').daysOfMonth).toEqual([29]);
  });

  test('Given an hour field that covers the whole day, When parsed, Then the schedule is hourly', () => {
    expect(accepted('*/15 * * * *').kind).toBe('hourly');
    expect(accepted('0 0-23 * * *').kind).toBe('hourly');
  });

  test('Given a restricted hour field, When parsed, Then the schedule is fixed-time', () => {
    expect(accepted('30 2 * * *').kind).toBe('fixed-time');
    expect(accepted('*/5 2 * * *').kind).toBe('fixed-time');
    expect(accepted('0 */2 * * *').kind).toBe('fixed-time');
  });
});

describe('parseSchedule: refusals and their reasons', () => {
  test('Given a refusal, When inspected, Then it is a ScheduleError whose message starts with "schedule:"', () => {
    const result = parseSchedule('nope');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(ScheduleError);
    expect(result.error.field).toBe('schedule');
    expect(result.error.message).toBe(`schedule: ${result.error.reason}`);
  });

  test.each([
    ['', 'schedule: is empty'],
    ['   ', 'schedule: is empty'],
  ])(
    'Given the blank expression %j, When parsed, Then it is refused as empty',
    (expression, message) => {
      expect(refusal(expression)).toBe(message);
    }
  );

  test('Given something that is not a string, When parsed, Then it is refused', () => {
    expect(refusal(42)).toBe('schedule: must be a string');
  });

  test('Given seven fields, When parsed, Then the reason states the field count', () => {
    expect(refusal('0 30 2 * * * 2026')).toBe(
      'schedule: expected 5 fields (minute hour day-of-month month day-of-week) or 6 with a leading seconds field, got 7'
    );
  });

  test('Given four fields, When parsed, Then the reason states the field count', () => {
    expect(refusal('30 2 * *')).toMatch(/got 4$/);
  });

  test('Given garbage, When parsed, Then the reason states the field count', () => {
    expect(refusal('every day at noon')).toMatch(/expected 5 fields .* got 4$/);
  });

  test('Given an unknown alias, When parsed, Then the reason lists the supported ones', () => {
    expect(refusal('@reboot')).toBe(
      'schedule: unknown alias "@reboot" (use @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly)'
    );
  });

  test.each([
    ['60 * * * *', 'schedule: minute field "60": 60 is out of range 0-59'],
    ['0 24 * * *', 'schedule: hour field "24": 24 is out of range 0-23'],
    ['0 0 0 * *', 'schedule: day-of-month field "0": 0 is out of range 1-31'],
    ['0 0 32 * *', 'schedule: day-of-month field "32": 32 is out of range 1-31'],
    ['0 0 * 13 *', 'schedule: month field "13": 13 is out of range 1-12'],
    ['0 0 * * 8', 'schedule: day-of-week field "8": 8 is out of range 0-7'],
    ['60 0 0 * * *', 'schedule: second field "60": 60 is out of range 0-59'],
  ])(
    'Given the out-of-range value in "%s", When parsed, Then the reason names field and range',
    (expression, message) => {
      expect(refusal(expression)).toBe(message);
    }
  );

  test('Given a reversed range, When parsed, Then the reason says so', () => {
    expect(refusal('0 5-1 * * *')).toBe('schedule: hour field "5-1": range 5-1 is reversed');
  });

  test('Given a zero step, When parsed, Then the reason says a step must be at least 1', () => {
    expect(refusal('*/0 * * * *')).toBe('schedule: minute field "*/0": a step must be at least 1');
  });

  test('Given a step wider than the field, When parsed, Then the reason names the range', () => {
    expect(refusal('*/61 * * * *')).toBe(
      'schedule: minute field "*/61": step 61 is larger than the 0-59 range'
    );
  });

  test('Given an empty list item, When parsed, Then the reason says so', () => {
    expect(refusal('1,,2 * * * *')).toBe('schedule: minute field "1,,2": empty list item');
  });

  test('Given an unknown month name, When parsed, Then the reason lists the valid names', () => {
    expect(refusal('0 0 * FOO *')).toBe(
      'schedule: month field "FOO": unknown name "FOO" (use JAN–DEC)'
    );
  });

  test('Given a name in a numeric field, When parsed, Then the reason says it is not a number', () => {
    expect(refusal('0 MON * * *')).toBe('schedule: hour field "MON": "MON" is not a number');
  });

  test('Given a weekday name in the day-of-month field, When parsed, Then it is not taken for W', () => {
    expect(refusal('0 0 WED * *')).toBe(
      'schedule: day-of-month field "WED": "WED" is not a number'
    );
  });

  test('Given W in the day-of-month field, When parsed, Then it is refused as unsupported', () => {
    expect(refusal('0 0 15W * *')).toBe(
      'schedule: day-of-month field "15W": "15W": W (nearest weekday) is not supported'
    );
  });

  test('Given H (hashed) values, When parsed, Then they are refused as unsupported', () => {
    expect(refusal('H * * * *')).toBe(
      'schedule: minute field "H": "H": H (hashed values) is not supported'
    );
  });

  test('Given an L offset, When parsed, Then only a bare L is allowed', () => {
    expect(refusal('0 0 L-2 * *')).toMatch(/only a bare L \(last day of the month\) is supported$/);
  });

  test('Given L outside the day fields, When parsed, Then it is refused', () => {
    expect(refusal('0 L * * *')).toMatch(
      /L is only allowed in the day-of-month and day-of-week fields$/
    );
  });

  test('Given # outside the day-of-week field, When parsed, Then it is refused', () => {
    expect(refusal('0 0 1#2 * *')).toMatch(/# is only allowed in the day-of-week field$/);
  });

  test('Given an occurrence after # beyond 5, When parsed, Then it is refused', () => {
    expect(refusal('0 0 * * 1#6')).toMatch(/the occurrence after # must be 1-5$/);
  });

  test('Given ? in a time field, When parsed, Then it is refused', () => {
    expect(refusal('? * * * *')).toMatch(
      /\? is only allowed in the day-of-month and day-of-week fields$/
    );
  });

  test('Given ? inside a list, When parsed, Then it is refused', () => {
    expect(refusal('0 0 ?,1 * *')).toMatch(/\? must stand alone as the whole field$/);
  });

  test('Given punctuation, When parsed, Then the value is refused as invalid', () => {
    expect(refusal('0 0 * * 1;2')).toBe('schedule: day-of-week field "1;2": invalid value "1;2"');
  });

  test('Given a day that never occurs, When parsed, Then it is refused as never matching', () => {
    expect(refusal('0 0 30 2 *')).toBe(
      'schedule: never matches a date: day-of-month "30" never occurs in month "2"'
    );
    expect(refusal('0 0 31 APR,JUN,SEP,NOV *')).toMatch(/never matches a date/);
  });

  test('Given an over-long expression, When parsed, Then it is refused before any work', () => {
    expect(refusal(`${'1,'.repeat(600)}1 * * * *`)).toBe(
      'schedule: is longer than 1024 characters'
    );
  });
});
