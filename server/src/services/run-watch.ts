import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import type { BoundedCall } from './lease-hold';

/** How often the runs going in this process are looked after: cancel requests, live log. */
export const RUN_WATCH_MS = 1000;

export interface WatchedRun {
  /** Someone asked for the run to stop (its row's cancel mark); called once. */
  onCancel(by: number | null): void;
  /** Writes what the run logged and reported since the last call, if anything (bounded). */
  flush(): Promise<void>;
}

/**
 * Looks after the runs going in this process, every RUN_WATCH_MS while there are any: one read
 * by primary key finds those someone asked to stop (the request may have reached any instance:
 * it travels as a mark on the run's row), then each run's log and progress so far are written to
 * its row. The lease renewal would be too rare for either (a third of the lease). One tick at a
 * time; a tick whose database calls fail or time out is simply followed by the next.
 */
export const createRunWatch = ({
  strapi,
  call,
  everyMs = RUN_WATCH_MS,
}: {
  strapi: Core.Strapi;
  call: BoundedCall;
  everyMs?: number;
}) => {
  const watched = new Map<number, WatchedRun>();
  const asked = new Set<number>();
  let timer: NodeJS.Timeout | undefined;
  let ticking = false;

  const tick = async () => {
    timer = undefined;
    ticking = true;
    const ids = [...watched.keys()].filter((id) => !asked.has(id));
    try {
      const marks = await call(
        getService(strapi, 'runs').cancelRequestedAmong(ids),
        'looking for cancel requests',
        everyMs * 2
      );
      for (const { id, by } of marks) {
        const run = watched.get(id);
        if (!run || asked.has(id)) continue;
        asked.add(id);
        run.onCancel(by);
      }
    } catch {
      // The next tick looks again.
    }
    await Promise.all([...watched.values()].map((run) => run.flush().catch(() => undefined)));
    ticking = false;
    schedule();
  };

  const schedule = () => {
    if (timer || ticking || watched.size === 0) return;
    timer = setTimeout(() => void tick(), everyMs);
    // The runs keep the process alive; this never does on its own.
    timer.unref();
  };

  return {
    /** Watches a run until the returned function is called. */
    add(runId: number, run: WatchedRun) {
      watched.set(runId, run);
      schedule();
      return () => {
        watched.delete(runId);
        asked.delete(runId);
      };
    },
    /** Stops the run at once if it goes in this process (a cancel request made here). */
    cancelHere(runId: number, by: number | null) {
      const run = watched.get(runId);
      if (!run || asked.has(runId)) return false;
      asked.add(runId);
      run.onCancel(by);
      return true;
    },
  };
};

export type RunWatch = ReturnType<typeof createRunWatch>;
