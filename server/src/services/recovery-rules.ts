/**
 * Recovery: what a wake-up does with a task whose holder stopped renewing its lease (it died, or
 * lost the database for longer than the lease): how the runs it left `running` end, which slots
 * it owes, and what the task's row says afterwards. Pure: no clock, no database; the caller reads
 * the rows and passes `now`.
 */
import type { RunStatus, RunTrigger } from '../constants';
import { nextSlot, type Schedule } from '../scheduling';
import { countFailedSlot, countRun, type FailureCounts } from './auto-pause-rules';
import { retryAfterGivingUp, type RetryState } from './retry-rules';

/** What the rules need of a run found `running` (or of a slot's last attempt). */
export interface FoundRun {
  slot: number | null;
  attempt: number;
  status: RunStatus;
  startedAt: number | null;
  cancelRequestedAt: number | null;
}

/** Why the runs of the dead holder stopped, as their records say. */
export const expiredLeaseMessage = (
  lease: { leaseOwner: string | null; leaseExpiresAt: number | null },
  now: number
): string =>
  `instance ${lease.leaseOwner} stopped renewing its lease (expired at ${new Date(
    lease.leaseExpiresAt ?? now
  ).toISOString()})`;

/**
 * How a run the dead holder left `running` ends: `cancelled` when someone had asked it to stop
 * (it is not run again), else `interrupted`. `cancelReason` says who asked.
 */
export const staleRunEnding = (
  run: Pick<FoundRun, 'startedAt' | 'cancelRequestedAt'>,
  { now, expired, cancelReason }: { now: number; expired: string; cancelReason: string }
) => {
  const asked = run.cancelRequestedAt !== null;
  return {
    status: (asked ? 'cancelled' : 'interrupted') as RunStatus,
    finishedAt: now,
    durationMs: run.startedAt === null ? null : now - run.startedAt,
    error: asked
      ? { name: 'Cancelled', message: `${cancelReason}; ${expired}` }
      : { name: 'Interrupted', message: expired },
  };
};

/**
 * The interrupted run whose slot may be owed another attempt: the latest scheduled run the holder
 * left running that nobody asked to stop; null when there is none.
 */
export const interruptedRunOf = <R extends FoundRun>(stale: ReadonlyArray<R>): R | null =>
  stale.filter((run) => run.slot !== null && run.cancelRequestedAt === null).at(-1) ?? null;

/**
 * A recovery the database cut short (after it recorded the run interrupted, before it ran the
 * slot again) left nothing running: the slot's last attempt says what is owed, if it was
 * interrupted.
 */
export const owedByLastAttempt = <R extends FoundRun>(latest: R | null): R | null =>
  latest?.status === 'interrupted' ? latest : null;

/**
 * Whether the task may run anything from the recovery: enabled and not paused, as the wake-up
 * found it and as it is now (read again), and the maintenance hold off. A task that may not drops
 * the slots its holder owed; enabling or resuming it moves the schedule on.
 */
export const mayRunOnRecovery = ({
  found,
  fresh,
  held,
}: {
  found: { enabled: boolean };
  fresh: { enabled?: boolean | null; pausedAt?: unknown } | null;
  held: boolean;
}): boolean =>
  Boolean(fresh?.enabled) && found.enabled && (fresh?.pausedAt ?? null) === null && !held;

/**
 * The slots the dead holder's claim took: the slot it last announced and, for a backfill, the
 * rest of the batch (the slots before the next one the claim stored, at most `backfillCap`).
 * Those with a run record have started; the others are owed (the caller filters them).
 */
export const claimedSlots = (
  task: {
    leaseSlot: number | null;
    misfirePolicy: string;
    nextRunAt: number | null;
    timezone: string;
  },
  schedule: Schedule,
  backfillCap: number
): number[] => {
  if (task.leaseSlot === null) return [];
  const claimed = [task.leaseSlot];
  if (task.misfirePolicy === 'backfill' && task.nextRunAt !== null) {
    let slot = nextSlot(schedule, task.timezone, task.leaseSlot);
    while (slot < task.nextRunAt && claimed.length < backfillCap) {
      claimed.push(slot);
      slot = nextSlot(schedule, task.timezone, slot);
    }
  }
  return claimed;
};

export interface OwedSlot {
  slot: number | null;
  attempt: number;
  trigger: RunTrigger;
}

/** What the recovery does once it has recorded the holder's runs as they ended. */
export type RecoveryPlan =
  /** Run these slots under the recovered lease, as a batch (retries and counts as usual). */
  | { kind: 'run'; slots: OwedSlot[] }
  /** The holder's run was cancelled: the slot is done and the counts stay as they were. */
  | { kind: 'cancelled' }
  /** Nothing was running and nothing is owed: only the lease goes. */
  | { kind: 'release' }
  /**
   * The interrupted slot is not attempted again: it failed. `slotFailed` says whether a slot is
   * counted (and may pause the task); `fields` is what the release writes.
   */
  | {
      kind: 'failed';
      slotFailed: boolean;
      failedSlots: number;
      fields: FailureCounts & { lastStatus: 'interrupted' } & Partial<RetryState>;
    };

/**
 * What the recovery owes: the interrupted slot's next attempt while it has attempts left (up to
 * `maxAttempts`), then the slots the holder claimed and never started, as first attempts; none of
 * them when the task may not run now.
 */
export const planRecovery = ({
  task,
  runnable,
  interrupted,
  unstarted,
  staleCount,
  cancelledCount,
  maxAttempts,
  trigger,
}: {
  task: FailureCounts & { retrySlot: number | null };
  runnable: boolean;
  interrupted: Pick<FoundRun, 'slot' | 'attempt'> | null;
  unstarted: ReadonlyArray<number>;
  staleCount: number;
  cancelledCount: number;
  maxAttempts: number;
  trigger: RunTrigger;
}): RecoveryPlan => {
  const again =
    runnable && interrupted && interrupted.attempt < maxAttempts
      ? [{ slot: interrupted.slot, attempt: interrupted.attempt + 1, trigger }]
      : [];
  const owed = runnable ? unstarted.map((slot) => ({ slot, attempt: 1, trigger })) : [];
  const slots = [...again, ...owed];
  if (slots.length > 0) return { kind: 'run', slots };
  if (!interrupted && cancelledCount > 0) return { kind: 'cancelled' };
  if (staleCount === 0 && !interrupted) return { kind: 'release' };
  const before: FailureCounts = {
    consecutiveFailures: task.consecutiveFailures,
    consecutiveFailedSlots: task.consecutiveFailedSlots,
  };
  const afterRun = countRun(before, 'interrupted').counts;
  const counts = interrupted ? countFailedSlot(afterRun) : afterRun;
  return {
    kind: 'failed',
    slotFailed: interrupted !== null,
    failedSlots: counts.consecutiveFailedSlots,
    fields: {
      lastStatus: 'interrupted',
      ...counts,
      ...retryAfterGivingUp(task.retrySlot, interrupted?.slot ?? null),
    },
  };
};
