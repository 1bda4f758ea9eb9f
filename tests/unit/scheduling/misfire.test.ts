import {
  DEFAULT_SKIP_THRESHOLD_MS,
  dueSlots,
  firstSlotAfterCreation,
  nextRunAtOnEnable,
  nextSlotInWindow,
  parseSchedule,
} from '../../../server/src/scheduling';
import type { Schedule, TaskTiming } from '../../../server/src/scheduling';

const at = (iso: string) => Date.parse(iso);
const isos = (slots: readonly number[]) => slots.map((slot) => new Date(slot).toISOString());
const iso = (slot: number | null) => (slot === null ? null : new Date(slot).toISOString());

function schedule(expression: string): Schedule {
  const parsed = parseSchedule(expression);
  if (!parsed.ok) throw parsed.error;
  return parsed.schedule;
}

/** An hourly task in UTC created at midnight, due at 10:00, unless a test says otherwise. */
function task(overrides: Partial<TaskTiming> = {}): TaskTiming {
  return {
    schedule: schedule('0 * * * *'),
    timeZone: 'UTC',
    policy: 'once',
    nextRunAt: at('2026-05-01T10:00:00Z'),
    createdAt: at('2026-05-01T00:00:00Z'),
    ...overrides,
  };
}

describe('dueSlots: any policy', () => {
  test('Given nextRunAt in the future, When checked, Then nothing runs and nextRunAt is kept', () => {
    const result = dueSlots(task(), at('2026-05-01T09:59:59Z'));
    expect(result).toEqual({ run: [], nextRunAt: at('2026-05-01T10:00:00Z'), behind: false });
  });

  test('Given no nextRunAt (no slot left), When checked, Then nothing runs and none is scheduled', () => {
    expect(dueSlots(task({ nextRunAt: null }), at('2026-05-01T10:00:00Z'))).toEqual({
      run: [],
      nextRunAt: null,
      behind: false,
    });
  });

  test('Given a backfill cap of 0, When checked, Then a RangeError is thrown', () => {
    expect(() => dueSlots(task({ policy: 'backfill', backfillCap: 0 }), 0)).toThrow(RangeError);
  });

  test('Given a negative skip threshold, When checked, Then a RangeError is thrown', () => {
    expect(() => dueSlots(task({ skipThresholdMs: -1 }), 0)).toThrow(RangeError);
  });
});

describe('dueSlots: once', () => {
  test('Given a slot that just came due, When checked, Then it runs and the next slot follows it', () => {
    const result = dueSlots(task(), at('2026-05-01T10:00:05Z'));
    expect(isos(result.run)).toEqual(['2026-05-01T10:00:00.000Z']);
    expect(iso(result.nextRunAt)).toBe('2026-05-01T11:00:00.000Z');
  });

  test('Given several missed slots, When checked, Then only the latest runs and the next is after now', () => {
    const result = dueSlots(task(), at('2026-05-01T13:30:00Z'));
    expect(isos(result.run)).toEqual(['2026-05-01T13:00:00.000Z']);
    expect(iso(result.nextRunAt)).toBe('2026-05-01T14:00:00.000Z');
  });

  test('Given years of missed yearly slots, When checked, Then the latest is found without walking back', () => {
    const result = dueSlots(
      task({
        schedule: schedule('0 2 1 1 *'),
        nextRunAt: at('2020-01-01T02:00:00Z'),
        createdAt: at('2019-06-01T00:00:00Z'),
      }),
      at('2026-05-01T00:00:00Z')
    );
    expect(isos(result.run)).toEqual(['2026-01-01T02:00:00.000Z']);
    expect(iso(result.nextRunAt)).toBe('2027-01-01T02:00:00.000Z');
  });

  test('Given a stored nextRunAt the schedule no longer produces, When due, Then it still runs once', () => {
    const result = dueSlots(
      task({ schedule: schedule('0 12 * * *'), nextRunAt: at('2026-05-01T10:00:00Z') }),
      at('2026-05-01T10:30:00Z')
    );
    expect(isos(result.run)).toEqual(['2026-05-01T10:00:00.000Z']);
    expect(iso(result.nextRunAt)).toBe('2026-05-01T12:00:00.000Z');
  });
});

