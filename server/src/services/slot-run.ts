import type { Core } from '@strapi/strapi';
import { UIDS, type RunTrigger } from '../constants';
import { pause, within } from '../utils/async';
import { getService } from '../utils/get-service';
import { getPluginConfig } from '../utils/plugin-config';
import {
  createLeaseHolds,
  describe,
  LeaseLostError,
  SlotAbandonedError,
  type BoundedCall,
  type Hold,
} from './lease-hold';
import type { Lease } from './leases';
import { executionBoundMs } from './lease-rules';
import { createRunStore, type Ending } from './run-store';
import { createRunWatch, RUN_WATCH_MS } from './run-watch';
import type { LiveState } from '../sandbox/run-record';
import type { RunRecord } from './runs';
import { integrityError, taskIntegrityError, type ScriptRecord } from './scripts';
import type { TaskRecord } from './tasks';

export { LeaseLostError, SlotAbandonedError, type Hold } from './lease-hold';

export interface ExecuteOptions {
  slot: number | null;
  attempt: number;
  trigger: RunTrigger;
  dryRun?: boolean;
  requestedBy?: number;
}

/**
 * How many times the sandbox may start one run again after its process was replaced for another
 * run's sake (MAX_RESTARTS in sandbox/bystanders.ts), each time with its full wall-time limit.
 */
const SANDBOX_RESTARTS = 2;

const refused = (error: NonNullable<RunRecord['error']>): Ending => ({
  status: 'failed',
  error,
  log: [],
  logTruncated: false,
});

/** What a cancelled run's record says. */
export const cancelReason = (by: number | null) =>
  by === null ? 'cancelled on request' : `cancelled by administrator #${by}`;

export interface SlotRunnerDeps {
  strapi: Core.Strapi;
  instanceId: string;
  call: BoundedCall;
}

