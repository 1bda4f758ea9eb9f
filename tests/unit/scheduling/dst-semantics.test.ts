/**
 * Concrete daylight-saving cases, one behaviour per test. Expected instants are written in UTC
 * with the local time they stand for; the transitions quoted come from the 2026 tz database.
 */
import { nextSlot, parseSchedule } from '../../../server/src/scheduling';

/** The next `count` slots after `fromIso`, as ISO strings. */
function slots(expression: string, zone: string, fromIso: string, count: number): string[] {
  const parsed = parseSchedule(expression);
  if (!parsed.ok) throw parsed.error;
  const result: string[] = [];
  let after = Date.parse(fromIso);
  for (let index = 0; index < count; index += 1) {
    after = nextSlot(parsed.schedule, zone, after);
    result.push(new Date(after).toISOString());
  }
  return result;
}

describe('America/New_York (spring forward 2026-03-08 02:00→03:00, fall back 2026-11-01 02:00→01:00)', () => {
  const zone = 'America/New_York';

  test('Given 30 2 * * * on the spring-forward day, When 02:30 does not exist, Then it runs at 03:00 EDT, the instant the gap ends', () => {
    expect(slots('30 2 * * *', zone, '2026-03-07T12:00:00Z', 3)).toEqual([
      '2026-03-08T07:00:00.000Z', // 03:00 EDT
      '2026-03-09T06:30:00.000Z', // 02:30 EDT
      '2026-03-10T06:30:00.000Z',
    ]);
  });

  test('Given 0 2 * * * on the spring-forward day, When 02:00 does not exist, Then it runs at 03:00 EDT', () => {
    expect(slots('0 2 * * *', zone, '2026-03-07T12:00:00Z', 1)).toEqual([
      '2026-03-08T07:00:00.000Z',
    ]);
  });

  test('Given two fixed times that both fall in the gap or at its end, When the gap ends, Then they run once', () => {
    expect(slots('0 2,3 * * *', zone, '2026-03-07T12:00:00Z', 2)).toEqual([
      '2026-03-08T07:00:00.000Z', // 02:00 shifted and 03:00, one run
      '2026-03-09T06:00:00.000Z', // 02:00 EDT the next day
    ]);
  });

  test('Given 30 1 * * * on the fall-back day, When 01:30 happens twice, Then it runs at the first occurrence only', () => {
    expect(slots('30 1 * * *', zone, '2026-10-31T12:00:00Z', 2)).toEqual([
      '2026-11-01T05:30:00.000Z', // 01:30 EDT; 01:30 EST (06:30Z) is skipped
      '2026-11-02T06:30:00.000Z',
    ]);
  });

  test('Given 0 * * * * on the fall-back day, When 01:00 happens twice, Then it runs in both repeated hours', () => {
    expect(slots('0 * * * *', zone, '2026-11-01T04:30:00Z', 3)).toEqual([
      '2026-11-01T05:00:00.000Z', // 01:00 EDT
      '2026-11-01T06:00:00.000Z', // 01:00 EST
      '2026-11-01T07:00:00.000Z', // 02:00 EST
    ]);
  });

  test('Given */15 * * * * on the spring-forward day, When 02:00-02:59 does not exist, Then nothing runs in the gap and nothing is added', () => {
    expect(slots('*/15 * * * *', zone, '2026-03-08T06:40:00Z', 3)).toEqual([
      '2026-03-08T06:45:00.000Z', // 01:45 EST
      '2026-03-08T07:00:00.000Z', // 03:00 EDT
      '2026-03-08T07:15:00.000Z',
    ]);
  });

  test('Given a fixed time every 5 minutes within 02:00, When the gap swallows the hour, Then one run marks the gap end', () => {
    expect(slots('*/5 2 * * *', zone, '2026-03-08T06:00:00Z', 2)).toEqual([
      '2026-03-08T07:00:00.000Z',
      '2026-03-09T06:00:00.000Z',
    ]);
  });
});