describe('dueSlots: skip', () => {
  test('Given the default threshold, When read, Then it is one minute', () => {
    expect(DEFAULT_SKIP_THRESHOLD_MS).toBe(60_000);
  });

  test('Given a slot late by less than the threshold, When checked, Then it runs', () => {
    const result = dueSlots(task({ policy: 'skip' }), at('2026-05-01T10:00:30Z'));
    expect(isos(result.run)).toEqual(['2026-05-01T10:00:00.000Z']);
    expect(iso(result.nextRunAt)).toBe('2026-05-01T11:00:00.000Z');
  });

  test('Given a slot late by more than the threshold, When checked, Then it is skipped and the next is after now', () => {
    const result = dueSlots(task({ policy: 'skip' }), at('2026-05-01T10:05:00Z'));
    expect(result.run).toEqual([]);
    expect(iso(result.nextRunAt)).toBe('2026-05-01T11:00:00.000Z');
  });

  test('Given missed slots whose latest is within the threshold, When checked, Then only the latest runs', () => {
    const result = dueSlots(task({ policy: 'skip' }), at('2026-05-01T13:00:20Z'));
    expect(isos(result.run)).toEqual(['2026-05-01T13:00:00.000Z']);
    expect(iso(result.nextRunAt)).toBe('2026-05-01T14:00:00.000Z');
  });

  test('Given a threshold of 0, When checked one millisecond late, Then the slot is skipped', () => {
    const late = dueSlots(
      task({ policy: 'skip', skipThresholdMs: 0 }),
      at('2026-05-01T10:00:00.001Z')
    );
    expect(late.run).toEqual([]);
  });

  test('Given a threshold of 0, When checked on the dot, Then the slot runs', () => {
    const onTime = dueSlots(
      task({ policy: 'skip', skipThresholdMs: 0 }),
      at('2026-05-01T10:00:00Z')
    );
    expect(isos(onTime.run)).toEqual(['2026-05-01T10:00:00.000Z']);
  });
});

describe('dueSlots: backfill', () => {
  test('Given missed slots under the cap, When checked, Then all run oldest first and the next is after the last', () => {
    const result = dueSlots(task({ policy: 'backfill' }), at('2026-05-01T13:30:00Z'));
    expect(isos(result.run)).toEqual([
      '2026-05-01T10:00:00.000Z',
      '2026-05-01T11:00:00.000Z',
      '2026-05-01T12:00:00.000Z',
      '2026-05-01T13:00:00.000Z',
    ]);
    expect(iso(result.nextRunAt)).toBe('2026-05-01T14:00:00.000Z');
    expect(result.behind).toBe(false);
  });

  test('Given more missed slots than the cap, When checked, Then the oldest run and the rest stay due', () => {
    const result = dueSlots(
      task({ policy: 'backfill', backfillCap: 3 }),
      at('2026-05-01T23:30:00Z')
    );
    expect(isos(result.run)).toEqual([
      '2026-05-01T10:00:00.000Z',
      '2026-05-01T11:00:00.000Z',
      '2026-05-01T12:00:00.000Z',
    ]);
    expect(iso(result.nextRunAt)).toBe('2026-05-01T13:00:00.000Z');
    expect(result.behind).toBe(true);
  });

  test('Given a capped backfill, When the next wake-up passes the stored nextRunAt, Then it carries on where it stopped', () => {
    const first = dueSlots(
      task({ policy: 'backfill', backfillCap: 3 }),
      at('2026-05-01T23:30:00Z')
    );
    const second = dueSlots(
      task({ policy: 'backfill', backfillCap: 3, nextRunAt: first.nextRunAt }),
      at('2026-05-01T23:31:00Z')
    );
    expect(isos(second.run)).toEqual([
      '2026-05-01T13:00:00.000Z',
      '2026-05-01T14:00:00.000Z',
      '2026-05-01T15:00:00.000Z',
    ]);
  });

  test('Given a nextRunAt older than the task, When backfilling, Then no slot at or before creation runs', () => {
    const result = dueSlots(
      task({ policy: 'backfill', createdAt: at('2026-05-01T12:00:00Z') }),
      at('2026-05-01T13:30:00Z')
    );
    expect(isos(result.run)).toEqual(['2026-05-01T13:00:00.000Z']);
  });

  test('Given missed fixed-time slots across spring-forward, When backfilling, Then the gap day runs at the gap end', () => {
    const result = dueSlots(
      task({
        policy: 'backfill',
        schedule: schedule('30 2 * * *'),
        timeZone: 'America/New_York',
        nextRunAt: at('2026-03-07T07:30:00Z'),
        createdAt: at('2026-03-01T00:00:00Z'),
      }),
      at('2026-03-09T12:00:00Z')
    );
    expect(isos(result.run)).toEqual([
      '2026-03-07T07:30:00.000Z', // 02:30 EST
      '2026-03-08T07:00:00.000Z', // 03:00 EDT, for the missing 02:30
      '2026-03-09T06:30:00.000Z', // 02:30 EDT
    ]);
  });
});

