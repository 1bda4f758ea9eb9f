import type { Core } from '@strapi/strapi';
import { LEASE_LOST_ERROR } from '../sandbox/protocol';
import type { LiveState } from '../sandbox/run-record';
import { within } from '../utils/async';
import { getService } from '../utils/get-service';
import { getPluginConfig } from '../utils/plugin-config';
import { describe, type BoundedCall, type Hold } from './lease-hold';
import { executionBoundMs, fenceAfterMs } from './lease-rules';
import type { Ending } from './run-store';
import { createRunWatch, RUN_WATCH_MS } from './run-watch';
import type { RunRecord } from './runs';
import { integrityError, taskIntegrityError } from './integrity-errors';
import type { ScriptRecord } from './scripts';
import type { TaskRecord } from './tasks';

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

/** Who asked for a run to stop, and when this process heard of it. */
export interface CancelNote {
  by: number | null;
  at: number;
}

/**
 * A slot's script in the sandbox, from its start to its ending: watched meanwhile (run-watch.ts:
 * stopped when someone asks, its log and progress written to its row as it goes) and fenced (the
 * sandbox process stops it if Strapi's process goes silent long enough for its lease to be taken
 * over). A run stopped says how: replaced, cancelled or interrupted (lease lost).
 */
export const createRunExecution = ({
  strapi,
  call,
}: {
  strapi: Core.Strapi;
  call: BoundedCall;
}) => {
  const runs = () => getService(strapi, 'runs');
  const config = () => getPluginConfig(strapi);
  const watch = createRunWatch({ strapi, call });

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

    const { defaults, caps, leaseMs } = config();
    const wallMs = Math.min(task.wallTimeLimitMs ?? defaults.wallTimeLimitMs, caps.wallTimeLimitMs);
    const boundMs = executionBoundMs(wallMs, leaseMs, SANDBOX_RESTARTS);
    // Past the bound the script is told to stop as well, so that it cannot go on once its lease
    // is released and another instance may run the task.
    const pastBound = new AbortController();
    try {
      const work = getService(strapi, 'executor').execute({
        task,
        script,
        run,
        dryRun,
        signal: AbortSignal.any([signal, pastBound.signal]),
        onUpdate,
        fenceMs: fenceAfterMs(leaseMs),
      });
      const ended = await within(work, boundMs);
      if (ended !== 'time-up') return ended;
      pastBound.abort(`the run did not end within ${boundMs} ms`);
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

  /** Runs the script under `entry`'s lease; `clock` is the wake-up's (endedAt is told in it). */
  const run = async (
    task: TaskRecord,
    script: ScriptRecord | null,
    record: RunRecord,
    entry: Hold,
    { dryRun, clock }: { dryRun: boolean; clock: () => number }
  ): Promise<{ ending: Ending; cancel?: CancelNote }> => {
    const cancel = new AbortController();
    let asked: CancelNote | undefined;
    // The log and progress as they stand, read only when written (at most one write a tick).
    let read: (() => LiveState) | undefined;
    let changed = false;
    const unwatch = watch.add(record.id, {
      onCancel: (by) => {
        asked = { by, at: Date.now() };
        cancel.abort(cancelReason(by));
      },
      flush: async () => {
        if (!changed || !read) return;
        changed = false;
        try {
          const write = runs().writeLive(record.id, read());
          await call(write, "writing a run's log so far", RUN_WATCH_MS);
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
      ending = await execute(task, script, record, dryRun, signal, onUpdate);
    } finally {
      unwatch();
    }
    // An ending the sandbox did not give (the scheduler's own time bound) keeps what the run's
    // record already showed live, rather than an empty log.
    if (read && Array.isArray(ending.log) && ending.log.length === 0) {
      const live = read();
      ending.log = live.log;
      ending.logTruncated = live.logTruncated;
      ending.progress ??= live.progress ?? undefined;
    }
    // When the script stopped, in the wake-up's clock (tests run on a clock of their own).
    if (ending.endedAt !== undefined) ending.endedAt = clock() - (Date.now() - ending.endedAt);
    if (entry.stop.signal.aborted) {
      // Replaced by a newer slot (not a failure of the script), or stopped because a renewal
      // found the lease taken over.
      ending.status = entry.stoppedAs ?? 'replaced';
      if (ending.status === 'interrupted') {
        ending.error = { name: 'Interrupted', message: String(entry.stop.signal.reason) };
      }
    } else if (ending.error?.name === LEASE_LOST_ERROR) {
      // The sandbox process stopped it: Strapi's process was silent long enough to lose the lease.
      ending.status = 'interrupted';
    } else if (cancel.signal.aborted) {
      // Asked to stop: the slot counts as done, neither failed nor retried.
      ending.status = 'cancelled';
      ending.error = { name: 'Cancelled', message: String(cancel.signal.reason) };
      return { ending, cancel: asked };
    }
    return { ending };
  };

  return {
    run,
    /** Stops a run going in this process now (a cancel request made here); false if none. */
    cancelHere: watch.cancelHere,
  };
};
