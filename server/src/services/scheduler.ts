import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Core } from '@strapi/strapi';
import { UIDS, type RunStatus, type RunTrigger } from '../constants';
import { dueSlots } from '../scheduling';
import { bounded } from '../utils/async';
import { getPluginConfig } from '../utils/plugin-config';
import { getService } from '../utils/get-service';
import { leaseTimings } from './lease-rules';
import { createRecovery, lostOutcome, ranOutcome, type TaskOutcome } from './recovery';
import type { RunRecord } from './runs';
import { createSlotBatches, FAILURE_STATUSES } from './slot-batch';
import { createSlotRunner, LeaseLostError, SlotAbandonedError, type Hold } from './slot-run';
import { taskTiming } from './slots';
import { toTaskRecord, type TaskRecord } from './tasks';

export { LeaseLostError } from './slot-run';
export type { TaskOutcome } from './recovery';

export type WakeTrigger = Extract<RunTrigger, 'route' | 'timer'>;

export interface WakeSummary {
  ran: number;
  succeeded: number;
  failed: number;
  skipped: number;
  /** Earliest next slot of an enabled task after this wake-up, or null. */
  nextDueAt: number | null;
  outcomes: TaskOutcome[];
}

const MAX_ROUNDS = 50;

const createSchedulerService = ({ strapi }: { strapi: Core.Strapi }) => {
  // One identity per Strapi process, written on every lease and run it takes.
  const instanceId = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const leases = () => getService(strapi, 'leases');
  const runs = () => getService(strapi, 'runs');
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

  /**
   * Everything due, in one indexed query: enabled tasks whose next slot has come and that nobody
   * holds, plus tasks whose holder stopped renewing its lease (to record the interruption).
   */
  const findDue = async (now: number): Promise<TaskRecord[]> => {
    const free = { enabled: true, pausedAt: { $null: true }, leaseOwner: { $null: true } };
    const rows = await call(
      strapi.db.query(UIDS.task).findMany({
        where: {
          $or: [
            { ...free, nextRunAt: { $lte: now } },
            { ...free, retryAt: { $lte: now } },
            { leaseOwner: { $notNull: true }, leaseExpiresAt: { $lt: now } },
          ],
        },
        populate: { script: { select: ['id'] } },
        orderBy: [{ nextRunAt: 'asc' }, { id: 'asc' }],
      }),
      'finding due tasks'
    );
    return rows.map(toTaskRecord);
  };

  /** The earliest scheduled slot or pending retry of an enabled task that is not paused. */
  const nextDueAt = async () => {
    const earliest = async (field: 'nextRunAt' | 'retryAt') => {
      const row = await call(
        strapi.db.query(UIDS.task).findOne({
          where: { enabled: true, pausedAt: { $null: true }, [field]: { $notNull: true } },
          select: [field],
          orderBy: { [field]: 'asc' },
        }),
        'reading the next slot'
      );
      return row ? Number(row[field]) : null;
    };
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
    const entry = slotRunner.hold(lease, clock);
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
    const entry = slotRunner.hold(lease, clock);

    if (plan.run.length === 0 && task.misfirePolicy !== 'skip') {
      // Nothing left to run (the window closed, or the slot predates the task): the claim
      // already moved the schedule on.
      await slotRunner.release(entry);
      return lostOutcome(task);
    }
    if (plan.run.length === 0) return skipSlot(task, entry, trigger, now);

    const slots = plan.run.map((slot) => ({
      slot,
      attempt: 1,
      trigger: now - slot > config.misfireThresholdMs ? ('catch-up' as const) : trigger,
    }));
    return ranOutcome(task, (await runSlotsAndRelease(task, entry, slots, clock)) as RunRecord);
  };

  /** The `skip` policy dropped a due slot: it says so in the history. */
  const skipSlot = async (
    task: TaskRecord,
    entry: Hold,
    trigger: WakeTrigger,
    now: number
  ): Promise<TaskOutcome> => {
    const slot = task.nextRunAt as number;
    const { misfireThresholdMs } = getPluginConfig(strapi);
    let run: RunRecord | undefined;
    try {
      run = await call(
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
          error: {
            name: 'Skipped',
            message: `the wake-up came ${Math.round((now - slot) / 1000)} s after the slot, more than the ${Math.round(misfireThresholdMs / 1000)} s the skip policy allows`,
          },
        }),
        'recording a skipped slot'
      );
    } catch (error) {
      // The slot is dropped all the same, as the policy says; only its line in the history is.
      strapi.log.warn(`[maintenance] task ${task.id}: ${(error as Error).message}`);
    }
    await slotRunner.release(entry, { lastStatus: 'skipped' });
    return run ? ranOutcome(task, run) : lostOutcome(task);
  };

  return {
    instanceId,
    findDue,
    nextDueAt,
    sweepOrphans: (now = Date.now()) => recovery.sweepOrphans(now),

    /** Counts a failed database call of a wake-up against the database's health (`steady`). */
    databaseFailed,

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
            // Another instance took the task over: it runs the slot. Or the database failed the
            // slot and it was left to be recovered (logged when it was given up).
            if (error instanceof LeaseLostError || error instanceof SlotAbandonedError) {
              return lostOutcome(task);
            }
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
      const entry = slotRunner.hold(lease, clock);
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
