import type { Core } from '@strapi/strapi';
import { UIDS, type RunStatus, type RunTrigger } from '../constants';
import { getService } from '../utils/get-service';
import { getPluginConfig } from '../utils/plugin-config';
import type { Pause } from './auto-pause-rules';
import type { RunRecord } from './runs';
import { taskSchedule } from './slots';
import {
  claimedSlots,
  expiredLeaseMessage,
  interruptedRunOf,
  mayRunOnRecovery,
  owedByLastAttempt,
  planRecovery,
  staleRunEnding,
} from './recovery-rules';
import { cancelReason } from './run-execution';
import { SlotAbandonedError, type ExecuteOptions, type Hold, type SlotRunner } from './slot-run';
import type { TaskRecord } from './tasks';

/** What a wake-up did for one task (scheduler.ts). */
export interface TaskOutcome {
  taskId: number;
  taskName: string;
  /**
   * `lost`: this wake-up ran nothing for the task: another caller claimed it first, or its window
   * closed before the due slot.
   */
  outcome: RunStatus | 'lost';
  runId?: number;
  slot?: number | null;
}

export const lostOutcome = (task: TaskRecord): TaskOutcome => ({
  taskId: task.id,
  taskName: task.name,
  outcome: 'lost',
});

export const ranOutcome = (task: TaskRecord, run: RunRecord): TaskOutcome => ({
  taskId: task.id,
  taskName: task.name,
  outcome: run.status,
  runId: run.id,
  slot: run.slot,
});

type Slots = ReadonlyArray<Omit<ExecuteOptions, 'dryRun' | 'requestedBy'>>;

export interface RecoveryDeps {
  strapi: Core.Strapi;
  instanceId: string;
  call: <T>(work: Promise<T>, what: string, ms?: number) => Promise<T>;
  slotRunner: SlotRunner;
  runSlotsAndRelease: (
    task: TaskRecord,
    entry: Hold,
    slots: Slots,
    clock: () => number
  ) => Promise<RunRecord | undefined>;
  /** A slot failed for good: what the release writes and the notifications to send after. */
  slotFailed: (
    task: TaskRecord,
    run: RunRecord | null,
    failedSlots: number,
    now: number
  ) => { paused: Pause | null; events: Array<() => void> };
  send: (events: Array<() => void>) => void;
}

