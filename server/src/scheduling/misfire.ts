import { isInWindow, nextSlotInWindow } from './active-window';
import type { ActiveWindow } from './active-window';
import { MS_PER_SECOND } from './calendar';
import { nextSlot } from './next-slot';
import type { Schedule } from './schedule';

/**
 * What to do with slots that passed while nothing ran them (server down, task disabled, a long
 * run holding the lock):
 * - `once`: run one of them (the latest) now, then carry on from the schedule;
 * - `skip`: drop them, except the latest when it is no later than `skipThresholdMs` (a wake-up
 *   that was merely a little late);
 * - `backfill`: run every one, oldest first, at most `backfillCap` per wake-up.
 */
export type MisfirePolicy = 'once' | 'skip' | 'backfill';

export const MISFIRE_POLICIES: readonly MisfirePolicy[] = ['once', 'skip', 'backfill'];
export const DEFAULT_SKIP_THRESHOLD_MS = 60_000;
export const DEFAULT_BACKFILL_CAP = 10;

export interface TaskTiming {
  readonly schedule: Schedule;
  readonly timeZone: string;
  readonly policy: MisfirePolicy;
  /** The slot the task is due at (epoch ms), as stored; null when it has no slot left. */
  readonly nextRunAt: number | null;
  /** No slot at or before the task's creation ever runs. */
  readonly createdAt: number;
  readonly window?: ActiveWindow;
  readonly skipThresholdMs?: number;
  readonly backfillCap?: number;
}

export interface DueSlots {
  /** Slots to run now, oldest first; empty when nothing is due or what is due is skipped. */
  readonly run: readonly number[];
  /** The value to store as the task's nextRunAt; null when its window has no slot left. */
  readonly nextRunAt: number | null;
  /** Backfill only: missed slots remain beyond the cap; `nextRunAt` is already due. */
  readonly behind: boolean;
}

function assertInstant(name: string, value: number): void {
  if (!Number.isFinite(value))
    throw new RangeError(`${name} must be an epoch-ms number, got ${value}`);
}

/** The first slot strictly after `afterMs` that the task may run: after creation, in its window. */
function nextAllowedSlot(task: TaskTiming, afterMs: number): number | null {
  return nextSlotInWindow(
    task.schedule,
    task.timeZone,
    Math.max(afterMs, task.createdAt),
    task.window
  );
}

function isAllowed(task: TaskTiming, slot: number): boolean {
  return slot > task.createdAt && isInWindow(slot, task.window);
}

/**
 * The latest slot in [low, high], found without prev(): probe windows ending at `high` that
 * grow fourfold until one holds a slot, then walk forward through that window with next().
 */
function latestSlotWithin(task: TaskTiming, low: number, high: number): number | null {
  const lowest = Math.ceil(low);
  if (high < lowest) return null;
  for (let span = MS_PER_SECOND; ; span *= 4) {
    const from = Math.max(lowest - 1, high - span);
    let slot = nextSlot(task.schedule, task.timeZone, from);
    if (slot <= high) {
      for (;;) {
        const following = nextSlot(task.schedule, task.timeZone, slot);
        if (following > high) return slot;
        slot = following;
      }
    }
    if (from === lowest - 1) return null;
  }
}

/** The latest missed slot the task may run: `nextRunAt` itself or a later slot up to `now`. */
function latestMissedSlot(task: TaskTiming, due: number, now: number): number | null {
  const { startAt, endAt } = task.window ?? {};
  const low = Math.max(due, Math.floor(task.createdAt) + 1, startAt ?? -Infinity);
  const high = Math.min(now, endAt ?? Infinity);
  const latest = latestSlotWithin(task, low, high);
  // A stored nextRunAt that the current schedule would not produce still marks a due slot.
  return latest ?? (isAllowed(task, due) ? due : null);
}

/**
 * Which slot(s) to run at `now` and the task's following nextRunAt. Pure: the caller passes the
 * clock. The next slot is always derived from slots, never from when a run finished: for `once`
 * and `skip` it is the first slot after `now`; for `backfill` the first slot after the last one
 * returned (still due when `behind`).
 */
export function dueSlots(task: TaskTiming, now: number): DueSlots {
  assertInstant('now', now);
  assertInstant('createdAt', task.createdAt);
  const threshold = task.skipThresholdMs ?? DEFAULT_SKIP_THRESHOLD_MS;
  const cap = task.backfillCap ?? DEFAULT_BACKFILL_CAP;
  if (!(threshold >= 0)) throw new RangeError(`skipThresholdMs must be >= 0, got ${threshold}`);
  if (!Number.isInteger(cap) || cap < 1) {
    throw new RangeError(`backfillCap must be an integer >= 1, got ${cap}`);
  }
  const due = task.nextRunAt;
  if (due === null) return { run: [], nextRunAt: null, behind: false };
  assertInstant('nextRunAt', due);
  if (due > now) return { run: [], nextRunAt: due, behind: false };

  if (task.policy === 'backfill') {
    const run: number[] = [];
    let slot = isAllowed(task, due) ? due : nextAllowedSlot(task, due);
    while (slot !== null && slot <= now && run.length < cap) {
      run.push(slot);
      slot = nextAllowedSlot(task, slot);
    }
    return { run, nextRunAt: slot, behind: slot !== null && slot <= now };
  }

  const latest = latestMissedSlot(task, due, now);
  const runLatest = latest !== null && (task.policy === 'once' || now - latest <= threshold);
  return {
    run: runLatest ? [latest] : [],
    nextRunAt: nextAllowedSlot(task, now),
    behind: false,
  };
}

/**
 * The nextRunAt to store when a disabled task is enabled again at `now`. Only `backfill` replays
 * what passed while it was disabled: it keeps the slot it was due at, and dueSlots works through
 * the backlog, capped per wake-up. `once` and `skip` resume at the first slot after `now`.
 */
export function nextRunAtOnEnable(task: TaskTiming, now: number): number | null {
  assertInstant('now', now);
  if (task.policy === 'backfill') return task.nextRunAt;
  return nextAllowedSlot(task, now);
}
