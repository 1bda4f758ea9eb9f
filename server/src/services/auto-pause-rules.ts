/**
 * Auto-pause: how a task counts its failures, what resets the counts, what never counts, and
 * when the count pauses the task. Pure: no clock (the caller passes `now`), no database.
 */
import { FAILED_RUN_STATUSES, type RunStatus } from '../constants';

export const FAILURE_STATUSES: ReadonlySet<RunStatus> = new Set(FAILED_RUN_STATUSES);

/** The longest pause reason stored (the column's size). */
export const PAUSED_REASON_LENGTH = 500;

/** A task's failure counts, as stored on its row. */
export interface FailureCounts {
  /** Runs in a row that failed, whatever their slot and attempt. */
  consecutiveFailures: number;
  /** Scheduled slots in a row whose last attempt failed (what the auto-pause counts). */
  consecutiveFailedSlots: number;
}

/** What a task's row stores when it pauses itself. */
export interface Pause {
  pausedAt: number;
  pausedReason: string;
}

/**
 * How one finished run moves the counts, before anyone knows whether its slot has failed for good
 * (that is `countFailedSlot`, once retries are decided).
 *
 * - `replaced` (a newer slot took over) and `cancelled` (someone asked it to stop): the slot is
 *   done and neither failed nor succeeded: the counts stay as they were.
 * - a failure (`failed`, `timed-out`, `memory-exceeded`, `killed`, `interrupted`): one more run
 *   failed in a row.
 * - `succeeded`: both counts start again from zero; `recoveredAfter` says how many failed slots
 *   it ends (null when there were none), for the "recovered" notification.
 * - anything else (`skipped`): the run did not fail, so the runs-in-a-row count starts again, but
 *   no slot succeeded either, so the failed slots stay counted.
 */
export const countRun = (
  counts: FailureCounts,
  status: RunStatus
): { counts: FailureCounts; recoveredAfter: number | null } => {
  if (status === 'replaced' || status === 'cancelled') return { counts, recoveredAfter: null };
  if (FAILURE_STATUSES.has(status)) {
    return {
      counts: { ...counts, consecutiveFailures: counts.consecutiveFailures + 1 },
      recoveredAfter: null,
    };
  }
  if (status === 'succeeded') {
    return {
      counts: { consecutiveFailures: 0, consecutiveFailedSlots: 0 },
      recoveredAfter: counts.consecutiveFailedSlots > 0 ? counts.consecutiveFailedSlots : null,
    };
  }
  return { counts: { ...counts, consecutiveFailures: 0 }, recoveredAfter: null };
};

/** A slot has failed for good (no retry left, or a newer slot abandoned its retry). */
export const countFailedSlot = (counts: FailureCounts): FailureCounts => ({
  ...counts,
  consecutiveFailedSlots: counts.consecutiveFailedSlots + 1,
});

/** The task's own threshold where it has one, else the plugin's; 0 or less never pauses. */
export const autoPauseThreshold = (
  task: { autoPauseAfter?: number | null },
  config: { autoPauseAfter: number }
): number => task.autoPauseAfter ?? config.autoPauseAfter;

/**
 * The pause to store once a task has failed `failedSlots` slots in a row, or null: none when the
 * threshold is off (0 or less) or not reached, or the task is paused already (the first pause
 * and its reason are kept). The reason names the count and, when known, how the last run ended.
 */
export const autoPause = ({
  failedSlots,
  threshold,
  pausedAt,
  lastRun,
  now,
}: {
  failedSlots: number;
  threshold: number;
  pausedAt: number | null;
  lastRun: { status: RunStatus; error: { message?: string } | null } | null;
  now: number;
}): Pause | null => {
  if (threshold <= 0 || failedSlots < threshold || pausedAt !== null) return null;
  const cause = lastRun
    ? `; last: ${lastRun.status}${lastRun.error?.message ? ` (${lastRun.error.message})` : ''}`
    : '';
  const reason = `paused after ${failedSlots} consecutive failed slots${cause}`;
  return { pausedAt: now, pausedReason: reason.slice(0, PAUSED_REASON_LENGTH) };
};
