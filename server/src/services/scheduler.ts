import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Core } from '@strapi/strapi';
import { FAILED_RUN_STATUSES, UIDS, type RunStatus, type RunTrigger } from '../constants';
import { dueSlots, nextSlot } from '../scheduling';
import { parsedSchedule, taskTiming } from './slots';
import { getPluginConfig } from '../utils/plugin-config';
import { getService } from '../utils/get-service';
import type { Lease } from './leases';
import type { RunRecord } from './runs';
import { integrityError, taskIntegrityError } from './scripts';
import { toTaskRecord, type TaskRecord } from './tasks';

export type WakeTrigger = Extract<RunTrigger, 'route' | 'timer'>;

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

export interface WakeSummary {
  ran: number;
  succeeded: number;
  failed: number;
  skipped: number;
  /** Earliest next slot of an enabled task after this wake-up, or null. */
  nextDueAt: number | null;
  outcomes: TaskOutcome[];
}

interface ExecuteOptions {
  slot: number | null;
  attempt: number;
  trigger: RunTrigger;
  dryRun?: boolean;
  requestedBy?: number;
}

const MAX_ROUNDS = 50;

/**
 * The holder found, just before running a slot, that its lease had been taken over (it expired
 * while the holder was slow): the slot is the new holder's to run.
 */
export class LeaseLostError extends Error {
  constructor(taskId: number) {
    super(`the lease on task ${taskId} was taken over before its run started`);
    this.name = 'LeaseLostError';
  }
}

const lostOutcome = (task: TaskRecord): TaskOutcome => ({
  taskId: task.id,
  taskName: task.name,
  outcome: 'lost',
});

const ranOutcome = (task: TaskRecord, run: RunRecord): TaskOutcome => ({
  taskId: task.id,
  taskName: task.name,
  outcome: run.status,
  runId: run.id,
  slot: run.slot,
});

const FAILURE_STATUSES: ReadonlySet<RunStatus> = new Set(FAILED_RUN_STATUSES);

const PAUSED_REASON_LENGTH = 500;

/** What a task's release writes about retries: none pending unless one is set. */
interface RetryState {
  retryAt: number | null;
  retrySlot: number | null;
  retryAttempt: number | null;
}

const NO_RETRY: RetryState = { retryAt: null, retrySlot: null, retryAttempt: null };

/** The delay before attempt `attempt + 1`: the base doubled per failed attempt, capped. */
export const retryDelay = (base: number, attempt: number, maxBackoffMs: number): number =>
  Math.min(base * 2 ** Math.max(0, attempt - 1), maxBackoffMs);

