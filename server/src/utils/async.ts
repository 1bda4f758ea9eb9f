/** Resolves with the work's value, or with 'time-up' if it takes longer than `ms`. */
export const within = async <T>(work: Promise<T>, ms: number): Promise<T | 'time-up'> => {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<'time-up'>((resolve) => {
        timer = setTimeout(() => resolve('time-up'), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
};

/** A call that did not answer within its bound. Its work may still complete later. */
export class TimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`${what} did not answer within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/**
 * Waits for `work` at most `ms`, then rejects with a TimeoutError. Nothing is cancelled: a query
 * keeps its place in the pool and may still reach the database later, so only calls whose late
 * arrival is harmless (reads, writes guarded by the lease fence or by the row's status) are bounded
 * this way; see docs/api.md (Leases when the database fails).
 */
export const bounded = async <T>(work: Promise<T>, ms: number, what: string): Promise<T> => {
  // The work's own rejection after the bound has passed is expected and not worth a warning.
  work.catch(() => undefined);
  const result = await within(work, ms);
  if (result === 'time-up') throw new TimeoutError(what, ms);
  return result;
};

/** A pause that never keeps the process alive on its own (a shutdown does not wait for it). */
export const pause = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

/**
 * `work` shared by its concurrent callers: a call while one is in flight gets that one's promise,
 * a call after it has settled starts it again. For reads many callers make at once, where one
 * answer serves them all (the route's burst of calls, services/wakeups.ts and hold.ts).
 */
export const sharedWhileInFlight = <T>(work: () => Promise<T>): (() => Promise<T>) => {
  let inFlight: Promise<T> | null = null;
  return () => {
    inFlight ??= work().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
};
