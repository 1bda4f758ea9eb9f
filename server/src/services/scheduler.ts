import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Core } from '@strapi/strapi';
import { dueSlots } from '../scheduling';
import { bounded } from '../utils/async';
import { getPluginConfig } from '../utils/plugin-config';
import { getService } from '../utils/get-service';
import { leaseTimings } from './lease-rules';
import { createRecovery, lostOutcome, ranOutcome, type TaskOutcome } from './recovery';
import type { RunRecord } from './runs';
import { createOverlaps } from './overlap';
import { createRunPool } from './run-pool';
import { createSlotBatches } from './slot-batch';
import { createWakeRounds, type WakeTrigger } from './wake-rounds';
import { createSlotRunner, LeaseLostError } from './slot-run';
import { taskTiming } from './slots';
import type { TaskRecord } from './tasks';

export { LeaseLostError } from './slot-run';
export type { TaskOutcome } from './recovery';

export type { WakeSummary, WakeTrigger } from './wake-rounds';

const createSchedulerService = ({ strapi }: { strapi: Core.Strapi }) => {
  // One identity per Strapi process, written on every lease and run it takes.
  const instanceId = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const leases = () => getService(strapi, 'leases');
  const store = () => getService(strapi, 'taskStore');
  const timings = () => leaseTimings(getPluginConfig(strapi).leaseMs);

  /** When a database call of this instance last failed (real time, whatever clock a wake uses). */
  let lastFailureAt = -Infinity;
  const databaseFailed = () => {
    lastFailureAt = Date.now();
  };
  let watching = false;
  /**
   * Any call of this process can be the one that finds the database away (the route's settings
   * check, Strapi's own requests), and a call can wait out a whole outage in the connection pool
   * and then succeed. So the pool itself is watched: every connection it fails to open counts.
   */
  const watchDatabase = () => {
    if (watching) return;
    watching = true;
    const { pool } = strapi.db.connection.client as {
      pool?: { on?: (event: 'createFail', listener: () => void) => void };
    };
    pool?.on?.('createFail', databaseFailed);
  };
  /**
   * Every database call of a wake-up or a run is bounded in time, so that none can hold a lease,
   * a run or the timer for good; a failure is remembered, for `steady` below.
   */
  const call = async <T>(work: Promise<T>, what: string, ms = timings().callMs) => {
    watchDatabase();
    try {
      return await bounded(work, ms, what);
    } catch (error) {
      databaseFailed();
      throw error;
    }
  };
  /**
   * Whether this instance has had the database for a renewal period. After an outage every lease
   * looks expired, yet its holders are alive and renew as soon as the database is back: taking a
   * task over before then would run a slot that is already running, or record as interrupted a
   * run that completed and is waiting to store its record.
   */
  const steady = () => {
    watchDatabase();
    return Date.now() - lastFailureAt >= timings().takeoverGraceMs;
  };

  const slotRunner = createSlotRunner({ strapi, instanceId, call });
  const pool = createRunPool(() => getPluginConfig(strapi).concurrency);

  const overlaps = createOverlaps({ strapi, instanceId, call, holding: slotRunner.holding });

  /**
   * Whether handling the task starts a run, and so needs room in the pool: not when its lease is
   * live (an overlap: a skip, at most) or this process' own (a renewal, see runExpired).
   */
  const needsRoom = (task: TaskRecord, now: number) =>
    !task.leaseOwner ||
    ((task.leaseExpiresAt ?? 0) < now &&
      !(task.leaseOwner === instanceId && slotRunner.holding(task.id) !== undefined));

  /** Everything due, or whose holder stopped renewing its lease (task-store.ts, findDue). */
  const findDue = (now: number, limit?: number): Promise<TaskRecord[]> =>
    call(store().findDue(now, limit), 'finding due tasks');

  /** The earliest scheduled slot or pending retry of an enabled task that is not paused. */
  const nextDueAt = async () => {
    const earliest = (field: 'nextRunAt' | 'retryAt') =>
      call(store().earliest(field), 'reading the next slot');
    const found = [await earliest('nextRunAt'), await earliest('retryAt')].filter(
      (value): value is number => value !== null
    );
    return found.length > 0 ? Math.min(...found) : null;
  };

  const { slotFailed, send, runSlotsAndRelease } = createSlotBatches({ strapi, call, slotRunner });

  const recovery = createRecovery({
    strapi,
    instanceId,
    call,
    slotRunner,
    runSlotsAndRelease,
    slotFailed,
    send,
  });

  /** Claims the task's pending retry and runs it as the next attempt of its slot. */
  const runRetry = async (task: TaskRecord, clock: () => number): Promise<TaskOutcome> => {
    const lease = await call(
      leases().claim({
        taskId: task.id,
        observedFence: task.leaseFence,
        owner: instanceId,
        now: clock(),
        leaseMs: getPluginConfig(strapi).leaseMs,
        slot: task.retrySlot,
        scheduled: true,
      }),
      'claiming a task'
    );
    if (!lease) return lostOutcome(task);
    const attempt = [
      { slot: task.retrySlot, attempt: task.retryAttempt ?? 2, trigger: 'retry' as const },
    ];
    const entry = slotRunner.hold(lease, clock, task);
    return ranOutcome(task, (await runSlotsAndRelease(task, entry, attempt, clock)) as RunRecord);
  };

  /** A held task whose lease expired: this instance's own run, or a holder to take over. */
  const runExpired = async (task: TaskRecord, clock: () => number): Promise<TaskOutcome> => {
    const own = slotRunner.holding(task.id);
    if (own && task.leaseOwner === instanceId && task.leaseFence === own.lease.fence) {
      // This process is still running the slot (or storing its record): renew its lease rather
      // than interrupt itself.
      const { leaseMs } = getPluginConfig(strapi);
      await call(leases().extend(own.lease, clock(), leaseMs), 'renewing a lease').catch(
        () => undefined
      );
      return lostOutcome(task);
    }
    if (!steady()) return lostOutcome(task);
    return recovery.recover(task, 'catch-up', clock);
  };

  /** Claims the task's due slot and runs it (or records it skipped, as its misfire policy says). */
  const runDue = async (
    task: TaskRecord,
    trigger: WakeTrigger,
    clock: () => number
  ): Promise<TaskOutcome> => {
    if (task.leaseOwner && (task.leaseExpiresAt ?? 0) >= clock()) {
      // Its previous run is still going: the task's overlap policy decides.
      return overlaps.handleOverlap(task, trigger, clock());
    }
    if (task.leaseOwner) return runExpired(task, clock);
    const config = getPluginConfig(strapi);
    const now = clock();
    // A retry whose delay has passed goes first; a slot due as well runs in the next round.
    if (task.retryAt !== null && task.retrySlot !== null && task.retryAt <= now) {
      return runRetry(task, clock);
    }
    if (task.nextRunAt === null) return lostOutcome(task);

    const plan = dueSlots(taskTiming(task, config), now);
    const lease = await call(
      leases().claim({
        taskId: task.id,
        observedFence: task.leaseFence,
        observedNextRunAt: task.nextRunAt,
        owner: instanceId,
        now,
        leaseMs: config.leaseMs,
        slot: plan.run[0] ?? task.nextRunAt,
        nextRunAt: plan.nextRunAt,
        scheduled: true,
      }),
      'claiming a task'
    );
    if (!lease) return lostOutcome(task);
    const entry = slotRunner.hold(lease, clock, task);

    if (plan.run.length === 0 && task.misfirePolicy !== 'skip') {
      // Nothing left to run (the window closed, or the slot predates the task): the claim
      // already moved the schedule on.
      await slotRunner.release(entry);
      return lostOutcome(task);
    }
    if (plan.run.length === 0) {
      const run = await overlaps.skipMissed(task, trigger, now);
      await slotRunner.release(entry, { lastStatus: 'skipped' });
      return run ? ranOutcome(task, run) : lostOutcome(task);
    }

    const slots = plan.run.map((slot) => ({
      slot,
      attempt: 1,
      trigger: now - slot > config.misfireThresholdMs ? ('catch-up' as const) : trigger,
    }));
    return ranOutcome(task, (await runSlotsAndRelease(task, entry, slots, clock)) as RunRecord);
  };

  return {
    instanceId,
    findDue,
    nextDueAt,
    sweepOrphans: (now = Date.now()) => recovery.sweepOrphans(now),

    /** Counts a failed database call of a wake-up against the database's health (`steady`). */
    databaseFailed,

    wake: createWakeRounds({
      strapi,
      pool,
      findDue,
      findOverlapping: overlaps.findOverlapping,
      nextDueAt,
      runDue,
      needsRoom,
    }),

    /** No scheduled run starts any more (shutdown); wake-ups waiting for room end. */
    stop() {
      pool.close();
    },

    /**
     * A task whose lease expired, recovered now as the next wake-up would (the command line's
     * unlock): its run recorded interrupted, the slot attempted again if the rules allow.
     */
    recoverExpired: (task: TaskRecord, now = Date.now()) => runExpired(task, () => now),
    /** Stops a run going in this process at once (a cancel request made here). */
    cancelHere: (runId: number, by: number | null) => slotRunner.cancelHere(runId, by),

    /** Scheduled runs going on this instance now, and the limit (config `concurrency`). */
    load: () => ({ running: pool.active(), concurrency: getPluginConfig(strapi).concurrency }),

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
      const task = await call(getService(strapi, 'tasks').findOne(taskId), 'reading a task');
      const lease = await call(
        leases().claim({
          taskId,
          observedFence: task.leaseFence,
          owner: instanceId,
          now: clock(),
          leaseMs: getPluginConfig(strapi).leaseMs,
          slot: null,
        }),
        'claiming a task'
      );
      if (!lease) return null;
      const entry = slotRunner.hold(lease, clock, task);
      const manual = { slot: null, attempt: 1, trigger: 'manual' as const, dryRun, requestedBy };
      let run: RunRecord;
      try {
        run = await slotRunner.runOneSlot(task, entry, manual, clock);
      } catch (error) {
        if (error instanceof LeaseLostError) {
          await slotRunner.release(entry);
          return null;
        }
        await slotRunner.abandon(entry, clock, error);
        throw error;
      }
      await slotRunner.release(entry, { lastRunAt: run.startedAt, lastStatus: run.status });
      return run;
    },
  };
};

export type SchedulerService = ReturnType<typeof createSchedulerService>;
export default createSchedulerService;