const createSchedulerService = ({ strapi }: { strapi: Core.Strapi }) => {
  // One identity per Strapi process, written on every lease and run it takes.
  const instanceId = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const leases = () => getService(strapi, 'leases');
  const runs = () => getService(strapi, 'runs');

  /**
   * Everything due, in one indexed query: enabled tasks whose next slot has come and that nobody
   * holds, plus tasks whose holder stopped renewing its lease (to record the interruption).
   */
  const findDue = async (now: number): Promise<TaskRecord[]> => {
    const free = { enabled: true, pausedAt: { $null: true }, leaseOwner: { $null: true } };
    const rows = await strapi.db.query(UIDS.task).findMany({
      where: {
        $or: [
          { ...free, nextRunAt: { $lte: now } },
          { ...free, retryAt: { $lte: now } },
          { leaseOwner: { $notNull: true }, leaseExpiresAt: { $lt: now } },
        ],
      },
      populate: { script: { select: ['id'] } },
      orderBy: [{ nextRunAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map(toTaskRecord);
  };

  /** The earliest scheduled slot or pending retry of an enabled task that is not paused. */
  const nextDueAt = async () => {
    const earliest = async (field: 'nextRunAt' | 'retryAt') => {
      const row = await strapi.db.query(UIDS.task).findOne({
        where: { enabled: true, pausedAt: { $null: true }, [field]: { $notNull: true } },
        select: [field],
        orderBy: { [field]: 'asc' },
      });
      return row ? Number(row[field]) : null;
    };
    const found = [await earliest('nextRunAt'), await earliest('retryAt')].filter(
      (value): value is number => value !== null
    );
    return found.length > 0 ? Math.min(...found) : null;
  };

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
  ) => {
    const events: Array<() => void> = [];
    if (run) {
      events.push(() =>
        notifications().runFailed(task, run, { consecutiveFailedSlots: failedSlots })
      );
    }
    const threshold = task.autoPauseAfter ?? getPluginConfig(strapi).autoPauseAfter;
    if (threshold <= 0 || failedSlots < threshold || task.pausedAt !== null) {
      return { paused: null, events };
    }
    const cause = run
      ? `; last: ${run.status}${run.error?.message ? ` (${run.error.message})` : ''}`
      : '';
    const reason = `paused after ${failedSlots} consecutive failed slots${cause}`.slice(
      0,
      PAUSED_REASON_LENGTH
    );
    const paused = { pausedAt: now, pausedReason: reason };
    events.push(() =>
      notifications().taskPaused(task, {
        pausedAt: now,
        reason,
        consecutiveFailedSlots: failedSlots,
        run,
      })
    );
    return { paused, events };
  };

  const send = (events: Array<() => void>) => {
    for (const event of events) event();
  };

  /**
   * Leases this process holds while it runs a slot. An expired lease found here belongs to a
   * holder that is alive but slow (its heartbeat held up behind a busy database), not dead.
   */
  const inProgress = new Map<number, Lease>();

  /** Runs the task's script for one slot (or a manual run) under a lease this instance holds. */
  const runSlotUnderLease = async (
    task: TaskRecord,
    lease: Lease,
    options: ExecuteOptions,
    clock: () => number
  ) => {
    const config = getPluginConfig(strapi);
    // The claim set the lease's expiry; only the heartbeat below renews it. Whatever came in
    // between (earlier slots of a batch, a busy connection pool, a slow database) may have let it
    // expire and another instance take the task over, and both would then run the slot. So the
    // lease is renewed, and found to be still ours, before anything is recorded or run; it also
    // says which slot is starting, for whoever takes over should this process die.
    if (!(await leases().extend(lease, clock(), config.leaseMs, options.slot))) {
      throw new LeaseLostError(task.id);
    }
    const heartbeat = setInterval(
      () =>
        void leases()
          .extend(lease, clock(), config.leaseMs)
          .catch(() => undefined),
      Math.max(250, Math.floor(config.leaseMs / 3))
    );
    let script;
    let startedAt;
    let run;
    try {
      script = task.script
        ? await strapi.db.query(UIDS.script).findOne({ where: { id: task.script } })
        : null;
      startedAt = clock();
      run = await runs().create({
        taskId: task.id,
        taskName: task.name,
        slot: options.slot,
        attempt: options.attempt,
        trigger: options.trigger,
        status: 'running',
        dryRun: Boolean(options.dryRun),
        startedAt,
        driftMs: options.slot === null ? null : startedAt - options.slot,
        instanceId,
        scriptId: script?.id ?? null,
        scriptVersion: script?.version ?? null,
        requestedBy: options.requestedBy ?? null,
      });
    } catch (error) {
      clearInterval(heartbeat);
      throw error;
    }

    // A task or a body changed behind the plugin's back (another plugin's Document Service
    // call, GraphQL, SQL) does not run: its run is refused with the reason (docs/security.md).
    const taskIntegrity = getService(strapi, 'tasks').integrity(task);
    const integrity = script ? getService(strapi, 'scripts').integrity(script) : 'valid';
    let outcome;
    try {
      if (taskIntegrity !== 'valid' || (script && integrity !== 'valid')) {
        outcome = {
          status: 'failed' as const,
          error:
            taskIntegrity !== 'valid'
              ? taskIntegrityError(taskIntegrity)
              : integrityError(integrity as Exclude<typeof integrity, 'valid'>),
          log: [],
          logTruncated: false,
        };
      } else {
        outcome = script
          ? await getService(strapi, 'executor').execute({
              task,
              script,
              run,
              dryRun: Boolean(options.dryRun),
            })
          : {
              status: 'failed' as const,
              error: { name: 'Error', message: `task ${task.id} has no script` },
              log: [],
              logTruncated: false,
            };
      }
    } finally {
      clearInterval(heartbeat);
    }

    const finishedAt = clock();
    const ending = { status: outcome.status, finishedAt, durationMs: finishedAt - startedAt };
    try {
      return await runs().update(run.id, {
        ...ending,
        log: outcome.log,
        logTruncated: outcome.logTruncated,
        result: outcome.result,
        error: outcome.error ?? null,
      });
    } catch (error) {
      // The run happened; only its record could not be stored whole. Keep what can be kept.
      return runs().update(run.id, {
        ...ending,
        status: 'failed',
        error: {
          name: 'StorageError',
          message: `the run's result could not be stored: ${(error as Error).message}`,
        },
      });
    }
  };

  const runSlot = async (
    task: TaskRecord,
    lease: Lease,
    options: ExecuteOptions,
    clock: () => number
  ) => {
    inProgress.set(task.id, lease);
    try {
      return await runSlotUnderLease(task, lease, options, clock);
    } finally {
      if (inProgress.get(task.id) === lease) inProgress.delete(task.id);
    }
  };

  /**
   * Runs scheduled slots one after another under one lease, then releases it with the task's new
   * counters. Stops early when the task reaches its maximum number of runs or pauses itself.
   *
   * A failed slot with retries left (only the last slot of a batch: a later slot supersedes an
   * earlier one) is not counted yet: a retry is stored for it, due after its delay, and the next
   * wake-up after that runs it as a new run record with attempt + 1. A scheduled slot claimed
   * while a retry is still pending for an earlier slot abandons that retry: the earlier slot has
   * failed.
   */
  const runSlotsAndRelease = async (
    task: TaskRecord,
    lease: Lease,
    slots: ReadonlyArray<Omit<ExecuteOptions, 'dryRun' | 'requestedBy'>>,
    clock: () => number
  ) => {
    const config = getPluginConfig(strapi);
    let { runCount, consecutiveFailures, consecutiveFailedSlots } = task;
    let retry: RetryState = NO_RETRY;
    let paused: { pausedAt: number; pausedReason: string } | null = null;
    const events: Array<() => void> = [];
    let last: RunRecord | undefined;
    let exhausted = false;

    const countFailedSlot = (run: RunRecord | null) => {
      consecutiveFailedSlots += 1;
      const outcome = slotFailed(task, run, consecutiveFailedSlots, clock());
      events.push(...outcome.events);
      paused = paused ?? outcome.paused;
    };

    try {
      if (task.retrySlot !== null && slots.length > 0 && slots[0].slot !== task.retrySlot) {
        countFailedSlot(await runs().findLastForSlot(task.id, task.retrySlot));
      }
      for (const [index, slot] of slots.entries()) {
        if (paused) break;
        last = await runSlot(task, lease, slot, clock);
        runCount += 1;
        const failed = FAILURE_STATUSES.has(last.status);
        consecutiveFailures = failed ? consecutiveFailures + 1 : 0;
        if (last.status === 'succeeded') {
          if (consecutiveFailedSlots > 0) {
            const run = last;
            const failedSlotsBefore = consecutiveFailedSlots;
            events.push(() => notifications().taskRecovered(task, run, { failedSlotsBefore }));
          }
          consecutiveFailedSlots = 0;
        } else if (failed && slot.slot !== null) {
          const lastOfBatch = index === slots.length - 1;
          if (lastOfBatch && slot.attempt <= (task.retries ?? 0)) {
            const base = task.retryBackoffMs ?? config.retry.backoffMs;
            retry = {
              retryAt: clock() + retryDelay(base, slot.attempt, config.retry.maxBackoffMs),
              retrySlot: slot.slot,
              retryAttempt: slot.attempt + 1,
            };
          } else {
            countFailedSlot(last);
          }
        }
        if (task.maxRuns != null && runCount >= task.maxRuns) {
          exhausted = true;
          break;
        }
      }
    } finally {
      const released = await leases().release(lease, {
        ...(last ? { lastRunAt: last.startedAt, lastStatus: last.status } : {}),
        runCount,
        consecutiveFailures,
        consecutiveFailedSlots,
        ...retry,
        ...(paused ?? {}),
        ...(exhausted ? { nextRunAt: null } : {}),
      });
      // Only the holder of the lease speaks for the task: a take-over would notify twice.
      if (released) send(events);
    }
    return last;
  };

  /**
   * The slots a holder claimed and never started, because it lost its lease first (see runSlot)
   * or died between slots: the slot it last announced and, for a backfill, the rest of the batch
   * its claim took (up to the next slot the claim stored). Slots with a run record are excluded.
   */
  const unstartedSlots = async (task: TaskRecord): Promise<number[]> => {
    if (task.leaseSlot === null) return [];
    const claimed = [task.leaseSlot];
    if (task.misfirePolicy === 'backfill' && task.nextRunAt !== null) {
      const schedule = parsedSchedule(task.schedule);
      const cap = getPluginConfig(strapi).backfillCap;
      let slot = nextSlot(schedule, task.timezone, task.leaseSlot);
      while (slot < task.nextRunAt && claimed.length < cap) {
        claimed.push(slot);
        slot = nextSlot(schedule, task.timezone, slot);
      }
    }
    const recorded = (await strapi.db.query(UIDS.run).findMany({
      where: { taskId: task.id, slot: { $in: claimed } },
      select: ['slot'],
    })) as Array<{ slot: unknown }>;
    const started = new Set(recorded.map((row) => Number(row.slot)));
    return claimed.filter((slot) => !started.has(slot));
  };

  /** A holder died: record its run as interrupted and attempt the slot again, up to maxAttempts. */
  const recover = async (
    task: TaskRecord,
    trigger: RunTrigger,
    clock: () => number
  ): Promise<TaskOutcome> => {
    const now = clock();
    const lease = await leases().claim({
      taskId: task.id,
      observedFence: task.leaseFence,
      owner: instanceId,
      now,
      leaseMs: getPluginConfig(strapi).leaseMs,
      slot: task.leaseSlot,
    });
    if (!lease) return { taskId: task.id, taskName: task.name, outcome: 'lost' };

    const stale = await runs().findRunning(task.id);
    for (const run of stale) {
      await runs().update(run.id, {
        status: 'interrupted',
        finishedAt: now,
        durationMs: run.startedAt === null ? null : now - run.startedAt,
        error: {
          name: 'Interrupted',
          message: `instance ${task.leaseOwner} stopped renewing its lease (expired at ${new Date(
            task.leaseExpiresAt ?? now
          ).toISOString()})`,
        },
      });
    }
    const last = stale.filter((run) => run.slot !== null).at(-1);
    // A disabled or paused task runs nothing from here: neither the slots its holder claimed and
    // never started nor another attempt of the interrupted one (they are dropped; resuming or
    // enabling moves the schedule on). The row is read again, since it may have changed since
    // the wake-up found it; the claim above kept anyone else from changing its schedule since.
    const fresh = await strapi.db
      .query(UIDS.task)
      .findOne({ where: { id: task.id }, select: ['enabled', 'pausedAt'] });
    const runnable = Boolean(fresh?.enabled) && task.enabled && (fresh?.pausedAt ?? null) === null;
    // Slots the holder claimed and nobody has run yet run now, as first attempts, after the
    // interrupted slot's next attempt if it has one left.
    const unstarted = runnable ? await unstartedSlots(task) : [];
    if (unstarted.length > 0) {
      const again =
        last && last.attempt < getPluginConfig(strapi).maxAttempts
          ? [{ slot: last.slot, attempt: last.attempt + 1, trigger }]
          : [];
      const slots = [...again, ...unstarted.map((slot) => ({ slot, attempt: 1, trigger }))];
      return ranOutcome(task, (await runSlotsAndRelease(task, lease, slots, clock)) as RunRecord);
    }
    if (runnable && last && last.attempt < getPluginConfig(strapi).maxAttempts) {
      const retry = [{ slot: last.slot, attempt: last.attempt + 1, trigger }];
      return ranOutcome(task, (await runSlotsAndRelease(task, lease, retry, clock)) as RunRecord);
    }
    if (stale.length === 0) {
      // Nothing was running: the holder died (or lost its lease) before it started anything,
      // and nothing is to run now. Only the lease goes.
      await leases().release(lease);
      return lostOutcome(task);
    }
    // The slot will not be attempted again: it failed.
    const interrupted = last ? await runs().findOne(last.id) : null;
    const failedSlots = task.consecutiveFailedSlots + (last ? 1 : 0);
    const outcome = last
      ? slotFailed(task, interrupted, failedSlots, now)
      : { paused: null, events: [] };
    const released = await leases().release(lease, {
      lastStatus: 'interrupted',
      consecutiveFailures: task.consecutiveFailures + 1,
      consecutiveFailedSlots: failedSlots,
      ...(last && task.retrySlot === last.slot ? NO_RETRY : {}),
      ...(outcome.paused ?? {}),
    });
    if (released) send(outcome.events);
    return {
      taskId: task.id,
      taskName: task.name,
      outcome: 'interrupted',
      slot: last?.slot ?? null,
    };
  };

  /** Claims the task's pending retry and runs it as the next attempt of its slot. */
  const runRetry = async (task: TaskRecord, clock: () => number): Promise<TaskOutcome> => {
    const lease = await leases().claim({
      taskId: task.id,
      observedFence: task.leaseFence,
      owner: instanceId,
      now: clock(),
      leaseMs: getPluginConfig(strapi).leaseMs,
      slot: task.retrySlot,
      scheduled: true,
    });
    if (!lease) return { taskId: task.id, taskName: task.name, outcome: 'lost' };
    const attempt = [
      { slot: task.retrySlot, attempt: task.retryAttempt ?? 2, trigger: 'retry' as const },
    ];
    return ranOutcome(task, (await runSlotsAndRelease(task, lease, attempt, clock)) as RunRecord);
  };

  /** Claims the task's due slot and runs it (or records it skipped, as its misfire policy says). */
  const runDue = async (
    task: TaskRecord,
    trigger: WakeTrigger,
    clock: () => number
  ): Promise<TaskOutcome> => {
    if (task.leaseOwner) {
      const own = inProgress.get(task.id);
      if (own && task.leaseOwner === instanceId && task.leaseFence === own.fence) {
        // This process is still running the slot: renew its lease rather than interrupt itself.
        await leases().extend(own, clock(), getPluginConfig(strapi).leaseMs);
        return lostOutcome(task);
      }
      return recover(task, 'catch-up', clock);
    }
    const config = getPluginConfig(strapi);
    const now = clock();
    // A retry whose delay has passed goes first; a slot due as well runs in the next round.
    if (task.retryAt !== null && task.retrySlot !== null && task.retryAt <= now) {
      return runRetry(task, clock);
    }
    if (task.nextRunAt === null) return { taskId: task.id, taskName: task.name, outcome: 'lost' };

    const plan = dueSlots(taskTiming(task, config), now);
    const lease = await leases().claim({
      taskId: task.id,
      observedFence: task.leaseFence,
      observedNextRunAt: task.nextRunAt,
      owner: instanceId,
      now,
      leaseMs: config.leaseMs,
      slot: plan.run[0] ?? task.nextRunAt,
      nextRunAt: plan.nextRunAt,
      scheduled: true,
    });
    if (!lease) return { taskId: task.id, taskName: task.name, outcome: 'lost' };

    if (plan.run.length === 0 && task.misfirePolicy !== 'skip') {
      // Nothing left to run (the window closed, or the slot predates the task): the claim
      // already moved the schedule on.
      await leases().release(lease);
      return { taskId: task.id, taskName: task.name, outcome: 'lost' };
    }
    if (plan.run.length === 0) {
      // The `skip` policy dropped a due slot: it says so in the history.
      const run = await runs().create({
        taskId: task.id,
        taskName: task.name,
        slot: task.nextRunAt,
        attempt: 1,
        trigger,
        status: 'skipped',
        startedAt: now,
        finishedAt: now,
        durationMs: 0,
        driftMs: now - task.nextRunAt,
        instanceId,
        error: {
          name: 'Skipped',
          message: `the wake-up came ${Math.round((now - task.nextRunAt) / 1000)} s after the slot, more than the ${Math.round(config.misfireThresholdMs / 1000)} s the skip policy allows`,
        },
      });
      await leases().release(lease, { lastStatus: 'skipped' });
      return {
        taskId: task.id,
        taskName: task.name,
        outcome: 'skipped',
        runId: run.id,
        slot: run.slot,
      };
    }

    const slots = plan.run.map((slot) => ({
      slot,
      attempt: 1,
      trigger: now - slot > config.misfireThresholdMs ? ('catch-up' as const) : trigger,
    }));
    return ranOutcome(task, (await runSlotsAndRelease(task, lease, slots, clock)) as RunRecord);
  };

  return {
    instanceId,
    findDue,
    nextDueAt,

    /**
     * One wake-up (route or timer): runs every due task, one after another. Calling it again right
     * away does nothing, since each claim moved its task's next slot forward.
     */
    async wake({
      trigger,
      now,
      onRound,
      onOutcome,
    }: {
      trigger: WakeTrigger;
      now?: number;
      /** Told which tasks each round found due, before it runs them (the route's 202 answer). */
      onRound?: (due: TaskRecord[]) => void;
      /** Told each task's outcome as soon as it is known. */
      onOutcome?: (outcome: TaskOutcome) => void;
    }): Promise<WakeSummary> {
      const clock = now === undefined ? Date.now : () => now;
      const outcomes: TaskOutcome[] = [];
      // A backfill that is still behind stays due: go round again, boundedly, until nothing is.
      for (let round = 0; round < MAX_ROUNDS; round += 1) {
        const due = (await findDue(clock())).filter(
          (task) => !outcomes.some((o) => o.taskId === task.id && o.outcome === 'lost')
        );
        if (due.length === 0) break;
        onRound?.(due);
        for (const task of due) {
          const outcome = await runDue(task, trigger, clock).catch((error: unknown) => {
            // Another instance took the task over: it runs the slot.
            if (error instanceof LeaseLostError) return lostOutcome(task);
            throw error;
          });
          outcomes.push(outcome);
          onOutcome?.(outcome);
        }
      }
      const count = (predicate: (outcome: TaskOutcome['outcome']) => boolean) =>
        outcomes.filter((entry) => predicate(entry.outcome)).length;
      return {
        ran: count((o) => o !== 'lost' && o !== 'skipped'),
        succeeded: count((o) => o === 'succeeded'),
        failed: count((o) => o !== 'lost' && FAILURE_STATUSES.has(o as RunStatus)),
        skipped: count((o) => o === 'skipped'),
        nextDueAt: await nextDueAt(),
        outcomes,
      };
    },

    /** Run now: records a manual run and never moves the schedule. Null when the task is running. */
    async runNow(
      taskId: number,
      {
        dryRun = false,
        requestedBy,
        now,
      }: { dryRun?: boolean; requestedBy?: number; now?: number } = {}
    ) {
      const clock = now === undefined ? Date.now : () => now;
      const task = await getService(strapi, 'tasks').findOne(taskId);
      const lease = await leases().claim({
        taskId,
        observedFence: task.leaseFence,
        owner: instanceId,
        now: clock(),
        leaseMs: getPluginConfig(strapi).leaseMs,
        slot: null,
      });
      if (!lease) return null;
      let run: RunRecord | undefined;
      try {
        const manual = { slot: null, attempt: 1, trigger: 'manual' as const, dryRun, requestedBy };
        run = await runSlot(task, lease, manual, clock);
        return run;
      } catch (error) {
        if (error instanceof LeaseLostError) return null;
        throw error;
      } finally {
        await leases().release(
          lease,
          run ? { lastRunAt: run.startedAt, lastStatus: run.status } : {}
        );
      }
    },
  };
};

export type SchedulerService = ReturnType<typeof createSchedulerService>;
export default createSchedulerService;