describe('Europe/Paris (spring forward 2026-03-29 02:00→03:00, fall back 2026-10-25 03:00→02:00)', () => {
  const zone = 'Europe/Paris';

  test('Given 30 2 * * * on the spring-forward day, When 02:30 does not exist, Then it runs at 03:00 CEST', () => {
    expect(slots('30 2 * * *', zone, '2026-03-28T12:00:00Z', 1)).toEqual([
      '2026-03-29T01:00:00.000Z',
    ]);
  });

  test('Given 30 2 * * * on the fall-back day, When 02:30 happens twice, Then it runs at 02:30 CEST only', () => {
    expect(slots('30 2 * * *', zone, '2026-10-24T12:00:00Z', 2)).toEqual([
      '2026-10-25T00:30:00.000Z',
      '2026-10-26T01:30:00.000Z',
    ]);
  });

  test('Given 0 * * * * on the fall-back day, When 02:00 happens twice, Then both run', () => {
    expect(slots('0 * * * *', zone, '2026-10-24T23:30:00Z', 3)).toEqual([
      '2026-10-25T00:00:00.000Z', // 02:00 CEST
      '2026-10-25T01:00:00.000Z', // 02:00 CET
      '2026-10-25T02:00:00.000Z', // 03:00 CET
    ]);
  });
});

describe('Australia/Lord_Howe (30-minute DST: 2026-10-04 02:00→02:30, 2026-04-05 02:00→01:30)', () => {
  const zone = 'Australia/Lord_Howe';

  test('Given 15 2 * * * on the spring-forward day, When 02:15 does not exist, Then it runs at 02:30, the gap end', () => {
    expect(slots('15 2 * * *', zone, '2026-10-03T00:00:00Z', 2)).toEqual([
      '2026-10-03T15:30:00.000Z', // 02:30 +11 on 10-04
      '2026-10-04T15:15:00.000Z', // 02:15 +11 on 10-05
    ]);
  });

  test('Given */15 * * * * on the spring-forward day, When the clocks jump half an hour, Then 02:30 and 02:45 still run', () => {
    expect(slots('*/15 * * * *', zone, '2026-10-03T15:00:00Z', 3)).toEqual([
      '2026-10-03T15:15:00.000Z', // 01:45 +10:30
      '2026-10-03T15:30:00.000Z', // 02:30 +11
      '2026-10-03T15:45:00.000Z', // 02:45 +11
    ]);
  });

  test('Given */15 * * * * on the fall-back day, When 01:30-01:59 happens twice, Then both occurrences run', () => {
    expect(slots('*/15 * * * *', zone, '2026-04-04T14:20:00Z', 5)).toEqual([
      '2026-04-04T14:30:00.000Z', // 01:30 +11
      '2026-04-04T14:45:00.000Z', // 01:45 +11
      '2026-04-04T15:00:00.000Z', // 01:30 +10:30
      '2026-04-04T15:15:00.000Z', // 01:45 +10:30
      '2026-04-04T15:30:00.000Z', // 02:00 +10:30
    ]);
  });

  test('Given 45 1 * * * on the fall-back day, When 01:45 happens twice, Then it runs at the first occurrence only', () => {
    expect(slots('45 1 * * *', zone, '2026-04-04T00:00:00Z', 2)).toEqual([
      '2026-04-04T14:45:00.000Z',
      '2026-04-05T15:15:00.000Z',
    ]);
  });

  test('Given 0 * * * * across the fall-back, When the hour is half repeated, Then no hour is lost and none doubled', () => {
    expect(slots('0 * * * *', zone, '2026-04-04T13:30:00Z', 3)).toEqual([
      '2026-04-04T14:00:00.000Z', // 01:00 +11
      '2026-04-04T15:30:00.000Z', // 02:00 +10:30
      '2026-04-04T16:30:00.000Z', // 03:00 +10:30
    ]);
  });
});

