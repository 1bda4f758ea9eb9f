/**
 * What a task does with a slot that comes while its previous run is still going (its overlap
 * policy, issue 14): scheduling/overlap.ts, pure.
 */
import {
  overlapSkipMessage,
  overlapStep,
  parseSchedule,
  queuedSlot,
} from '../../../server/src/scheduling';
import type { TaskTiming } from '../../../server/src/scheduling';

const at = (iso: string) => Date.parse(iso);

/** A task every 10 minutes in UTC, created at midnight, due at 10:00, unless a test says otherwise. */
const task = (overrides: Partial<TaskTiming> = {}): TaskTiming => {
  const parsed = parseSchedule('*/10 * * * *');
  if (!parsed.ok) throw parsed.error;
  return {
    schedule: parsed.schedule,
    timeZone: 'UTC',
    policy: 'once',
    nextRunAt: at('2026-05-01T10:00:00Z'),
    createdAt: at('2026-05-01T00:00:00Z'),
    ...overrides,
  };
};

describe('overlapStep', () => {
  test('Given the skip policy, When the slot comes during a run, Then the slot is skipped and the schedule moves to the next slot', () => {
    expect(overlapStep('skip', task(), at('2026-05-01T10:00:01Z'))).toEqual({
      action: 'skip',
      slots: [at('2026-05-01T10:00:00Z')],
      nextRunAt: at('2026-05-01T10:10:00Z'),
    });
  });

  test('Given the skip policy and backfill, When two slots came during a run, Then both are skipped', () => {
    const step = overlapStep('skip', task({ policy: 'backfill' }), at('2026-05-01T10:10:01Z'));
    expect(step).toEqual({
      action: 'skip',
      slots: [at('2026-05-01T10:00:00Z'), at('2026-05-01T10:10:00Z')],
      nextRunAt: at('2026-05-01T10:20:00Z'),
    });
  });

  test('Given the skip policy and a misfire policy that would drop the slot, When it comes during a run, Then the due slot is still the one skipped', () => {
    const late = at('2026-05-01T10:05:00Z');
    const step = overlapStep('skip', task({ policy: 'skip', skipThresholdMs: 1000 }), late);
    expect(step).toEqual({
      action: 'skip',
      slots: [at('2026-05-01T10:00:00Z')],
      nextRunAt: at('2026-05-01T10:10:00Z'),
    });
  });

  test('Given the queue policy, When the slot comes during a run, Then it waits for the run', () => {
    expect(overlapStep('queue', task(), at('2026-05-01T10:00:01Z'))).toEqual({ action: 'wait' });
  });

  test('Given the replace policy, When the slot comes during a run, Then the run is to be replaced', () => {
    expect(overlapStep('replace', task(), at('2026-05-01T10:00:01Z'))).toEqual({
      action: 'replace',
    });
  });
});

describe('queuedSlot', () => {
  test('Given no slot came during the run, When it ends, Then nothing is queued', () => {
    expect(queuedSlot(task(), at('2026-05-01T09:59:00Z'), at('2026-05-01T09:59:59Z'))).toBeNull();
  });

  test('Given a task with no slot left, When its run ends, Then nothing is queued', () => {
    const begun = at('2026-05-01T09:55:00Z');
    expect(queuedSlot(task({ nextRunAt: null }), begun, at('2026-05-01T10:30:00Z'))).toBeNull();
  });

  test('Given three slots came during the run, When it ends, Then only the latest runs and the schedule moves past it', () => {
    const begun = at('2026-05-01T09:55:00Z');
    expect(queuedSlot(task({ policy: 'backfill' }), begun, at('2026-05-01T10:25:00Z'))).toEqual({
      slot: at('2026-05-01T10:20:00Z'),
      nextRunAt: at('2026-05-01T10:30:00Z'),
    });
  });

  test('Given the skip misfire policy, When a slot waited longer than its threshold, Then it still runs', () => {
    const timing = task({ policy: 'skip', skipThresholdMs: 1000 });
    expect(queuedSlot(timing, at('2026-05-01T09:55:00Z'), at('2026-05-01T10:05:00Z'))).toEqual({
      slot: at('2026-05-01T10:00:00Z'),
      nextRunAt: at('2026-05-01T10:10:00Z'),
    });
  });

  test('Given slots already due when the run began (a backlog), When it ends, Then none is queued: the misfire policy has them', () => {
    const backlog = task({ policy: 'backfill', nextRunAt: at('2026-05-01T10:00:00Z') });
    expect(queuedSlot(backlog, at('2026-05-01T10:25:00Z'), at('2026-05-01T10:40:00Z'))).toBeNull();
  });
});

describe('overlapSkipMessage', () => {
  test('Given the holder and its slot, When a slot is skipped, Then the message names both and the policy', () => {
    expect(overlapSkipMessage('web-1:42:abc', at('2026-05-01T09:50:00Z'))).toBe(
      'the previous run of this task (slot 2026-05-01T09:50:00.000Z) was still going on web-1:42:abc; the overlap policy is skip'
    );
  });
});
