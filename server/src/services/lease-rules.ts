/**
 * The time rules of a lease, all derived from its length, and the rule that decides what happens
 * to a finished run's record when the database does not take it. Pure: no clock, no database.
 */

/** What a holder knows about its lease, from its last renewal. */
export type LeaseState =
  /** The last renewal found the lease still ours. */
  | 'held'
  /** Renewals are failing (the database is away or slow): nobody can say. */
  | 'unknown'
  /** A renewal found the fence moved: another instance took the task over. */
  | 'lost';

export interface LeaseTimings {
  /** How often a holder renews: it gets three chances before its lease runs out. */
  renewEveryMs: number;
  /**
   * How soon a failed renewal is tried again. A holder cut off from the database renews within
   * this once the database is back, well inside `takeoverGraceMs`.
   */
  renewRetryMs: number;
  /** The longest a renewal is waited for; the next one starts after it. */
  renewCallMs: number;
  /**
   * The longest any other database call of a wake-up or a run is waited for. Past it the call is
   * treated as failed (it may still land later; every write it could make is guarded by the
   * lease fence or the run's status, so a late one changes nothing that matters).
   */
  callMs: number;
  /**
   * How long the steps that start a run (the renewal that announces its slot, reading its script,
   * creating its record) are tried again while the database fails them, before the slot is given
   * up for recovery: a restart or a short outage only delays the run.
   */
  startWithinMs: number;
  /**
   * An instance takes over an expired lease only once it has itself had the database for this
   * long: after an outage every lease looks expired, and the holders, alive, renew first.
   */
  takeoverGraceMs: number;
  /** The longest pause between two attempts to store a finished run's record or release. */
  storeRetryMaxMs: number;
}

export const leaseTimings = (leaseMs: number): LeaseTimings => {
  const renewEveryMs = Math.max(250, Math.floor(leaseMs / 3));
  return {
    renewEveryMs,
    renewRetryMs: Math.min(1000, Math.max(100, Math.floor(leaseMs / 10))),
    renewCallMs: renewEveryMs,
    // A floor, so that a short lease (tests use 2 s) does not turn a busy machine's slow query
    // into a failure.
    callMs: Math.max(5000, leaseMs),
    startWithinMs: Math.max(10_000, 2 * leaseMs),
    takeoverGraceMs: renewEveryMs,
    storeRetryMaxMs: renewEveryMs,
  };
};

/**
 * How long Strapi's process may go silent before the sandbox process stops a run under a lease
 * (RunMessage.fenceMs). A holder renews every third of the lease, so when it freezes its lease
 * still has two thirds left: stopping the script within half the lease leaves it ended before
 * anyone may take the task over, whatever the freeze (SIGSTOP, a blocked event loop). Never under
 * three of the parent's one-second pings, so that a busy parent does not stop runs for nothing;
 * with a lease under 6 s that floor comes after the lease's end, and a frozen holder's script may
 * then overlap the new holder's run, as its record says (run-store.ts, noteTaken).
 */
export const fenceAfterMs = (leaseMs: number) => Math.max(3000, Math.floor(leaseMs / 2));

/**
 * How long the scheduler waits for a script at most. The sandbox ends a run itself at its
 * wall-time limit plus a few seconds, and a run whose sandbox process is replaced for another
 * run's sake is started again (at most `restarts` times) with its full limit; each start gets a
 * lease period of grace on top (at least 5 s), which covers the sandbox's own grace and a fresh
 * process' start-up. Past this bound the run is ended as timed out, its script told to stop and
 * its lease released, whatever it awaits.
 */
export const executionBoundMs = (wallMs: number, leaseMs: number, restarts: number) =>
  (restarts + 1) * (wallMs + Math.max(5000, leaseMs));

/** What the last attempt to store a finished run's record (or release its lease) gave. */
export type StoreAttempt =
  /** The record is stored (or the lease released). */
  | 'stored'
  /** The row is no longer `running`: whoever took the task over recorded it interrupted. */
  | 'taken'
  /** The call failed or did not answer in time. */
  | 'failed';

export interface StoreState {
  attempt: StoreAttempt;
  /** The lease as a renewal right after the failed attempt found it. */
  lease: LeaseState;
  /** Failed attempts so far, this one included. */
  failures: number;
  /** Failed attempts made while the database did answer the lease renewal. */
  refusals: number;
  /** The plugin is shutting down (its database is closed or closing). */
  closing: boolean;
}

export type StoreStep =
  | { action: 'done' }
  /** Try again after `delayMs`, renewing the lease meanwhile. */
  | { action: 'retry'; delayMs: number }
  /**
   * The database answers but refuses this record (too large, a value it cannot store): store a
   * smaller one that says why, rather than lose the run's ending altogether.
   */
  | { action: 'fallback' }
  /** Stop: the lease is another instance's, or the process is going away. */
  | { action: 'give-up'; reason: 'lost' | 'closing' };

/** Two refusals in a row, each with the lease renewed in between, mean the record is the problem. */
export const REFUSALS_BEFORE_FALLBACK = 2;

/**
 * A finished run's record is kept and retried for as long as the instance may still hold the
 * lease: while the database is away nobody else can take the task over, and when it is back the
 * holder renews (see `takeoverGraceMs`) and stores the record before anyone looks. So a run that
 * completed is never run again as interrupted, and its log and result are not lost.
 */
export const nextStoreStep = (state: StoreState, timings: LeaseTimings): StoreStep => {
  if (state.attempt === 'stored' || state.attempt === 'taken') return { action: 'done' };
  if (state.lease === 'lost') return { action: 'give-up', reason: 'lost' };
  if (state.closing) return { action: 'give-up', reason: 'closing' };
  if (state.lease === 'held' && state.refusals >= REFUSALS_BEFORE_FALLBACK) {
    return { action: 'fallback' };
  }
  const delayMs = Math.min(
    timings.storeRetryMaxMs,
    timings.renewRetryMs * 2 ** Math.max(0, state.failures - 1)
  );
  return { action: 'retry', delayMs };
};

/**
 * Whether a lease's holder is alive: it renews every `renewEveryMs`, well before the expiry, so a
 * lease not yet expired is a live holder's, and one expired is a holder's that stopped (died, or
 * cut off from the database). The same rule as a take-over's: only an expired lease is claimed.
 */
export const leaseHolderAlive = (expiresAt: number | null, now: number) =>
  expiresAt !== null && expiresAt >= now;