describe('America/Santiago (midnight transitions: 2026-09-06 00:00→01:00, 2026-04-05 00:00→04-04 23:00)', () => {
  const zone = 'America/Santiago';

  test('Given 0 0 * * * on the spring-forward day, When midnight does not exist, Then it runs at 01:00', () => {
    expect(slots('0 0 * * *', zone, '2026-09-05T12:00:00Z', 2)).toEqual([
      '2026-09-06T04:00:00.000Z', // 01:00 -03
      '2026-09-07T03:00:00.000Z', // 00:00 -03
    ]);
  });

  test('Given 30 0 * * * on the spring-forward day, When 00:30 does not exist, Then it runs at 01:00, not 01:30', () => {
    expect(slots('30 0 * * *', zone, '2026-09-05T12:00:00Z', 1)).toEqual([
      '2026-09-06T04:00:00.000Z',
    ]);
  });

  test('Given 30 23 * * * on the Saturday before fall-back, When 23:30 happens twice, Then it runs at the first only', () => {
    expect(slots('30 23 * * *', zone, '2026-04-04T12:00:00Z', 2)).toEqual([
      '2026-04-05T02:30:00.000Z', // 23:30 -03
      '2026-04-06T03:30:00.000Z', // 23:30 -04 the next day
    ]);
  });

  test('Given 0 0 * * * on the fall-back day, When midnight comes once after the repeated hour, Then it runs once', () => {
    expect(slots('0 0 * * *', zone, '2026-04-04T12:00:00Z', 1)).toEqual([
      '2026-04-05T04:00:00.000Z',
    ]);
  });

  test('Given 0 * * * * on the fall-back night, When 23:00 happens twice, Then both run', () => {
    expect(slots('0 * * * *', zone, '2026-04-05T01:30:00Z', 3)).toEqual([
      '2026-04-05T02:00:00.000Z', // 23:00 -03
      '2026-04-05T03:00:00.000Z', // 23:00 -04
      '2026-04-05T04:00:00.000Z', // 00:00 -04
    ]);
  });
});

describe('Other midnight transitions', () => {
  test('Given 0 0 * * * in America/Havana on 2026-03-08, When midnight does not exist, Then it runs at 01:00 CDT', () => {
    expect(slots('0 0 * * *', 'America/Havana', '2026-03-07T12:00:00Z', 1)).toEqual([
      '2026-03-08T05:00:00.000Z',
    ]);
  });

  test('Given 0 0 * * * in America/Havana on 2026-11-01, When midnight happens twice, Then it runs at the first', () => {
    expect(slots('0 0 * * *', 'America/Havana', '2026-10-31T12:00:00Z', 2)).toEqual([
      '2026-11-01T04:00:00.000Z', // 00:00 -04
      '2026-11-02T05:00:00.000Z', // 00:00 -05
    ]);
  });

  test('Given 30 0 * * * in Asia/Beirut on 2026-03-29, When 00:30 does not exist, Then it runs at 01:00', () => {
    expect(slots('30 0 * * *', 'Asia/Beirut', '2026-03-28T12:00:00Z', 1)).toEqual([
      '2026-03-28T22:00:00.000Z',
    ]);
  });
});

describe('Asia/Kolkata (+05:30, no DST)', () => {
  test('Given 30 2 * * *, When a year passes, Then every day runs at 21:00 UTC the day before', () => {
    expect(slots('30 2 * * *', 'Asia/Kolkata', '2026-03-07T12:00:00Z', 2)).toEqual([
      '2026-03-07T21:00:00.000Z',
      '2026-03-08T21:00:00.000Z',
    ]);
  });

  test('Given 0 * * * *, When listed, Then slots are at half past each UTC hour', () => {
    expect(slots('0 * * * *', 'Asia/Kolkata', '2026-03-08T00:00:00Z', 2)).toEqual([
      '2026-03-08T00:30:00.000Z',
      '2026-03-08T01:30:00.000Z',
    ]);
  });
});

