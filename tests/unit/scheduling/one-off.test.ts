import {
  dueSlots,
  firstSlotAfterCreation,
  nextRunAtOnEnable,
  nextSlot,
  parseSchedule,
  previewSchedule,
} from '../../../server/src/scheduling';
import type { MisfirePolicy, Schedule, TaskTiming } from '../../../server/src/scheduling';

const at = (iso: string) => Date.parse(iso);
const isos = (slots: readonly number[]) => slots.map((slot) => new Date(slot).toISOString());

function schedule(expression: string): Schedule {
  const parsed = parseSchedule(expression);
  if (!parsed.ok) throw parsed.error;
  return parsed.schedule;
}

const ONCE = '@once 2027-03-01T12:00';

/** A one-off at 2027-03-01 12:00 UTC, created the day before and due at its time. */
function task(policy: MisfirePolicy = 'once', overrides: Partial<TaskTiming> = {}): TaskTiming {
  return {
    schedule: schedule(ONCE),
    timeZone: 'UTC',
    policy,
    nextRunAt: at('2027-03-01T12:00:00Z'),
    createdAt: at('2027-02-28T12:00:00Z'),
    ...overrides,
  };
}

describe('parseSchedule: @once', () => {
  test('Given a local date and time, When parsed, Then it is a once schedule in canonical form', () => {
    const parsed = parseSchedule('@ONCE  2027-03-01 12:00');
    expect(parsed.ok && parsed.schedule.kind).toBe('once');
    expect(parsed.ok && parsed.schedule.expression).toBe('@once 2027-03-01T12:00');
  });

  test('Given seconds, When parsed, Then they are kept', () => {
    expect(schedule('@once 2027-03-01T12:00:30').expression).toBe('@once 2027-03-01T12:00:30');
  });

  test.each([
    ['@once', 'a one-off schedule is @once followed by a local date and time'],
    ['@once tomorrow', 'a one-off schedule is @once followed by a local date and time'],
    ['@once 2027-02-30T12:00', 'no such date'],
    ['@once 2027-13-01T12:00', 'no such date'],
    ['@once 2027-03-01T24:00', 'no such time of day'],
    ['@once 1969-12-31T23:00', 'the year must be'],
  ])('Given %s, When parsed, Then it is refused naming the schedule: %s', (text, reason) => {
    const parsed = parseSchedule(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.field).toBe('schedule');
      expect(parsed.error.message).toContain(reason);
    }
  });
});

describe('nextSlot: @once', () => {
  test('Given a time before the one-off, When asked, Then its slot is the local time in the zone', () => {
    const slot = nextSlot(schedule(ONCE), 'Europe/Paris', at('2027-01-01T00:00:00Z'));
    expect(new Date(slot).toISOString()).toBe('2027-03-01T11:00:00.000Z');
  });

  test('Given the slot itself, When asked for the next, Then there is none (+Infinity)', () => {
    const slot = nextSlot(schedule(ONCE), 'UTC', at('2027-01-01T00:00:00Z'));
    expect(nextSlot(schedule(ONCE), 'UTC', slot)).toBe(Number.POSITIVE_INFINITY);
  });

  test('Given a time in the spring-forward gap, When asked, Then it runs as the gap ends', () => {
    const gap = schedule('@once 2027-03-14T02:30');
    const slot = nextSlot(gap, 'America/New_York', at('2027-03-01T00:00:00Z'));
    expect(new Date(slot).toISOString()).toBe('2027-03-14T07:00:00.000Z');
  });

  test('Given a time repeated by the fall-back overlap, When asked, Then it runs at its first occurrence only', () => {
    const repeated = schedule('@once 2027-11-07T01:30');
    const first = nextSlot(repeated, 'America/New_York', at('2027-11-01T00:00:00Z'));
    expect(new Date(first).toISOString()).toBe('2027-11-07T05:30:00.000Z');
    expect(nextSlot(repeated, 'America/New_York', first)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('one-off tasks: first slot, misfire and enabling', () => {
  test('Given a one-off in the future, When created, Then its first slot is its time', () => {
    const first = firstSlotAfterCreation(schedule(ONCE), 'UTC', at('2027-02-01T00:00:00Z'));
    expect(first).toBe(at('2027-03-01T12:00:00Z'));
  });

  test('Given a one-off whose time has passed, When created, Then it has no slot (done)', () => {
    expect(firstSlotAfterCreation(schedule(ONCE), 'UTC', at('2027-03-02T00:00:00Z'))).toBeNull();
  });

  test.each(['once', 'skip', 'backfill'] as const)(
    'Given policy %s and its time just come, When due, Then it runs once and has no next slot',
    (policy) => {
      const plan = dueSlots(task(policy), at('2027-03-01T12:00:05Z'));
      expect(isos(plan.run)).toEqual(['2027-03-01T12:00:00.000Z']);
      expect(plan.nextRunAt).toBeNull();
      expect(plan.behind).toBe(false);
    }
  );

  test.each([
    ['once', ['2027-03-01T12:00:00.000Z']],
    ['backfill', ['2027-03-01T12:00:00.000Z']],
    ['skip', []],
  ] as const)(
    'Given policy %s and a day of downtime past its time, When woken, Then it runs %j and is done',
    (policy, expected) => {
      const plan = dueSlots(task(policy), at('2027-03-02T12:00:00Z'));
      expect(isos(plan.run)).toEqual(expected);
      expect(plan.nextRunAt).toBeNull();
    }
  );

  test('Given a done one-off, When enabled again, Then it stays done', () => {
    expect(
      nextRunAtOnEnable(task('once', { nextRunAt: null }), at('2027-03-05T00:00:00Z'))
    ).toBeNull();
    expect(
      nextRunAtOnEnable(task('backfill', { nextRunAt: null }), at('2027-03-05T00:00:00Z'))
    ).toBeNull();
  });
});

describe('previewSchedule: @once', () => {
  test('Given a one-off ahead, When previewed for five runs, Then it lists its one slot, described', () => {
    const preview = previewSchedule(ONCE, 'Europe/Paris', at('2027-01-01T00:00:00Z'), 5);
    expect(preview.valid && preview.next.map((slot) => slot.local)).toEqual([
      '2027-03-01 12:00:00',
    ]);
    expect(preview.valid && preview.kind).toBe('once');
    expect(preview.valid && preview.description).toBe('Once, on 2027-03-01 at 12:00');
    expect(preview.valid && preview.nextDstSlot).toBeNull();
  });

  test('Given a one-off already past, When previewed, Then no run is listed', () => {
    const preview = previewSchedule(ONCE, 'UTC', at('2027-04-01T00:00:00Z'), 5);
    expect(preview.valid && preview.next).toEqual([]);
  });

  test('Given French, When previewed, Then the description is French', () => {
    const preview = previewSchedule(ONCE, 'UTC', at('2027-01-01T00:00:00Z'), 1, { locale: 'fr' });
    expect(preview.valid && preview.description).toBe('Une fois, le 2027-03-01 à 12:00');
  });
});