describe('active window', () => {
  test('Given a window that starts later, When a task is created, Then its first slot is the first at or after the start', () => {
    const first = firstSlotAfterCreation(schedule('0 * * * *'), 'UTC', at('2026-05-01T00:30:00Z'), {
      startAt: at('2026-05-01T05:10:00Z'),
    });
    expect(iso(first)).toBe('2026-05-01T06:00:00.000Z');
  });

  test('Given a window starting exactly on a slot, When asked, Then that slot is included', () => {
    const first = nextSlotInWindow(schedule('0 * * * *'), 'UTC', at('2026-05-01T00:30:00Z'), {
      startAt: at('2026-05-01T05:00:00Z'),
    });
    expect(iso(first)).toBe('2026-05-01T05:00:00.000Z');
  });

  test('Given a window ending before the next slot, When asked, Then there is no slot left', () => {
    const next = nextSlotInWindow(schedule('0 * * * *'), 'UTC', at('2026-05-01T10:00:00Z'), {
      endAt: at('2026-05-01T10:59:59Z'),
    });
    expect(next).toBeNull();
  });

  test('Given a window ending exactly on a slot, When asked, Then that slot is the last', () => {
    const next = nextSlotInWindow(schedule('0 * * * *'), 'UTC', at('2026-05-01T10:00:00Z'), {
      endAt: at('2026-05-01T11:00:00Z'),
    });
    expect(iso(next)).toBe('2026-05-01T11:00:00.000Z');
  });

  test('Given a backfill past the window end, When checked, Then slots stop at the end and none is scheduled', () => {
    const result = dueSlots(
      task({ policy: 'backfill', window: { endAt: at('2026-05-01T12:00:00Z') } }),
      at('2026-05-01T13:30:00Z')
    );
    expect(isos(result.run)).toEqual([
      '2026-05-01T10:00:00.000Z',
      '2026-05-01T11:00:00.000Z',
      '2026-05-01T12:00:00.000Z',
    ]);
    expect(result.nextRunAt).toBeNull();
  });

  test('Given once and a window that ended among the missed slots, When checked, Then the latest slot inside it runs', () => {
    const result = dueSlots(
      task({ window: { endAt: at('2026-05-01T11:30:00Z') } }),
      at('2026-05-01T13:30:00Z')
    );
    expect(isos(result.run)).toEqual(['2026-05-01T11:00:00.000Z']);
    expect(result.nextRunAt).toBeNull();
  });
});

describe('firstSlotAfterCreation', () => {
  test('Given a task created exactly on a slot, When scheduled, Then that slot is not its first', () => {
    const first = firstSlotAfterCreation(schedule('0 * * * *'), 'UTC', at('2026-05-01T02:00:00Z'));
    expect(iso(first)).toBe('2026-05-01T03:00:00.000Z');
  });

  test('Given a task created before a gap-shifted slot, When scheduled, Then its first slot is the gap end', () => {
    const first = firstSlotAfterCreation(
      schedule('30 2 * * *'),
      'America/New_York',
      at('2026-03-08T06:45:00Z') // 01:45 EST
    );
    expect(iso(first)).toBe('2026-03-08T07:00:00.000Z');
  });
});

describe('disabled, then enabled again', () => {
  const disabledAt10 = { nextRunAt: at('2026-05-01T10:00:00Z') };
  const enabledAt = at('2026-05-01T13:30:00Z');

  test('Given once, When re-enabled after missed slots, Then it resumes after now without replaying', () => {
    const timing = task({ ...disabledAt10, policy: 'once' });
    const nextRunAt = nextRunAtOnEnable(timing, enabledAt);
    expect(iso(nextRunAt)).toBe('2026-05-01T14:00:00.000Z');
    expect(dueSlots({ ...timing, nextRunAt }, enabledAt).run).toEqual([]);
  });

  test('Given skip, When re-enabled after missed slots, Then it resumes after now without replaying', () => {
    const timing = task({ ...disabledAt10, policy: 'skip' });
    expect(iso(nextRunAtOnEnable(timing, enabledAt))).toBe('2026-05-01T14:00:00.000Z');
  });

  test('Given backfill, When re-enabled after missed slots, Then the missed slots are replayed', () => {
    const timing = task({ ...disabledAt10, policy: 'backfill' });
    const nextRunAt = nextRunAtOnEnable(timing, enabledAt);
    expect(iso(nextRunAt)).toBe('2026-05-01T10:00:00.000Z');
    expect(isos(dueSlots({ ...timing, nextRunAt }, enabledAt).run)).toHaveLength(4);
  });

  test('Given once with a window that has ended, When re-enabled, Then no slot is left', () => {
    const timing = task({ ...disabledAt10, window: { endAt: at('2026-05-01T12:00:00Z') } });
    expect(nextRunAtOnEnable(timing, enabledAt)).toBeNull();
  });
});
