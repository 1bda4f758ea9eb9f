/**
 * How many scheduled runs one instance has going at once (config `concurrency`): a counter of
 * permits, taken before a task is claimed and given back once its run is recorded and its lease
 * released. Pure: no clock, no database. The limit is read at every request, so that a change in
 * the settings applies to the next run without a restart (runs already going are not stopped).
 */

export interface Permit {
  /** Gives the permit back; a second call does nothing. */
  release(): void;
}

export interface RunPool {
  /** Permits free now (0 when the limit was lowered below what is going). */
  available(): number;
  /** Permits taken now. */
  active(): number;
  /** A permit now, or null when none is free or callers are already waiting for one. */
  tryAcquire(): Permit | null;
  /** A permit as soon as one is free, first come first served; null once the pool is closed. */
  acquire(): Promise<Permit | null>;
  /** No permit is given any more (shutdown): waiting callers get null. */
  close(): void;
}

export const createRunPool = (limit: () => number): RunPool => {
  let active = 0;
  let closed = false;
  const waiters: Array<(permit: Permit | null) => void> = [];

  const available = () => (closed ? 0 : Math.max(0, limit() - active));

  const grant = (): Permit => {
    active += 1;
    let released = false;
    return {
      release() {
        if (released) return;
        released = true;
        active -= 1;
        serveWaiters();
      },
    };
  };

  const serveWaiters = () => {
    while (waiters.length > 0 && available() > 0) waiters.shift()?.(grant());
  };

  return {
    available,
    active: () => active,
    tryAcquire: () => (waiters.length === 0 && available() > 0 ? grant() : null),
    acquire: () =>
      new Promise<Permit | null>((resolve) => {
        if (closed) resolve(null);
        else if (waiters.length === 0 && available() > 0) resolve(grant());
        else waiters.push(resolve);
      }),
    close() {
      closed = true;
      for (const waiter of waiters.splice(0)) waiter(null);
    },
  };
};
