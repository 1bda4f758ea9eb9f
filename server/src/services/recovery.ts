import type { Core } from '@strapi/strapi';
import { UIDS, type RunStatus, type RunTrigger } from '../constants';
import { nextSlot } from '../scheduling';
import { getService } from '../utils/get-service';
import { getPluginConfig } from '../utils/plugin-config';
import type { RunRecord } from './runs';
import { taskSchedule } from './slots';
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
  ) => { paused: { pausedAt: number; pausedReason: string } | null; events: Array<() => void> };
  send: (events: Array<() => void>) => void;
}

/** Taking over the tasks of a holder that stopped renewing its lease, and runs nobody finishes. */
export const createRecovery = (deps: RecoveryDeps) => {
  const { strapi, instanceId, call, slotRunner } = deps;
  const leases = () => getService(strapi, 'leases');
  const runs = () => getService(strapi, 'runs');
  const maxAttempts = () => getPluginConfig(strapi).maxAttempts;

  /**
   * The slots a holder claimed and never started, because it lost its lease first (see
   * runOneSlot) or died between slots: the slot it last announced and, for a backfill, the rest of
   * the batch its claim took (up to the next slot the claim stored). Slots with a run record are
   * excluded.
   */
  const unstartedSlots = async (task: TaskRecord): Promise<number[]> => {
    if (task.leaseSlot === null) return [];
    const claimed = [task.leaseSlot];
    if (task.misfirePolicy === 'backfill' && task.nextRunAt !== null) {
      const schedule = taskSchedule(task);
      const cap = getPluginConfig(strapi).backfillCap;
      let slot = nextSlot(schedule, task.timezone, task.leaseSlot);
      while (slot < task.nextRunAt && claimed.length < cap) {
        claimed.push(slot);
        slot = nextSlot(schedule, task.timezone, slot);
      }
    }
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
    const expired = `instance ${task.leaseOwner} stopped renewing its lease (expired at ${new Date(
      task.leaseExpiresAt ?? now
    ).toISOString()})`;
    const cancelled: RunRecord[] = [];
    for (const run of stale) {
      const asked = run.cancelRequestedAt !== null;
      const ending: Partial<RunRecord> = {
        status: asked ? 'cancelled' : 'interrupted',
        finishedAt: now,
        durationMs: run.startedAt === null ? null : now - run.startedAt,
        error: asked
          ? { name: 'Cancelled', message: `${cancelReason(run.cancelRequestedBy)}; ${expired}` }
          : { name: 'Interrupted', message: expired },
      };
      const recorded = await call(runs().finish(run.id, ending), 'recording a run interrupted');
      if (asked && recorded) cancelled.push({ ...run, ...ending } as RunRecord);
    }
    let last: RunRecord | null =
      stale.filter((run) => run.slot !== null && run.cancelRequestedAt === null).at(-1) ?? null;
    if (!last && task.leaseSlot !== null) {
      // A recovery the database cut short (after it had recorded the run interrupted, before it
      // ran the slot again) left nothing running: the slot's last attempt says what is owed.
      const latest = await call(runs().findLastForSlot(task.id, task.leaseSlot), 'reading runs');
      if (latest?.status === 'interrupted') last = latest;
    }
    // A disabled or paused task runs nothing from here: neither the slots its holder claimed and
    // never started nor another attempt of the interrupted one (they are dropped; resuming or
    // enabling moves the schedule on). The row is read again, since it may have changed since
    // the wake-up found it; the claim kept anyone else from changing its schedule since.
    const fresh = await call(
      strapi.db
        .query(UIDS.task)
        .findOne({ where: { id: task.id }, select: ['enabled', 'pausedAt'] }),
      'reading a task'
    );
    // Under the maintenance hold nothing scheduled runs either (only an unlock gets here then).
    const runnable =
      Boolean(fresh?.enabled) &&
      task.enabled &&
      (fresh?.pausedAt ?? null) === null &&
      !getService(strapi, 'hold').isHeld();
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

    // Slots the holder claimed and nobody has run yet run now, as first attempts, after the
    // interrupted slot's next attempt if it has one left.
    const again =
      runnable && last && last.attempt < maxAttempts()
        ? [{ slot: last.slot, attempt: last.attempt + 1, trigger }]
        : [];
    const slots = [...again, ...unstarted.map((slot) => ({ slot, attempt: 1, trigger }))];
    if (slots.length > 0) {
      const ran = (await deps.runSlotsAndRelease(task, entry, slots, clock)) as RunRecord;
      notifyCancelled();
      return ranOutcome(task, ran);
    }
    if (!last && cancelled.length > 0) {
      // Its run was cancelled: the slot is done, and the task's counts stay as they were.
      const released = await slotRunner.release(entry, { lastStatus: 'cancelled' });
      if (released) notifyCancelled();
      return ranOutcome(task, cancelled[cancelled.length - 1]);
    }
    if (stale.length === 0 && !last) {
      // Nothing was running: the holder died (or lost its lease) before it started anything,
      // and nothing is to run now. Only the lease goes.
      await slotRunner.release(entry);
      return lostOutcome(task);
    }
    // The slot will not be attempted again: it failed.
    const failedSlots = task.consecutiveFailedSlots + (last ? 1 : 0);
    const outcome = last
      ? deps.slotFailed(task, interrupted, failedSlots, now)
      : { paused: null, events: [] };
    const released = await slotRunner.release(entry, {
      lastStatus: 'interrupted',
      consecutiveFailures: task.consecutiveFailures + 1,
      consecutiveFailedSlots: failedSlots,
      ...(last && task.retrySlot === last.slot
        ? { retryAt: null, retrySlot: null, retryAttempt: null }
        : {}),
      ...(outcome.paused ?? {}),
    });
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
    const freeTasks = async (where: Record<string, unknown>) =>
      (
        (await call(
          strapi.db
            .query(UIDS.task)
            .findMany({ where: { ...where, leaseOwner: { $null: true } }, select: ['id'] }),
          'reading tasks'
        )) as Array<{ id: number }>
      ).map((row) => row.id);
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
