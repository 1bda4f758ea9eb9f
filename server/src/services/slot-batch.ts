import type { Core } from '@strapi/strapi';
import { nextSlot, queuedSlot } from '../scheduling';
import { readEpoch } from '../utils/epoch';
import { getService } from '../utils/get-service';
import { getPluginConfig } from '../utils/plugin-config';
import {
  autoPause,
  autoPauseThreshold,
  countFailedSlot,
  countRun,
  FAILURE_STATUSES,
  type FailureCounts,
  type Pause,
} from './auto-pause-rules';
import type { BoundedCall } from './lease-hold';
import {
  abandonsRetry,
  afterFailedRun,
  NO_RETRY,
  retryPolicyOf,
  type RetryState,
} from './retry-rules';
import type { RunRecord } from './runs';
import {
  LeaseLostError,
  SlotAbandonedError,
  type ExecuteOptions,
  type Hold,
  type SlotRunner,
} from './slot-run';
import { taskSchedule, taskTiming } from './slots';
import type { TaskRecord } from './tasks';

type Slot = Omit<ExecuteOptions, 'dryRun' | 'requestedBy'>;

/**
 * A claimed batch of slots of one task, run one after another under one lease, and what the
 * release then writes on the task: its counters, a retry, a pause, and the notifications to send.
 */
