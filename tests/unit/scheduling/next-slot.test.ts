import { nextSlot, parseSchedule, TimeZoneError } from '../../../server/src/scheduling';
import type { Schedule } from '../../../server/src/scheduling';

function schedule(expression: string): Schedule {
  const parsed = parseSchedule(expression);
  if (!parsed.ok) throw parsed.error;
  return parsed.schedule;
}

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

function slotsInUtc(expression: string, fromIso: string, count: number): string[] {
  const result: string[] = [];
  let after = at(fromIso);
  for (let index = 0; index < count; index += 1) {
    after = nextSlot(schedule(expression), 'UTC', after);
    result.push(iso(after));
  }
  return result;
}

describe('nextSlot', () => {
  test('Given afterMs exactly on a slot, When asked, Then the following slot is returned', () => {
    expect(iso(nextSlot(schedule('0 * * * *'), 'UTC', at('2026-05-01T10:00:00Z')))).toBe(
      '2026-05-01T11:00:00.000Z'
    );
  });

  test('Given afterMs one millisecond before a slot, When asked, Then that slot is returned', () => {
    expect(iso(nextSlot(schedule('0 * * * *'), 'UTC', at('2026-05-01T10:59:59.999Z')))).toBe(
      '2026-05-01T11:00:00.000Z'
    );
  });

  test('Given afterMs inside a second, When asked, Then slots stay on whole seconds', () => {
    expect(iso(nextSlot(schedule('* * * * * *'), 'UTC', at('2026-05-01T10:00:00.250Z')))).toBe(
      '2026-05-01T10:00:01.000Z'
    );
  });

  test('Given a seconds field, When listed, Then slots follow it', () => {
    expect(slotsInUtc('*/20 0 12 * * *', '2026-05-01T00:00:00Z', 4)).toEqual([
      '2026-05-01T12:00:00.000Z',
      '2026-05-01T12:00:20.000Z',
      '2026-05-01T12:00:40.000Z',
      '2026-05-02T12:00:00.000Z',
    ]);
  });

  test('Given L, When listed, Then slots fall on the last day of each month, leap February included', () => {
    expect(slotsInUtc('0 0 L * *', '2028-01-15T00:00:00Z', 3)).toEqual([
      '2028-01-31T00:00:00.000Z',
      '2028-02-29T00:00:00.000Z',
      '2028-03-31T00:00:00.000Z',
    ]);
  });

  test('Given 5L, When listed, Then slots fall on the last Friday of each month', () => {
    expect(slotsInUtc('0 0 * * 5L', '2026-01-01T00:00:00Z', 2)).toEqual([
      '2026-01-30T00:00:00.000Z',
      '2026-02-27T00:00:00.000Z',
    ]);
  });

  test('Given 1#2, When listed, Then slots fall on the second Monday of each month', () => {
    expect(slotsInUtc('0 0 * * 1#2', '2026-01-01T00:00:00Z', 2)).toEqual([
      '2026-01-12T00:00:00.000Z',
      '2026-02-09T00:00:00.000Z',
    ]);
  });

  test('Given both day fields restricted, When listed, Then a day matching either runs (Vixie cron)', () => {
    // The 13th of the month or any Friday.
    expect(slotsInUtc('0 0 13 * 5', '2026-03-01T00:00:00Z', 3)).toEqual([
      '2026-03-06T00:00:00.000Z',
      '2026-03-13T00:00:00.000Z',
      '2026-03-20T00:00:00.000Z',
    ]);
  });

  test('Given February 29, When asked in a common year, Then the next leap day is returned', () => {
    expect(slotsInUtc('0 0 29 2 *', '2026-01-01T00:00:00Z', 1)).toEqual([
      '2028-02-29T00:00:00.000Z',
    ]);
  });

  test('Given a yearly schedule, When asked just after this year’s slot, Then next year’s is returned', () => {
    expect(slotsInUtc('@yearly', '2026-01-01T00:00:00Z', 1)).toEqual(['2027-01-01T00:00:00.000Z']);
  });

  test('Given a zone that is not IANA, When asked, Then a TimeZoneError is thrown', () => {
    expect(() => nextSlot(schedule('0 * * * *'), 'Mars/Olympus', 0)).toThrow(TimeZoneError);
  });

  test('Given afterMs that is not a finite instant, When asked, Then a RangeError is thrown', () => {
    expect(() => nextSlot(schedule('0 * * * *'), 'UTC', Number.NaN)).toThrow(RangeError);
    expect(() => nextSlot(schedule('0 * * * *'), 'UTC', 1e16)).toThrow(RangeError);
  });

  test('Given a zone name spelt in another case, When asked, Then it is the same zone', () => {
    const after = at('2026-03-07T12:00:00Z');
    expect(nextSlot(schedule('30 2 * * *'), 'america/new_york', after)).toBe(
      nextSlot(schedule('30 2 * * *'), 'America/New_York', after)
    );
  });

  test('Given a month before 1970 in a DST zone, When asked, Then slots are still computed', () => {
    expect(iso(nextSlot(schedule('0 12 * * *'), 'Europe/Paris', at('1960-06-01T00:00:00Z')))).toBe(
      '1960-06-01T11:00:00.000Z'
    );
  });
});
