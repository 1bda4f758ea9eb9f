/**
 * Retries and backoff: whether a failed scheduled slot is tried again, when and as which attempt,
 * and when a pending retry is given up. Pure: no clock (the caller passes `now`), no database.
 */

/** What a task stores about a retry: none pending when all three are null. */
export interface RetryState {
  retryAt: number | null;
  retrySlot: number | null;
  retryAttempt: number | null;
}

export const NO_RETRY: RetryState = { retryAt: null, retrySlot: null, retryAttempt: null };

/** A task's retry settings, the plugin's defaults filled in. */
export interface RetryPolicy {
  /** How many times a failed slot is tried again (0: never). */
  retries: number;
  /** The delay before the first retry; it doubles for each attempt after. */
  backoffMs: number;
  /** The longest delay, whatever the attempt. */
  maxBackoffMs: number;
}

/** The task's own settings where it has them, else the plugin's. */
export const retryPolicyOf = (
  task: { retries?: number | null; retryBackoffMs?: number | null },
  config: { backoffMs: number; maxBackoffMs: number }
): RetryPolicy => ({
  retries: task.retries ?? 0,
  backoffMs: task.retryBackoffMs ?? config.backoffMs,
  maxBackoffMs: config.maxBackoffMs,
});

/** The delay before attempt `attempt + 1`: the base doubled per failed attempt, capped. */
export const retryDelay = (base: number, attempt: number, maxBackoffMs: number): number =>
  Math.min(base * 2 ** Math.max(0, attempt - 1), maxBackoffMs);

/** What a failed run means for its slot. */
export type FailedRunVerdict =
  /** The slot is tried again: this is stored on the task. */
  | { kind: 'retry'; retry: RetryState }
  /** The slot has failed for good: it counts towards the auto-pause. */
  | { kind: 'slot-failed' }
  /** A run outside the schedule (no slot): nothing to retry, nothing to count. */
  | { kind: 'unscheduled' };

/**
 * What follows attempt `attempt` of a slot that failed. Only the last slot of a batch is retried:
 * a later slot of the same batch supersedes an earlier one, which has then failed for good.
 */
export const afterFailedRun = (
  failed: { slot: number | null; attempt: number; lastOfBatch: boolean },
  policy: RetryPolicy,
  now: number
): FailedRunVerdict => {
  if (failed.slot === null) return { kind: 'unscheduled' };
  if (!failed.lastOfBatch || failed.attempt > policy.retries) return { kind: 'slot-failed' };
  return {
    kind: 'retry',
    retry: {
      retryAt: now + retryDelay(policy.backoffMs, failed.attempt, policy.maxBackoffMs),
      retrySlot: failed.slot,
      retryAttempt: failed.attempt + 1,
    },
  };
};

/**
 * Whether a claimed batch gives up the retry the task has pending: it does when the batch starts
 * with another slot (a newer scheduled slot came before the retry ran), and then the retried
 * slot has failed for good. A batch that starts with the retried slot is the retry itself.
 */
export const abandonsRetry = (
  pendingSlot: number | null,
  batch: ReadonlyArray<{ slot: number | null }>
): boolean => pendingSlot !== null && batch.length > 0 && batch[0].slot !== pendingSlot;

/**
 * What happens to a pending retry when the slot it is for fails for good by other means (its run
 * was interrupted and has no attempt left): it is cleared; a retry for another slot is kept.
 */
export const retryAfterGivingUp = (
  pendingSlot: number | null,
  givenUpSlot: number | null
): Partial<RetryState> => (givenUpSlot !== null && pendingSlot === givenUpSlot ? NO_RETRY : {});
