import { MS_PER_SECOND } from './calendar';
import { nextSlot } from './next-slot';
import type { Schedule } from './schedule';
import type { KeyedMessage } from '../contracts/message-keys';

/**
 * Jitter: a per-task spread so that many tasks on the same expression (`0 * * * *`) do not all
 * start in the same second. Like Drupal Ultimate Cron's hash offset, the offset is not random
 * but derived from the task's identity, so every instance and every wake-up agree on it and a
 * task keeps its place from one slot to the next: every slot of the task is moved later by the
 * same whole number of seconds, from 0 to its jitter.
 */

/** The largest jitter a task may ask for, in seconds (one hour). */
export const MAX_JITTER_SECONDS = 3600;

/** How many of the schedule's next slots the shortest interval is measured over. */
const INTERVAL_SAMPLES = 64;

// FNV-1a over the key's UTF-16 code units, then murmur3's finaliser so that keys differing in
// their last character still land far apart. Plain arithmetic: the admin panel can run it too.
const hash32 = (key: string): number => {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index += 1) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
};

/**
 * The task's offset in milliseconds: a whole number of seconds from 0 to `jitterSeconds`
 * (inclusive), the same for the same key every time. 0 when the task has no jitter.
 */
export function jitterOffsetMs(key: string, jitterSeconds: number | null | undefined): number {
  if (!jitterSeconds || jitterSeconds <= 0) return 0;
  if (!Number.isInteger(jitterSeconds) || jitterSeconds > MAX_JITTER_SECONDS) {
    throw new RangeError(`jitterSeconds must be a whole number 0-${MAX_JITTER_SECONDS}`);
  }
  return (hash32(key) % (jitterSeconds + 1)) * MS_PER_SECOND;
}

/** The schedule with every slot moved `offsetMs` later (next-slot.ts applies it). */
export const withOffset = (schedule: Schedule, offsetMs: number): Schedule =>
  offsetMs === 0 ? schedule : { ...schedule, offsetMs };

/**
 * The shortest interval between two consecutive slots among the schedule's next ones after
 * `fromMs`, in milliseconds; null when it has fewer than two slots left (a one-off). A jitter
 * must stay below it, or a task's run would come after the following slot of its expression.
 */
export function shortestInterval(
  schedule: Schedule,
  timeZone: string,
  fromMs: number
): number | null {
  let shortest: number | null = null;
  let slot = nextSlot(schedule, timeZone, fromMs);
  for (let sample = 0; sample < INTERVAL_SAMPLES && Number.isFinite(slot); sample += 1) {
    const following = nextSlot(schedule, timeZone, slot);
    if (!Number.isFinite(following)) break;
    shortest = shortest === null ? following - slot : Math.min(shortest, following - slot);
    slot = following;
  }
  return shortest;
}

/** A refused jitter: the English reason and its key for the admin panel. */
export interface JitterRefusal {
  message: string;
  keyed: KeyedMessage;
}

/**
 * Why a jitter is refused for this schedule, or null when it is fine: at most
 * MAX_JITTER_SECONDS, less than the schedule's shortest interval, none on a one-off.
 */
export function checkJitter(
  jitterSeconds: number,
  schedule: Schedule,
  timeZone: string,
  fromMs: number
): JitterRefusal | null {
  if (jitterSeconds === 0) return null;
  if (schedule.kind === 'once') {
    return {
      message: 'jitterSeconds: a one-off task has no jitter (use 0 or null)',
      keyed: { key: 'jitter.once' },
    };
  }
  if (jitterSeconds > MAX_JITTER_SECONDS) {
    return {
      message: `jitterSeconds must be at most ${MAX_JITTER_SECONDS}`,
      keyed: { key: 'jitter.tooLarge', values: { max: MAX_JITTER_SECONDS } },
    };
  }
  const interval = shortestInterval(schedule, timeZone, fromMs);
  if (interval !== null && jitterSeconds * MS_PER_SECOND >= interval) {
    const seconds = interval / MS_PER_SECOND;
    return {
      message: `jitterSeconds must be less than the schedule's shortest interval between runs (${seconds} s)`,
      keyed: { key: 'jitter.interval', values: { seconds } },
    };
  }
  return null;
}

/** checkJitter's reason alone. */
export const jitterProblem = (...args: Parameters<typeof checkJitter>): string | null =>
  checkJitter(...args)?.message ?? null;
