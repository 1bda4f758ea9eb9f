/**
 * What a wake-up answers and the pure rules that sum it up, apart from the service that does the
 * waking (wakeups.ts), so that they can be tested alone.
 */
import { FAILED_RUN_STATUSES } from '../constants';
import type { TaskOutcome, WakeTrigger } from './scheduler';

/** When the tasks next need a wake-up, read in one query. */
export interface Attention {
  /** Earliest next slot or pending retry of an enabled, unpaused task that nobody is running. */
  nextFree: number | null;
  /** Earliest next slot of an enabled task that is running now. */
  nextHeld: number | null;
  /**
   * Earliest next slot of a running task whose overlap policy acts when the slot comes: skip
   * records it skipped, replace asks the run to stop (once).
   */
  nextOverlap: number | null;
  /** Earliest expiry of a lease someone holds (a holder that died is noticed then). */
  nextExpiry: number | null;
}

export interface WakeOutcome extends Omit<TaskOutcome, 'outcome'> {
  outcome: TaskOutcome['outcome'] | 'running';
}

export interface WakeResult {
  ran: number;
  succeeded: number;
  failed: number;
  skipped: number;
  /** Tasks this wake-up is still running (or about to run) when it answers. */
  running: number;
  nextDueAt: number | null;
  outcomes: WakeOutcome[];
  /** When the timer should look again: the earliest free slot or lease expiry. */
  nextAttentionAt: number | null;
  /** The maintenance hold is on: nothing was run (services/hold.ts). */
  held: boolean;
}

export interface LastWake {
  at: number;
  trigger: WakeTrigger;
  instanceId: string;
  /** The name of the token the caller used, if any. */
  token?: string;
}

const FAILURES: ReadonlySet<string> = new Set(FAILED_RUN_STATUSES);

/** The earliest of the instants given, ignoring the missing ones; null when none is given. */
export const earliest = (...values: Array<number | null>) => {
  const present = values.filter((value): value is number => value !== null);
  return present.length > 0 ? Math.min(...present) : null;
};

/** Sums outcomes the way the route reports them. */
export const summarise = (outcomes: WakeOutcome[]) => {
  const count = (predicate: (outcome: WakeOutcome['outcome']) => boolean) =>
    outcomes.filter((entry) => predicate(entry.outcome)).length;
  return {
    ran: count((o) => o !== 'lost' && o !== 'skipped' && o !== 'running'),
    succeeded: count((o) => o === 'succeeded'),
    failed: count((o) => FAILURES.has(o)),
    skipped: count((o) => o === 'skipped'),
    running: count((o) => o === 'running'),
  };
};