/** Taking over the tasks of a holder that stopped renewing its lease, and runs nobody finishes. */
export const createRecovery = (deps: RecoveryDeps) => {
  const { strapi, instanceId, call, slotRunner } = deps;
  const leases = () => getService(strapi, 'leases');
  const runs = () => getService(strapi, 'runs');
  const store = () => getService(strapi, 'taskStore');
  const maxAttempts = () => getPluginConfig(strapi).maxAttempts;

  /**
   * The slots a holder claimed and never started, because it lost its lease first (see
   * runOneSlot) or died between slots (recovery-rules.ts, claimedSlots), less those with a run
   * record.
   */
  const unstartedSlots = async (task: TaskRecord): Promise<number[]> => {
    if (task.leaseSlot === null) return [];
    const claimed = claimedSlots(task, taskSchedule(task), getPluginConfig(strapi).backfillCap);
    const recorded = (await call(
      strapi.db.query(UIDS.run).findMany({
        where: { taskId: task.id, slot: { $in: claimed } },
        select: ['slot'],
      }),
      'reading runs'
    )) as Array<{ slot: unknown }>;
    const started = new Set(recorded.map((row) => Number(row.slot)));
    return claimed.filter((slot) => !started.has(slot));
  };

  /**
   * What the dead holder left: its runs recorded interrupted (or cancelled, those someone asked
   * to stop: they are not run again), and what is still to run.
   */
  const assess = async (task: TaskRecord, now: number) => {
    const stale = await call(runs().findRunning(task.id), 'reading runs');
    const expired = expiredLeaseMessage(task, now);
    const cancelled: RunRecord[] = [];
    for (const run of stale) {
      const reason = cancelReason(run.cancelRequestedBy);
      const ending = staleRunEnding(run, { now, expired, cancelReason: reason });
      const recorded = await call(runs().finish(run.id, ending), 'recording a run interrupted');
      if (ending.status === 'cancelled' && recorded) cancelled.push({ ...run, ...ending });
    }
    let last = interruptedRunOf(stale);
    if (!last && task.leaseSlot !== null) {
      const latest = await call(runs().findLastForSlot(task.id, task.leaseSlot), 'reading runs');
      last = owedByLastAttempt(latest);
    }
    // The row is read again, since it may have changed since the wake-up found it; the claim
    // kept anyone else from changing its schedule since.
    const fresh = await call(
      store().pick({ id: task.id }, ['enabled', 'pausedAt']),
      'reading a task'
    );
    const runnable = mayRunOnRecovery({
      found: task,
      fresh,
      held: getService(strapi, 'hold').isHeld(),
    });
    const unstarted = runnable ? await unstartedSlots(task) : [];
    const interrupted = last ? await call(runs().findOne(last.id), 'reading a run') : null;
    return { stale, cancelled, last, runnable, unstarted, interrupted };
  };

  /** A holder died: record its run as interrupted and attempt the slot again, up to maxAttempts. */
  const recover = async (
    task: TaskRecord,
    trigger: RunTrigger,
    clock: () => number
  ): Promise<TaskOutcome> => {
    const now = clock();
    const lease = await call(
      leases().claim({
        taskId: task.id,
        observedFence: task.leaseFence,
        owner: instanceId,
        now,
        leaseMs: getPluginConfig(strapi).leaseMs,
        slot: task.leaseSlot,
      }),
      'claiming a task'
    );
    if (!lease) return lostOutcome(task);
    const entry = slotRunner.hold(lease, clock, task);
    let found;
    try {
      found = await assess(task, now);
    } catch (error) {
      await slotRunner.abandon(entry, clock, error);
      throw new SlotAbandonedError(task.id, error);
    }
    const { stale, cancelled, last, runnable, unstarted, interrupted } = found;
    const notifyCancelled = () => {
      for (const run of cancelled) getService(strapi, 'notifications').runCancelled(task, run);
    };
    const plan = planRecovery({
      task,
      runnable,
      interrupted: last,
      unstarted,
      staleCount: stale.length,
      cancelledCount: cancelled.length,
      maxAttempts: maxAttempts(),
      trigger,
    });
    if (plan.kind === 'run') {
      const ran = (await deps.runSlotsAndRelease(task, entry, plan.slots, clock)) as RunRecord;
      notifyCancelled();
      return ranOutcome(task, ran);
    }
    if (plan.kind === 'cancelled') {
      const released = await slotRunner.release(entry, { lastStatus: 'cancelled' });
      if (released) notifyCancelled();
      return ranOutcome(task, cancelled[cancelled.length - 1]);
    }
    if (plan.kind === 'release') {
      await slotRunner.release(entry);
      return lostOutcome(task);
    }
    const outcome = plan.slotFailed
      ? deps.slotFailed(task, interrupted, plan.failedSlots, now)
      : { paused: null, events: [] };
    const released = await slotRunner.release(entry, { ...plan.fields, ...(outcome.paused ?? {}) });
    if (released) deps.send(outcome.events);
    return {
      taskId: task.id,
      taskName: task.name,
      outcome: 'interrupted',
      slot: last?.slot ?? null,
    };
  };

  /**
   * Runs left `running` while nobody holds their task's lease: the instance that ran them let the
   * lease go without recording how they ended (a plugin version before this rule, or an insert
   * that reached the database after its slot had been given up and recovered). Nothing will ever
   * finish them; they are recorded interrupted. Runs of a held lease are its holder's, or its
   * recoverer's, and are left alone.
   */
  const sweepOrphans = async (now: number) => {
    const freeTasks = (where: Record<string, unknown>) =>
      call(store().freeIds(where), 'reading tasks');
    const running = await call(runs().findRunningOf(await freeTasks({})), 'reading runs');
    if (running.length === 0) return 0;
    // Read again: a task claimed meanwhile has a holder whose new run may be in the list.
    const stillFree = new Set(
      await freeTasks({ id: { $in: [...new Set(running.map((run) => run.taskId))] } })
    );
    const orphans = running.filter((run) => stillFree.has(run.taskId)).map((run) => run.id);
    return call(
      runs().interrupt(orphans, {
        finishedAt: now,
        error: {
          name: 'Interrupted',
          message:
            'found running while nobody held its task: the instance that ran it let the task go without recording how the run ended',
        },
      }),
      'recording runs interrupted'
    );
  };

  return { recover, sweepOrphans };
};