/** Runs one slot under a held lease, and lets the lease go: released, or left to expire. */
export const createSlotRunner = ({ strapi, instanceId, call }: SlotRunnerDeps) => {
  const leases = () => getService(strapi, 'leases');
  const runs = () => getService(strapi, 'runs');
  const config = () => getPluginConfig(strapi);
  const holds = createLeaseHolds({ strapi, call });
  const { closing, timings } = holds;
  const { store } = createRunStore({ strapi, instanceId, call, holds });
  const watch = createRunWatch({ strapi, call });

  /**
   * A step before a run starts, tried again while the lease may still be ours: a database that
   * restarts or goes away for a while delays the run rather than giving its slot up. Past
   * `startWithinMs` (or once the lease is lost, or on shutdown) the step fails for good.
   */
  const persist = async <T>(entry: Hold, attempt: () => Promise<T>, what: string) => {
    const { startWithinMs, renewRetryMs, storeRetryMaxMs } = timings();
    const deadline = Date.now() + startWithinMs;
    for (let failures = 1; ; failures += 1) {
      try {
        return await call(attempt(), what);
      } catch (error) {
        if ((await entry.keeper.renewNow()) === 'lost')
          throw new LeaseLostError(entry.lease.taskId);
        if (closing() || Date.now() >= deadline) throw error;
        await pause(Math.min(storeRetryMaxMs, renewRetryMs * 2 ** (failures - 1)));
      }
    }
  };

  /**
   * Creates a run's record, tried again like `persist`. Strapi's create is an insert followed by
   * reads, and a reply can be lost after the insert was committed: before an insert is tried
   * again, the row is looked for (once the earlier insert has settled, the table says whether it
   * happened), so that a slot never gets two rows and a run row is never left behind.
   */
  const createRun = (entry: Hold, data: Partial<RunRecord> & Pick<RunRecord, 'taskId'>) => {
    let earlier: Promise<unknown> | undefined;
    const identity = {
      taskId: data.taskId,
      slot: data.slot ?? null,
      attempt: data.attempt ?? 1,
      instanceId,
      startedAt: data.startedAt ?? null,
    };
    return persist(
      entry,
      async () => {
        if (earlier) {
          await earlier.catch(() => undefined);
          const found = await runs().findStarted(identity);
          if (found) return found;
        }
        const created = runs().create(data);
        earlier = created;
        return created;
      },
      'creating a run record'
    );
  };

  /** The script, in the sandbox, waited for at most its wall-time limit plus grace. */
  const execute = async (
    task: TaskRecord,
    script: ScriptRecord | null,
    run: RunRecord,
    dryRun: boolean,
    signal: AbortSignal,
    onUpdate: (read: () => LiveState) => void
  ): Promise<Ending> => {
    // A task or a body changed behind the plugin's back (another plugin's Document Service
    // call, GraphQL, SQL) does not run: its run is refused with the reason (docs/security.md).
    const taskIntegrity = getService(strapi, 'tasks').integrity(task);
    if (taskIntegrity !== 'valid') return refused(taskIntegrityError(taskIntegrity));
    if (!script) return refused({ name: 'Error', message: `task ${task.id} has no script` });
    const integrity = getService(strapi, 'scripts').integrity(script);
    if (integrity !== 'valid') return refused(integrityError(integrity));

    const { defaults, caps } = config();
    const wallMs = Math.min(task.wallTimeLimitMs ?? defaults.wallTimeLimitMs, caps.wallTimeLimitMs);
    const boundMs = executionBoundMs(wallMs, config().leaseMs, SANDBOX_RESTARTS);
    try {
      const work = getService(strapi, 'executor').execute({
        task,
        script,
        run,
        dryRun,
        signal,
        onUpdate,
      });
      const ended = await within(work, boundMs);
      if (ended !== 'time-up') return ended;
    } catch (error) {
      return refused({ name: 'Error', message: `the run could not start: ${describe(error)}` });
    }
    // The sandbox ends a run at its limit itself; this is for whatever else it might await.
    return {
      status: 'timed-out',
      log: [],
      logTruncated: false,
      error: {
        name: 'TimeoutError',
        message: `the run did not end within ${boundMs} ms (its wall-time limit of ${wallMs} ms, plus grace); it was recorded as timed out and its lease released`,
      },
    };
  };

  /** Runs the task's script for one slot (or a manual run) under a lease this instance holds. */
  const runOneSlot = async (
    task: TaskRecord,
    entry: Hold,
    options: ExecuteOptions,
    clock: () => number
  ): Promise<RunRecord> => {
    const { lease, keeper } = entry;
    if (keeper.state === 'lost') throw new LeaseLostError(task.id);
    let script: ScriptRecord | null;
    let run: RunRecord;
    try {
      // The claim set the lease's expiry. Whatever came in between (earlier slots of a batch, a
      // busy connection pool, a slow database) may have let it expire and another instance take
      // the task over, and both would then run the slot. So the lease is renewed, and found to be
      // still ours, before anything is recorded or run; it also says which slot is starting, for
      // whoever takes over should this process die.
      const ours = await persist(
        entry,
        () => leases().extend(lease, clock(), config().leaseMs, options.slot),
        'renewing a lease'
      );
      if (!ours) throw new LeaseLostError(task.id);
      script = task.script
        ? ((await persist(
            entry,
            () => strapi.db.query(UIDS.script).findOne({ where: { id: task.script } }),
            'reading a script'
          )) as ScriptRecord | null)
        : null;
      const startedAt = clock();
      run = await createRun(entry, {
        taskId: task.id,
        taskName: task.name,
        slot: options.slot,
        attempt: options.attempt,
        trigger: options.trigger,
        status: 'running',
        dryRun: Boolean(options.dryRun),
        startedAt,
        driftMs: options.slot === null ? null : startedAt - options.slot,
        instanceId,
        scriptId: script?.id ?? null,
        scriptVersion: script?.version ?? null,
        requestedBy: options.requestedBy ?? null,
      });
    } catch (error) {
      if (error instanceof LeaseLostError) throw error;
      // Nothing ran. A run row an insert that never answered may still leave `running` is found
      // by whoever recovers the slot (the run table's unique slot and attempt keep it to one row).
      throw new SlotAbandonedError(task.id, error);
    }
    const { ending, cancel } = await executeWatched(
      task,
      script,
      run,
      entry,
      Boolean(options.dryRun)
    );
    const stored = await store(task, entry, run, ending, clock);
    if (stored.status !== 'cancelled' || !cancel) return stored;
    const cancelled = { ...stored, cancelRequestedAt: cancel.at, cancelRequestedBy: cancel.by };
    getService(strapi, 'notifications').runCancelled(task, cancelled);
    return cancelled;
  };

  /**
   * The script run as `execute` does, watched meanwhile (run-watch.ts): stopped when someone
   * asks (cancel), its log and progress written to its row as it goes. A run stopped says how.
   */
  const executeWatched = async (
    task: TaskRecord,
    script: ScriptRecord | null,
    run: RunRecord,
    entry: Hold,
    dryRun: boolean
  ): Promise<{ ending: Ending; cancel?: { by: number | null; at: number } }> => {
    const cancel = new AbortController();
    let asked: { by: number | null; at: number } | undefined;
    // The log and progress as they stand, read only when written (at most one write a tick).
    let read: (() => LiveState) | undefined;
    let changed = false;
    const unwatch = watch.add(run.id, {
      onCancel: (by) => {
        asked = { by, at: Date.now() };
        cancel.abort(cancelReason(by));
      },
      flush: async () => {
        if (!changed || !read) return;
        changed = false;
        try {
          await call(runs().writeLive(run.id, read()), "writing a run's log so far", RUN_WATCH_MS);
        } catch (error) {
          changed = true;
          throw error;
        }
      },
    });
    const onUpdate = (latest: () => LiveState) => {
      read = latest;
      changed = true;
    };
    let ending: Ending;
    try {
      const signal = AbortSignal.any([entry.stop.signal, cancel.signal]);
      ending = await execute(task, script, run, dryRun, signal, onUpdate);
    } finally {
      unwatch();
    }
    if (entry.stop.signal.aborted) {
      // Replaced by a newer slot (not a failure of the script), or fenced: the lease was lost.
      ending.status = entry.stoppedAs ?? 'replaced';
      if (ending.status === 'interrupted') {
        ending.error = { name: 'Interrupted', message: String(entry.stop.signal.reason) };
      }
    } else if (cancel.signal.aborted) {
      // Asked to stop: the slot counts as done, neither failed nor retried.
      ending.status = 'cancelled';
      ending.error = { name: 'Cancelled', message: String(cancel.signal.reason) };
      return { ending, cancel: asked };
    }
    return { ending };
  };

  return {
    /** Keeps a lease just claimed on `task`; a task whose overlap is replace watches for a stop. */
    hold: (lease: Lease, clock: () => number, task: Pick<TaskRecord, 'overlap'>) =>
      holds.hold(lease, clock, { watchCancel: task.overlap === 'replace' }),
    runOneSlot,
    release: holds.release,
    abandon: holds.abandon,
    holding: holds.holding,
    /** Stops a run going in this process now (a cancel request made here); false if none. */
    cancelHere: watch.cancelHere,
  };
};

export type SlotRunner = ReturnType<typeof createSlotRunner>;
