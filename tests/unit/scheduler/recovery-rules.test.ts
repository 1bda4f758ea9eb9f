import { parseSchedule, type Schedule } from '../../../server/src/scheduling';
import {
  claimedSlots,
  expiredLeaseMessage,
  interruptedRunOf,
  mayRunOnRecovery,
  owedByLastAttempt,
  planRecovery,
  staleRunEnding,
  type FoundRun,
} from '../../../server/src/services/recovery-rules';

const at = (iso: string) => Date.parse(iso);
const NOW = at('2027-03-01T10:00:30Z');
const SLOT = at('2027-03-01T10:00:00Z');
const hourly = (): Schedule => {
  const parsed = parseSchedule('0 * * * *');
  if (!parsed.ok) throw parsed.error;
  return parsed.schedule;
};

const running = (overrides: Partial<FoundRun> = {}): FoundRun => ({
  slot: SLOT,
  attempt: 1,
  status: 'running',
  startedAt: SLOT + 1000,
  cancelRequestedAt: null,
  ...overrides,
});

describe('how the dead holder runs end', () => {
  const expired = expiredLeaseMessage(
    { leaseOwner: 'node-a', leaseExpiresAt: at('2027-03-01T10:00:20Z') },
    NOW
  );

  test('Given a lease that expired, When its message is written, Then it names the holder and when the lease ran out', () => {
    expect(expired).toBe(
      'instance node-a stopped renewing its lease (expired at 2027-03-01T10:00:20.000Z)'
    );
  });

  test('Given a lease without an expiry, When its message is written, Then now stands for it', () => {
    expect(expiredLeaseMessage({ leaseOwner: 'node-a', leaseExpiresAt: null }, NOW)).toContain(
      'expired at 2027-03-01T10:00:30.000Z'
    );
  });

  test('Given a run nobody asked to stop, When it ends, Then it is interrupted now, with how long it ran', () => {
    expect(staleRunEnding(running(), { now: NOW, expired, cancelReason: 'unused' })).toEqual({
      status: 'interrupted',
      finishedAt: NOW,
      durationMs: NOW - (SLOT + 1000),
      error: { name: 'Interrupted', message: expired },
    });
  });

  test('Given a run someone asked to stop, When it ends, Then it is cancelled, saying who asked and why it never finished', () => {
    const asked = running({ cancelRequestedAt: SLOT + 5000 });
    const ending = staleRunEnding(asked, { now: NOW, expired, cancelReason: 'cancelled by X' });
    expect(ending.status).toBe('cancelled');
    expect(ending.error).toEqual({ name: 'Cancelled', message: `cancelled by X; ${expired}` });
  });

  test('Given a run that never started, When it ends, Then it has no duration', () => {
    const ending = staleRunEnding(running({ startedAt: null }), {
      now: NOW,
      expired,
      cancelReason: '',
    });
    expect(ending.durationMs).toBeNull();
  });
});

describe('which run is owed another attempt', () => {
  test('Given several runs left running, When the owed one is picked, Then it is the latest scheduled one nobody asked to stop', () => {
    const first = running({ slot: SLOT - 3_600_000 });
    const second = running();
    const cancelled = running({ slot: SLOT + 1, cancelRequestedAt: NOW });
    const manual = running({ slot: null });
    expect(interruptedRunOf([first, second, cancelled, manual])).toBe(second);
  });

  test('Given only runs someone asked to stop, When the owed one is picked, Then there is none', () => {
    expect(interruptedRunOf([running({ cancelRequestedAt: NOW })])).toBeNull();
  });

  test('Given nothing running and the slot last attempt interrupted (a recovery cut short), Then that attempt is owed', () => {
    const latest = running({ status: 'interrupted' });
    expect(owedByLastAttempt(latest)).toBe(latest);
  });

  test.each(['succeeded', 'failed', 'cancelled'] as const)(
    'Given nothing running and the slot last attempt %s, Then nothing is owed',
    (status) => {
      expect(owedByLastAttempt(running({ status }))).toBeNull();
    }
  );

  test('Given nothing running and no attempt of the slot, Then nothing is owed', () => {
    expect(owedByLastAttempt(null)).toBeNull();
  });
});

describe('whether the task may run now', () => {
  const on = { enabled: true, pausedAt: null };

  test('Given a task enabled and not paused, found so and still so, without the hold, Then it may run', () => {
    expect(mayRunOnRecovery({ found: { enabled: true }, fresh: on, held: false })).toBe(true);
  });

  test('Given a task disabled since the wake-up found it, Then it may not', () => {
    const fresh = { enabled: false, pausedAt: null };
    expect(mayRunOnRecovery({ found: { enabled: true }, fresh, held: false })).toBe(false);
  });

  test('Given a task found disabled, Then it may not', () => {
    expect(mayRunOnRecovery({ found: { enabled: false }, fresh: on, held: false })).toBe(false);
  });

  test('Given a task paused since, Then it may not', () => {
    const fresh = { enabled: true, pausedAt: '1764000000000' };
    expect(mayRunOnRecovery({ found: { enabled: true }, fresh, held: false })).toBe(false);
  });

  test('Given a task whose row is gone, Then it may not', () => {
    expect(mayRunOnRecovery({ found: { enabled: true }, fresh: null, held: false })).toBe(false);
  });

  test('Given the maintenance hold on, Then it may not', () => {
    expect(mayRunOnRecovery({ found: { enabled: true }, fresh: on, held: true })).toBe(false);
  });
});

