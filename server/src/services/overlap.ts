import type { Core } from '@strapi/strapi';
import type { RunTrigger } from '../constants';
import { overlapSkipMessage, overlapStep } from '../scheduling';
import { getService } from '../utils/get-service';
import { getPluginConfig } from '../utils/plugin-config';
import { REPLACED_REASON, stopHold, type BoundedCall, type Hold } from './lease-hold';
import { lostOutcome, ranOutcome, type TaskOutcome } from './recovery';
import type { RunRecord } from './runs';
import { taskTiming } from './slots';
import type { TaskRecord } from './tasks';

/**
 * Slots that a wake-up does not run: skipped by the misfire policy, or come while the task's
 * previous run is still going (its overlap policy; the pure rules are scheduling/overlap.ts).
 * `queue` is the holder's to honour when its run ends (slot-batch.ts).
 */
export const createOverlaps = ({
  strapi,
  instanceId,
  call,
  holding,
}: {
  strapi: Core.Strapi;
  instanceId: string;
  call: BoundedCall;
  /** The lease this process holds on a task, if any. */
  holding: (taskId: number) => Hold | undefined;
}) => {
  const runs = () => getService(strapi, 'runs');

  /** A skipped slot's line in the history; a database that refuses it only costs the line. */
  const recordSkipped = async (
    task: TaskRecord,
    {
      slot,
      trigger,
      now,
      message,
    }: { slot: number; trigger: RunTrigger; now: number; message: string }
  ): Promise<RunRecord | undefined> => {
    try {
      return await call(
        runs().create({
          taskId: task.id,
          taskName: task.name,
          slot,
          attempt: 1,
          trigger,
          status: 'skipped',
          startedAt: now,
          finishedAt: now,
          durationMs: 0,
          driftMs: now - slot,
          instanceId,
          error: { name: 'Skipped', message },
        }),
        'recording a skipped slot'
      );
    } catch (error) {
      strapi.log.warn(`[maintenance] task ${task.id}: ${(error as Error).message}`);
      return undefined;
    }
  };

  /**
   * The `skip` misfire policy dropped the task's due slot (the wake-up came too late): it says
   * so in the history. The slot is dropped all the same if its line is not written.
   */
  const skipMissed = (task: TaskRecord, trigger: RunTrigger, now: number) => {
    const slot = task.nextRunAt as number;
    const { misfireThresholdMs } = getPluginConfig(strapi);
    return recordSkipped(task, {
      slot,
      trigger,
      now,
      message: `the wake-up came ${Math.round((now - slot) / 1000)} s after the slot, more than the ${Math.round(misfireThresholdMs / 1000)} s the skip policy allows`,
    });
  };

  /**
   * Tasks whose slot has come while their run is going, and whose policy acts on it now: held
   * by a live lease (an expired one is a take-over, findDue's), enabled and not paused.
   */
  const findOverlapping = async (now: number): Promise<TaskRecord[]> => {
    return call(getService(strapi, 'taskStore').findOverlapping(now), 'finding overlapping slots');
  };

  /**
   * The slot came while the previous run is going and the policy is skip: the schedule moves
   * past it (one caller wins) and the slot is recorded skipped, saying why. The holder's lease
   * is left alone: its run goes on.
   */
  const skipOverlapping = async (
    task: TaskRecord,
    trigger: RunTrigger,
    now: number
  ): Promise<TaskOutcome> => {
    if (task.nextRunAt === null) return lostOutcome(task);
    const step = overlapStep(task.overlap, taskTiming(task, getPluginConfig(strapi)), now);
    if (step.action !== 'skip') return lostOutcome(task);
    const moved = await call(
      getService(strapi, 'leases').skipHeld(task.id, task.nextRunAt, step.nextRunAt),
      'skipping a slot'
    );
    if (!moved) return lostOutcome(task);
    const message = overlapSkipMessage(task.leaseOwner, task.leaseSlot);
    let last: RunRecord | undefined;
    for (const slot of step.slots) {
      last = (await recordSkipped(task, { slot, trigger, now, message })) ?? last;
    }
    return last ? ranOutcome(task, last) : lostOutcome(task);
  };

  /**
   * The slot came while the previous run is going and the policy is replace: the holder is
   * asked to stop (one caller wins), through the database so that a holder on another instance
   * sees it when it renews its lease; a holder in this process is stopped at once. The slot
   * stays due and runs once the holder has recorded its run `replaced` and released the task.
   */
  const replaceOverlapping = async (task: TaskRecord, now: number): Promise<TaskOutcome> => {
    const leases = getService(strapi, 'leases');
    const asked = await call(leases.requestCancel(task.id, task.leaseFence, now), 'stopping a run');
    const own = holding(task.id);
    if (asked && own && own.lease.fence === task.leaseFence)
      stopHold(own, 'replaced', REPLACED_REASON);
    return lostOutcome(task);
  };

  /** What the task's overlap policy does with its slot that came while its run is going. */
  const handleOverlap = (task: TaskRecord, trigger: RunTrigger, now: number) =>
    task.overlap === 'replace'
      ? replaceOverlapping(task, now)
      : skipOverlapping(task, trigger, now);

  return { skipMissed, findOverlapping, handleOverlap };
};
