import type { Core } from '@strapi/strapi';
import type { RunStatus, RunTrigger } from '../constants';
import { getService } from '../utils/get-service';
import { getPluginConfig } from '../utils/plugin-config';
import { HOLD_MAX_AGE_MS } from './hold';
import { lostOutcome, type TaskOutcome } from './recovery';
import type { RunPool } from './run-pool';
import { FAILURE_STATUSES } from './auto-pause-rules';
import { LeaseLostError, SlotAbandonedError } from './slot-run';
import type { TaskRecord } from './tasks';

export type WakeTrigger = Extract<RunTrigger, 'route' | 'timer'>;

export interface WakeSummary {
  ran: number;
  succeeded: number;
  failed: number;
  skipped: number;
  /** Runs this wake-up started (with `detach`, most are still going when it returns). */
  started: number;
  /** Earliest next slot of an enabled task after this wake-up, or null. */
  nextDueAt: number | null;
  outcomes: TaskOutcome[];
  /** The maintenance hold was on: nothing was claimed (services/hold.ts). */
  held: boolean;
}

export interface WakeOptions {
  trigger: WakeTrigger;
  now?: number;
  /** Told which tasks each round found due, before it runs them (the route's 202 answer). */
  onRound?: (due: TaskRecord[]) => void;
  /** Told each task's outcome as soon as it is known. */
  onOutcome?: (outcome: TaskOutcome) => void;
  /** Told of each run started, to be waited for on shutdown (wakeups.track). */
  onStart?: (run: Promise<unknown>) => void;
  /** Start what fits now and return, leaving the runs to go on (the timer). */
  detach?: boolean;
  /**
   * Whether due tasks wait for room on this instance (the default; never with `detach`). Without
   * it the wake-up starts only what fits now, and waits for those runs.
   */
  waitForRoom?: boolean;
}

const MAX_ROUNDS = 50;

/**
 * A task's outcome. Another instance took the task over: it runs the slot. Or the database failed
 * the slot and it was left to be recovered (logged when it was given up).
 */
const settled = (task: TaskRecord, work: Promise<TaskOutcome>) =>
  work.catch((error: unknown) => {
    if (error instanceof LeaseLostError || error instanceof SlotAbandonedError) {
      return lostOutcome(task);
    }
    throw error;
  });

const summarise = (outcomes: TaskOutcome[]) => {
  const count = (predicate: (outcome: TaskOutcome['outcome']) => boolean) =>
    outcomes.filter((entry) => predicate(entry.outcome)).length;
  return {
    ran: count((o) => o !== 'lost' && o !== 'skipped'),
    succeeded: count((o) => o === 'succeeded'),
    failed: count((o) => o !== 'lost' && FAILURE_STATUSES.has(o as RunStatus)),
    skipped: count((o) => o === 'skipped'),
  };
};

/**
 * One wake-up (route or timer): starts every due task, up to `concurrency` runs at once on this
 * instance (a pool shared by every wake-up here), and, unless `detach`, waits for them. A task is
 * claimed only once a run may start, so that a task waiting for room here stays free for another
 * instance. Calling it again right away does nothing, since each claim moved its task's next slot
 * forward.
 *
 * `detach` (the timer) starts what fits now and returns: the runs go on by themselves, and each
 * one that ends makes the timer look again, so that a long run never holds back another task's
 * slot, nor the tasks that waited for room. Without it (the route, tests), the due tasks wait for
 * room in turn and the wake-up ends once their runs have; with `waitForRoom: false`, it starts only
 * what fits, as the timer does, and ends once those runs have (wakeups.ts: only one wake-up per
 * instance waits for room, so that a burst of calls does not queue for it).
 */
export const createWakeRounds =
  ({
    strapi,
    pool,
    findDue,
    findOverlapping,
    nextDueAt,
    runDue,
    needsRoom,
  }: {
    strapi: Core.Strapi;
    pool: RunPool;
    /** Due tasks, at most `limit` of them. */
    findDue: (now: number, limit?: number) => Promise<TaskRecord[]>;
    /** Tasks whose slot came while their run is going, and whose overlap policy acts now. */
    findOverlapping: (now: number) => Promise<TaskRecord[]>;
    nextDueAt: () => Promise<number | null>;
    runDue: (task: TaskRecord, trigger: WakeTrigger, clock: () => number) => Promise<TaskOutcome>;
    /** Whether handling the task starts a run (a skip or a renewal does not). */
    needsRoom: (task: TaskRecord, now: number) => boolean;
  }) =>
  async ({
    trigger,
    now,
    onRound,
    onOutcome,
    onStart,
    detach = false,
    waitForRoom = true,
  }: WakeOptions): Promise<WakeSummary> => {
    // Start only what fits now: the timer, and a wake-up while another one here waits for room.
    const fitOnly = detach || !waitForRoom;
    const clock = now === undefined ? Date.now : () => now;
    const outcomes: TaskOutcome[] = [];
    const note = (outcome: TaskOutcome) => {
      outcomes.push(outcome);
      onOutcome?.(outcome);
    };
    const lost = (task: TaskRecord) =>
      outcomes.some((o) => o.taskId === task.id && o.outcome === 'lost');
    let started = 0;
    const hold = getService(strapi, 'hold');
    // The hold stops every claim: read (at most once a second) before the first round, and looked
    // at again before each later one, so that a hold put on here mid-wake stops the next round.
    const held = (await hold.refresh({ maxAgeMs: HOLD_MAX_AGE_MS })).held;

    /** Claims and runs the task under a permit; the permit goes back once the lease is let go. */
    const start = (task: TaskRecord, release: () => void) => {
      started += 1;
      const run = settled(task, runDue(task, trigger, clock))
        .then(note)
        .finally(() => {
          release();
          // Room came free, and the task itself may be due again: the timer looks again (with
          // autoRun off it would only re-read the settings).
          if (getPluginConfig(strapi).autoRun) getService(strapi, 'timer').reconsider();
        });
      onStart?.(run);
      return run;
    };

    // A backfill that is still behind stays due: go round again, boundedly, until nothing is.
    let closed = false;
    for (let round = 0; round < MAX_ROUNDS && !closed && !held; round += 1) {
      if (round > 0 && hold.isHeld()) break;
      const room = pool.available();
      // Overlaps need no room: they are handled even when the instance is full.
      const overlapping = await findOverlapping(clock());
      const free = fitOnly && room === 0 ? [] : await findDue(clock(), fitOnly ? room : undefined);
      const due = [...overlapping, ...free].filter((task) => !lost(task));
      if (due.length === 0) break;
      onRound?.(due);
      const going: Array<Promise<void>> = [];
      for (const task of due) {
        if (!needsRoom(task, clock())) {
          note(await settled(task, runDue(task, trigger, clock)));
          continue;
        }
        const permit = fitOnly ? pool.tryAcquire() : await pool.acquire();
        if (!permit) {
          // No room now (fit only), or the plugin is shutting down (the pool closed).
          closed = !fitOnly;
          break;
        }
        const run = start(task, () => permit.release());
        if (detach) {
          run.catch((error: Error) =>
            strapi.log.error(`[maintenance] task ${task.id}: ${error.message}`)
          );
        }
        going.push(run);
      }
      if (detach) break;
      const ended = await Promise.allSettled(going);
      const failure = ended.find((result) => result.status === 'rejected');
      if (failure) throw (failure as PromiseRejectedResult).reason;
    }
    return { ...summarise(outcomes), started, nextDueAt: await nextDueAt(), outcomes, held };
  };