describe('Pacific/Chatham (+12:45/+13:45: 2026-09-27 02:45→03:45, 2026-04-05 03:45→02:45)', () => {
  const zone = 'Pacific/Chatham';

  test('Given 0 3 * * * on the spring-forward day, When 03:00 falls in the gap, Then it runs at 03:45', () => {
    expect(slots('0 3 * * *', zone, '2026-09-26T00:00:00Z', 2)).toEqual([
      '2026-09-26T14:00:00.000Z', // 03:45 +13:45
      '2026-09-27T13:15:00.000Z', // 03:00 +13:45
    ]);
  });

  test('Given 0 3 * * * on the fall-back day, When 03:00 happens twice, Then it runs at the first', () => {
    expect(slots('0 3 * * *', zone, '2026-04-04T00:00:00Z', 2)).toEqual([
      '2026-04-04T13:15:00.000Z', // 03:00 +13:45
      '2026-04-05T14:15:00.000Z', // 03:00 +12:45 the next day
    ]);
  });

  test('Given */15 * * * * on the fall-back day, When 02:45-03:44 happens twice, Then both occurrences run', () => {
    expect(slots('*/15 * * * *', zone, '2026-04-04T13:40:00Z', 4)).toEqual([
      '2026-04-04T13:45:00.000Z', // 03:30 +13:45
      '2026-04-04T14:00:00.000Z', // 02:45 +12:45
      '2026-04-04T14:15:00.000Z', // 03:00 +12:45
      '2026-04-04T14:30:00.000Z', // 03:15 +12:45
    ]);
  });
});

describe('Europe/Dublin (negative DST in the tz database: IST in summer, GMT in winter)', () => {
  const zone = 'Europe/Dublin';

  test('Given 30 1 * * * on 2026-03-29, When 01:30 does not exist, Then it runs at 02:00 IST', () => {
    expect(slots('30 1 * * *', zone, '2026-03-28T12:00:00Z', 1)).toEqual([
      '2026-03-29T01:00:00.000Z',
    ]);
  });

  test('Given 30 1 * * * on 2026-10-25, When 01:30 happens twice, Then it runs at 01:30 IST only', () => {
    expect(slots('30 1 * * *', zone, '2026-10-24T12:00:00Z', 2)).toEqual([
      '2026-10-25T00:30:00.000Z',
      '2026-10-26T01:30:00.000Z',
    ]);
  });
});

describe('Zones with odd histories', () => {
  test('Given 0 12 * * * in Pacific/Apia, When 2011-12-30 is skipped entirely, Then its run happens when the day ends (12-31 00:00)', () => {
    expect(slots('0 12 * * *', 'Pacific/Apia', '2011-12-28T00:00:00Z', 4)).toEqual([
      '2011-12-28T22:00:00.000Z', // 12-28 12:00 -10
      '2011-12-29T22:00:00.000Z', // 12-29 12:00 -10
      '2011-12-30T10:00:00.000Z', // 12-31 00:00 +14, for the missing 12-30
      '2011-12-30T22:00:00.000Z', // 12-31 12:00 +14
    ]);
  });

  test('Given 30 1 * * * in Antarctica/Troll, When a two-hour jump skips 01:30, Then it runs at 03:00', () => {
    expect(slots('30 1 * * *', 'Antarctica/Troll', '2026-03-28T12:00:00Z', 1)).toEqual([
      '2026-03-29T01:00:00.000Z',
    ]);
  });

  test('Given 0 * * * * in UTC, When listed, Then every hour runs', () => {
    expect(slots('0 * * * *', 'UTC', '2026-03-29T00:30:00Z', 2)).toEqual([
      '2026-03-29T01:00:00.000Z',
      '2026-03-29T02:00:00.000Z',
    ]);
  });
});