describe('the slots the dead holder claimed', () => {
  const task = {
    leaseSlot: SLOT,
    misfirePolicy: 'backfill',
    nextRunAt: SLOT + 3 * 3_600_000,
    timezone: 'UTC',
  };

  test('Given no slot on the lease (a manual run), Then it claimed none', () => {
    expect(claimedSlots({ ...task, leaseSlot: null }, hourly(), 10)).toEqual([]);
  });

  test('Given a once or skip task, Then it claimed the slot on its lease only', () => {
    expect(claimedSlots({ ...task, misfirePolicy: 'once' }, hourly(), 10)).toEqual([SLOT]);
  });

  test('Given a backfill, Then it claimed every slot up to the next one it stored', () => {
    expect(claimedSlots(task, hourly(), 10)).toEqual([
      SLOT,
      SLOT + 3_600_000,
      SLOT + 2 * 3_600_000,
    ]);
  });

  test('Given a backfill, When more slots lie before the next one than the cap, Then at most the cap are claimed', () => {
    expect(claimedSlots(task, hourly(), 2)).toEqual([SLOT, SLOT + 3_600_000]);
  });

  test('Given a backfill whose schedule is done (no next slot), Then it claimed the slot on its lease only', () => {
    expect(claimedSlots({ ...task, nextRunAt: null }, hourly(), 10)).toEqual([SLOT]);
  });
});

describe('the plan', () => {
  const base = {
    task: { consecutiveFailures: 1, consecutiveFailedSlots: 1, retrySlot: null },
    runnable: true,
    interrupted: { slot: SLOT, attempt: 1 },
    unstarted: [] as number[],
    staleCount: 1,
    cancelledCount: 0,
    maxAttempts: 3,
    trigger: 'timer' as const,
  };

  test('Given an interrupted slot with attempts left, When planned, Then its next attempt runs', () => {
    expect(planRecovery(base)).toEqual({
      kind: 'run',
      slots: [{ slot: SLOT, attempt: 2, trigger: 'timer' }],
    });
  });

  test('Given an interrupted slot and slots never started, When planned, Then the next attempt runs first, then the others as first attempts', () => {
    const later = SLOT + 3_600_000;
    expect(planRecovery({ ...base, unstarted: [later] })).toEqual({
      kind: 'run',
      slots: [
        { slot: SLOT, attempt: 2, trigger: 'timer' },
        { slot: later, attempt: 1, trigger: 'timer' },
      ],
    });
  });

  test('Given the interrupted slot at its last attempt, When planned, Then it has failed: counted, the failure added, the status interrupted', () => {
    expect(planRecovery({ ...base, interrupted: { slot: SLOT, attempt: 3 } })).toEqual({
      kind: 'failed',
      slotFailed: true,
      failedSlots: 2,
      fields: { lastStatus: 'interrupted', consecutiveFailures: 2, consecutiveFailedSlots: 2 },
    });
  });

  test('Given the last attempt interrupted and a retry pending for that slot, When planned, Then the retry is cleared', () => {
    const task = { ...base.task, retrySlot: SLOT };
    const plan = planRecovery({ ...base, task, interrupted: { slot: SLOT, attempt: 3 } });
    expect(plan).toMatchObject({
      kind: 'failed',
      fields: { retryAt: null, retrySlot: null, retryAttempt: null },
    });
  });

  test('Given the task may not run now, When planned, Then nothing runs and the interrupted slot has failed', () => {
    const plan = planRecovery({ ...base, runnable: false, unstarted: [SLOT + 1] });
    expect(plan).toMatchObject({ kind: 'failed', slotFailed: true });
  });

  test('Given only a cancelled run, When planned, Then the slot is done and nothing is counted', () => {
    expect(planRecovery({ ...base, interrupted: null, cancelledCount: 1 })).toEqual({
      kind: 'cancelled',
    });
  });

  test('Given nothing was running and nothing is owed, When planned, Then only the lease goes', () => {
    expect(planRecovery({ ...base, interrupted: null, staleCount: 0 })).toEqual({
      kind: 'release',
    });
  });

  test('Given only slots never started, When planned, Then they run as first attempts', () => {
    expect(planRecovery({ ...base, interrupted: null, staleCount: 0, unstarted: [SLOT] })).toEqual({
      kind: 'run',
      slots: [{ slot: SLOT, attempt: 1, trigger: 'timer' }],
    });
  });

  test('Given a manual run left running (not owed), When planned, Then a failure is counted but no failed slot', () => {
    expect(planRecovery({ ...base, interrupted: null })).toEqual({
      kind: 'failed',
      slotFailed: false,
      failedSlots: 1,
      fields: { lastStatus: 'interrupted', consecutiveFailures: 2, consecutiveFailedSlots: 1 },
    });
  });
});
