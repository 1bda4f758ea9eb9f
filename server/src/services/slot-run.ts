import type { Core } from '@strapi/strapi';
import { UIDS, type RunTrigger } from '../constants';
import { pause } from '../utils/async';
import { getService } from '../utils/get-service';
import { getPluginConfig } from '../utils/plugin-config';
import {
  createLeaseHolds,
  LeaseLostError,
  SlotAbandonedError,
  type BoundedCall,
  type Hold,
} from './lease-hold';
import type { Lease } from './leases';
import { createRunExecution } from './run-execution';
import { createRunStore } from './run-store';
import type { RunRecord } from './runs';
import type { ScriptRecord } from './scripts';
import type { TaskRecord } from './tasks';

export { LeaseLostError, SlotAbandonedError, type Hold } from './lease-hold';

export interface ExecuteOptions {
  slot: number | null;
  attempt: number;
  trigger: RunTrigger;
  dryRun?: boolean;
  requestedBy?: number;
}

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
  const execution = createRunExecution({ strapi, call });

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
    const { ending, cancel } = await execution.run(task, script, run, entry, {
      dryRun: Boolean(options.dryRun),
      clock,
    });
    const stored = await store(task, entry, run, ending, clock);
    if (stored.status !== 'cancelled' || !cancel) return stored;
    const cancelled = { ...stored, cancelRequestedAt: cancel.at, cancelRequestedBy: cancel.by };
    getService(strapi, 'notifications').runCancelled(task, cancelled);
    return cancelled;
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
    cancelHere: execution.cancelHere,
  };
};

export type SlotRunner = ReturnType<typeof createSlotRunner>;
