import type { LeaseState, LeaseTimings } from './lease-rules';

export interface LeaseKeeper {
  /** What the last renewal found (`held` until one says otherwise). */
  readonly state: LeaseState;
  /** Renews now (or joins the renewal in flight) and says what it found. */
  renewNow(): Promise<LeaseState>;
  /** No renewal starts after this; one in flight is left to land (the fence guards it). */
  stop(): void;
}

/**
 * Keeps a lease alive for as long as its holder needs it: one renewal at a time, every
 * `renewEveryMs` while they succeed and every `renewRetryMs` while they fail, so that a holder
 * cut off from the database renews as soon as it is back. Once a renewal finds the lease lost it
 * stops for good. `renew` must be bounded in time (a renewal that never answers would stop it).
 *
 * Its timers never keep the process alive on their own: the run it guards does that.
 */
export const keepLease = (
  renew: () => Promise<boolean>,
  timings: Pick<LeaseTimings, 'renewEveryMs' | 'renewRetryMs'>,
  onFailure: (error: unknown) => void = () => undefined
): LeaseKeeper => {
  let state: LeaseState = 'held';
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<LeaseState> | undefined;

  const schedule = () => {
    if (stopped || state === 'lost') return;
    timer = setTimeout(
      () => void renewNow(),
      state === 'held' ? timings.renewEveryMs : timings.renewRetryMs
    );
    timer.unref();
  };

  const renewNow = (): Promise<LeaseState> => {
    if (stopped || state === 'lost') return Promise.resolve(state);
    if (inFlight) return inFlight;
    clearTimeout(timer);
    inFlight = renew()
      .then(
        (ours): LeaseState => (ours ? 'held' : 'lost'),
        (error: unknown): LeaseState => {
          onFailure(error);
          return 'unknown';
        }
      )
      .then((found) => {
        // A lease once lost stays lost: a later renewal cannot win it back (the fence moved).
        if (state !== 'lost') state = found;
        inFlight = undefined;
        schedule();
        return state;
      });
    return inFlight;
  };

  schedule();
  return {
    get state() {
      return state;
    },
    renewNow,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
};
