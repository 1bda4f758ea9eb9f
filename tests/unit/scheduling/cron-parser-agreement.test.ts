/**
 * cron-parser 5 is the cron library most Node projects use. Slots are computed by our own matcher
 * (docs/scheduling.md says why); these tests hold the two side by side. Where cron-parser is right
 * (ordinary days), both must agree slot for slot, so an expression means here what it means
 * anywhere. Where it is wrong (DST transitions), the defects we documented must still be there:
 * the day one is fixed upstream, a test fails and says it is time to reconsider.
 */
import { CronExpressionParser } from 'cron-parser';

import { nextSlot, parseSchedule } from '../../../server/src/scheduling';

const ours = (expression: string, zone: string, fromIso: string, count: number): string[] => {
  const parsed = parseSchedule(expression);
  if (!parsed.ok) throw parsed.error;
  const slots: string[] = [];
  let after = Date.parse(fromIso);
  for (let index = 0; index < count; index += 1) {
    after = nextSlot(parsed.schedule, zone, after);
    slots.push(new Date(after).toISOString());
  }
  return slots;
};

const theirs = (expression: string, zone: string, fromIso: string, count: number): string[] => {
  const interval = CronExpressionParser.parse(expression, {
    currentDate: new Date(fromIso),
    tz: zone,
  });
  return Array.from({ length: count }, () => interval.next().toDate().toISOString());
};

const firstOurs = (expression: string, zone: string, fromIso: string) =>
  ours(expression, zone, fromIso, 1)[0];
const firstTheirs = (expression: string, zone: string, fromIso: string) =>
  theirs(expression, zone, fromIso, 1)[0];

describe('Agreement with cron-parser away from DST transitions', () => {
  const expressions = [
    '* * * * *',
    '*/7 * * * *',
    '0 */3 * * *',
    '30 2 * * *',
    '15 9 * * 1-5',
    '0 0 1,15 * *',
    '0 12 * JAN,JUL MON',
    '0 0 13 * 5',
    '0 6 L * *',
    '0 6 * * 5#2',
    '*/10 * * * * *',
    '5 4 3 2 *',
    '@hourly',
    '@daily',
    '@weekly',
    '@monthly',
    '@yearly',
  ];
  // Mid-May to mid-June 2026: no zone below changes its offset in that month.
  const zones = ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'];

  for (const zone of zones) {
    test.each(expressions)(
      `Given %s in ${zone} on ordinary days, When 40 slots are computed, Then both give the same`,
      (expression) => {
        const from = '2026-05-15T00:00:00Z';
        const count = expression.startsWith('@yearly') || expression === '5 4 3 2 *' ? 1 : 40;
        expect(ours(expression, zone, from, count)).toEqual(theirs(expression, zone, from, count));
      }
    );
  }
});

describe('cron-parser defects that made us compute slots ourselves (docs/scheduling.md)', () => {
  test('Given 02:30 daily in New York on the spring-forward day, Then cron-parser runs at 03:30 and we run at the gap end, 03:00', () => {
    const from = '2026-03-08T05:00:00Z';
    expect(firstTheirs('30 2 * * *', 'America/New_York', from)).toBe('2026-03-08T07:30:00.000Z');
    expect(firstOurs('30 2 * * *', 'America/New_York', from)).toBe('2026-03-08T07:00:00.000Z');
  });

  test('Given 02:15 daily in Lord_Howe on its half-hour spring-forward day, Then cron-parser loses the day and we do not', () => {
    const from = '2026-10-03T12:00:00Z';
    expect(firstTheirs('15 2 * * *', 'Australia/Lord_Howe', from)).toBe('2026-10-04T15:15:00.000Z');
    expect(firstOurs('15 2 * * *', 'Australia/Lord_Howe', from)).toBe('2026-10-03T15:30:00.000Z');
  });

  test('Given midnight daily in Havana on its midnight fall-back, Then cron-parser runs at the second midnight and we at the first', () => {
    const from = '2026-11-01T03:00:00Z';
    expect(firstTheirs('0 0 * * *', 'America/Havana', from)).toBe('2026-11-01T05:00:00.000Z');
    expect(firstOurs('0 0 * * *', 'America/Havana', from)).toBe('2026-11-01T04:00:00.000Z');
  });

  test('Given hourly in Lord_Howe across its half-hour fall-back, Then cron-parser throws and we give every hour', () => {
    const from = '2026-04-04T13:30:00Z';
    expect(() => theirs('0 * * * *', 'Australia/Lord_Howe', from, 3)).toThrow(/loop limit/i);
    expect(ours('0 * * * *', 'Australia/Lord_Howe', from, 3)).toEqual([
      '2026-04-04T14:00:00.000Z', // 01:00 +11:00
      '2026-04-04T15:30:00.000Z', // 02:00 +10:30: the clocks went back from 02:00 to 01:30
      '2026-04-04T16:30:00.000Z', // 03:00 +10:30
    ]);
  });
});
