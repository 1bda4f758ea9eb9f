import {
  defaultOnceLocalTime,
  isOnceSchedule,
  onceExpression,
  onceLocalTime,
  cronToPreset,
  modeOf,
  parseTimeOfDay,
  presetOf,
  presetToCron,
  timeOfPreset,
} from '../../../admin/src/schedule/presets';

describe('schedule builder presets', () => {
  test.each([
    [presetOf('hourly', { minute: 15 }), '15 * * * *'],
    [presetOf('daily', { hour: 3, minute: 30 }), '30 3 * * *'],
    [presetOf('weekly', { weekday: 1, hour: 7, minute: 0 }), '0 7 * * 1'],
    [presetOf('monthly', { day: 15, hour: 23, minute: 45 }), '45 23 15 * *'],
  ])('Given the preset %o, when turned into cron, then it is %s', (preset, cron) => {
    expect(presetToCron(preset)).toBe(cron);
  });

  test('Given out-of-range preset values, when turned into cron, then they are clamped to the field', () => {
    expect(presetToCron(presetOf('monthly', { day: 40, hour: 25, minute: -3 }))).toBe(
      '0 23 31 * *'
    );
  });

  test.each(['hourly', 'daily', 'weekly', 'monthly'] as const)(
    'Given any %s preset, when turned into cron and read back, then the same preset comes out',
    (kind) => {
      for (const values of [
        { minute: 0, hour: 0, weekday: 0, day: 1 },
        { minute: 59, hour: 23, weekday: 6, day: 31 },
        { minute: 7, hour: 12, weekday: 3, day: 28 },
      ]) {
        const preset = presetOf(kind, values);
        const back = cronToPreset(presetToCron(preset));
        expect(back?.kind).toBe(kind);
        expect(back?.minute).toBe(values.minute);
        if (kind !== 'hourly') expect(back?.hour).toBe(values.hour);
        if (kind === 'weekly') expect(back?.weekday).toBe(values.weekday);
        if (kind === 'monthly') expect(back?.day).toBe(values.day);
      }
    }
  );

  test.each([
    ['0 * * * *', { kind: 'hourly', minute: 0 }],
    ['  30   2 * * *  ', { kind: 'daily', hour: 2, minute: 30 }],
    ['05 04 * * ?', { kind: 'daily', hour: 4, minute: 5 }],
    ['0 7 * * MON', { kind: 'weekly', weekday: 1, hour: 7, minute: 0 }],
    ['0 7 * * sun', { kind: 'weekly', weekday: 0 }],
    ['0 7 * * 7', { kind: 'weekly', weekday: 0 }],
    ['15 5 1 * *', { kind: 'monthly', day: 1, hour: 5, minute: 15 }],
    ['0 45 4 * * 0', { kind: 'weekly', weekday: 0, hour: 4, minute: 45 }],
    ['@hourly', { kind: 'hourly', minute: 0 }],
    ['@daily', { kind: 'daily', hour: 0, minute: 0 }],
    ['@midnight', { kind: 'daily', hour: 0, minute: 0 }],
    ['@weekly', { kind: 'weekly', weekday: 0, hour: 0, minute: 0 }],
    ['@monthly', { kind: 'monthly', day: 1, hour: 0, minute: 0 }],
  ])(
    'Given the existing cron %p, when opened in the builder, then it is the preset %o',
    (cron, expected) => {
      expect(cronToPreset(cron)).toMatchObject(expected);
    }
  );

  test.each([
    '*/15 * * * *', // a step
    '0 */2 * * *',
    '0 3 * * 1-5', // a range
    '0 3,15 * * *', // a list
    '0 3 1 1 *', // a month
    '0 3 13 * 5', // both day fields
    '0 3 L * *', // last day of the month
    '0 3 * * 5#2',
    '30 0 3 * * *', // six fields with seconds that are not 0
    '@yearly',
    '60 3 * * *', // out of range
    'not cron',
    '',
  ])('Given %p, when opened in the builder, then it stays a custom expression', (cron) => {
    expect(cronToPreset(cron)).toBeNull();
    expect(modeOf(cron)).toBe('custom');
  });

  test('Given a time input, when read and written, then HH:MM round-trips and nonsense is refused', () => {
    expect(parseTimeOfDay('03:30')).toEqual({ hour: 3, minute: 30 });
    expect(parseTimeOfDay('23:59:00')).toEqual({ hour: 23, minute: 59 });
    expect(parseTimeOfDay('24:00')).toBeNull();
    expect(parseTimeOfDay('')).toBeNull();
    expect(timeOfPreset({ hour: 4, minute: 5 })).toBe('04:05');
  });
});

describe('one-off schedules', () => {
  test('Given @once with a local date and time, when read, then the datetime-local value and the once mode come out', () => {
    expect(onceLocalTime('@once  2027-03-01 12:00')).toBe('2027-03-01T12:00');
    expect(modeOf('@once 2027-03-01T12:00:30')).toBe('once');
    expect(onceExpression('2027-03-01T12:00')).toBe('@once 2027-03-01T12:00');
  });

  test('Given anything else, when read, then it is not a one-off', () => {
    expect(onceLocalTime('0 3 * * *')).toBeNull();
    expect(onceLocalTime('@once tomorrow')).toBeNull();
    expect(isOnceSchedule('@once tomorrow')).toBe(true);
    expect(isOnceSchedule('@daily')).toBe(false);
  });

  test('Given a day, when a first one-off value is asked, then it is the next day at 03:00', () => {
    expect(defaultOnceLocalTime(new Date(2027, 11, 31, 15, 0))).toBe('2028-01-01T03:00');
  });
});