export const createSlotBatches = ({
  strapi,
  call,
  slotRunner,
}: {
  strapi: Core.Strapi;
  call: BoundedCall;
  slotRunner: SlotRunner;
}) => {
  const runs = () => getService(strapi, 'runs');
  const notifications = () => getService(strapi, 'notifications');

  /**
   * A slot has failed for good (its last attempt failed, or a newer slot abandoned its retry):
   * counts it, and pauses the task when it has failed too many slots in a row. Returns what the
   * release writes and the notifications to send once it is written.
   */
  const slotFailed = (
    task: TaskRecord,
    run: RunRecord | null,
    failedSlots: number,
    now: number
  ): { paused: Pause | null; events: Array<() => void> } => {
    const events: Array<() => void> = [];
    if (run) {
      events.push(() =>
        notifications().runFailed(task, run, { consecutiveFailedSlots: failedSlots })
      );
    }
    const paused = autoPause({
      failedSlots,
      threshold: autoPauseThreshold(task, getPluginConfig(strapi)),
      pausedAt: task.pausedAt,
      lastRun: run,
      now,
    });
    if (paused) {
      events.push(() =>
        notifications().taskPaused(task, {
          pausedAt: now,
          reason: paused.pausedReason,
          consecutiveFailedSlots: failedSlots,
          run,
        })
      );
    }
    return { paused, events };
  };

  const send = (events: Array<() => void>) => {
    for (const event of events) event();
  };

  /**
   * Overlap `queue`: a slot that came while the batch ran starts now, under the same lease (one,
   * the latest, whatever the misfire policy: scheduling/overlap.ts), and the schedule moves past
   * it. Null when none came, the task was disabled or paused meanwhile, or the lease was lost.
   */
  const queuedAfter = async (
    task: TaskRecord,
    entry: Hold,
    ran: Slot,
    since: number,
    clock: () => number
  ) => {
    if (task.overlap !== 'queue' || ran.slot === null) return null;
    // No slot after the one just run has come yet: nothing can be waiting (no read needed).
    if (nextSlot(taskSchedule(task), task.timezone, ran.slot) > clock()) return null;
    const row = await call(
      getService(strapi, 'taskStore').pick({ id: task.id }, ['nextRunAt', 'enabled', 'pausedAt']),
      'reading a task'
    );
    if (!row?.enabled || row.pausedAt != null) return null;
    // The maintenance hold stops every scheduled run, a queued slot too: it stays due.
    if (getService(strapi, 'hold').isHeld()) return null;
    const config = getPluginConfig(strapi);
    const now = clock();
    const timing = taskTiming({ ...task, nextRunAt: readEpoch(row.nextRunAt) }, config);
    const queued = queuedSlot(timing, since, now);
    if (!queued) return null;
    const advance = getService(strapi, 'leases').advance(
      entry.lease,
      queued.slot,
      queued.nextRunAt
    );
    if (!(await call(advance, 'moving a schedule'))) return null;
    const onTime = ran.trigger === 'route' || ran.trigger === 'timer';
    const late = now - queued.slot > config.misfireThresholdMs;
    return {
      slot: queued.slot,
      attempt: 1,
      trigger: onTime && !late ? ran.trigger : ('catch-up' as const),
    };
  };

  /**
   * Runs scheduled slots one after another under one lease, then releases it with the task's new
   * counters. Stops early when the task reaches its maximum number of runs or pauses itself. When
   * the database fails a slot before it starts, the lease is left to expire instead (with the
   * counters of the slots already run): releasing it would drop the slots the claim took.
   *
   * A failed slot with retries left (only the last slot of a batch: a later slot supersedes an
   * earlier one) is not counted yet: a retry is stored for it, due after its delay, and the next
   * wake-up after that runs it as a new run record with attempt + 1. A scheduled slot claimed
   * while a retry is still pending for an earlier slot abandons that retry: the earlier slot has
   * failed.
   */
  const runSlotsAndRelease = async (
    task: TaskRecord,
    entry: Hold,
    slots: ReadonlyArray<Slot>,
    clock: () => number
  ) => {
    const retryPolicy = retryPolicyOf(task, getPluginConfig(strapi).retry);
    // Slots due after this are the batch's own overlaps (queue); those due before, a backlog.
    const since = clock();
    let { runCount } = task;
    let counts: FailureCounts = {
      consecutiveFailures: task.consecutiveFailures,
      consecutiveFailedSlots: task.consecutiveFailedSlots,
    };
    let retry: RetryState = NO_RETRY;
    let paused: Pause | null = null;
    const events: Array<() => void> = [];
    let last: RunRecord | undefined;
    let exhausted = false;
    /** The first slot of the batch left unrun because the maintenance hold came on. */
    let heldBack: number | null = null;
    const counters = () => ({
      ...(last ? { lastRunAt: last.startedAt, lastStatus: last.status } : {}),
      runCount,
      ...counts,
    });

    const countSlotFailed = (run: RunRecord | null) => {
      counts = countFailedSlot(counts);
      const outcome = slotFailed(task, run, counts.consecutiveFailedSlots, clock());
      events.push(...outcome.events);
      paused = paused ?? outcome.paused;
    };

    try {
      if (abandonsRetry(task.retrySlot, slots)) {
        const abandoned = runs().findLastForSlot(task.id, task.retrySlot as number);
        countSlotFailed(await call(abandoned, 'reading runs'));
      }
      const pending = [...slots];
      for (let slot = pending.shift(); slot && !paused; slot = pending.shift()) {
        last = await slotRunner.runOneSlot(task, entry, slot, clock);
        runCount += 1;
        // Stopped for a newer slot (overlap replace), which runs once the lease is released.
        if (last.status === 'replaced') break;
        const counted = countRun(counts, last.status);
        counts = counted.counts;
        if (counted.recoveredAfter !== null) {
          const run = last;
          const failedSlotsBefore = counted.recoveredAfter;
          events.push(() => notifications().taskRecovered(task, run, { failedSlotsBefore }));
        }
        if (FAILURE_STATUSES.has(last.status)) {
          const lastOfBatch = pending.length === 0;
          const verdict = afterFailedRun({ ...slot, lastOfBatch }, retryPolicy, clock());
          if (verdict.kind === 'retry') retry = verdict.retry;
          else if (verdict.kind === 'slot-failed') countSlotFailed(last);
        }
        if (task.maxRuns != null && runCount >= task.maxRuns) {
          exhausted = true;
          break;
        }
        if (pending.length === 0 && retry === NO_RETRY && !paused) {
          const queued = await queuedAfter(task, entry, slot, since, clock);
          if (queued) pending.push(queued);
        }
        // A backfill batch stops when the hold comes on; its slots not yet run stay due, for
        // the misfire policy to replay when the hold is lifted.
        if (pending.length > 0 && pending[0].slot !== null && getService(strapi, 'hold').isHeld()) {
          heldBack = pending[0].slot;
          break;
        }
      }
    } catch (error) {
      if (error instanceof LeaseLostError) {
        // Whoever took the task over speaks for it now; the release would find the fence moved.
        await slotRunner.release(entry);
        throw error;
      }
      await slotRunner.abandon(entry, clock, error, counters());
      throw error instanceof SlotAbandonedError ? error : new SlotAbandonedError(task.id, error);
    }
    const released = await slotRunner.release(entry, {
      ...counters(),
      ...retry,
      ...(paused ?? {}),
      ...(exhausted ? { nextRunAt: null } : heldBack !== null ? { nextRunAt: heldBack } : {}),
    });
    // Only the holder of the lease speaks for the task: a take-over would notify twice.
    if (released) send(events);
    return last;
  };

  return { slotFailed, send, runSlotsAndRelease };
};
