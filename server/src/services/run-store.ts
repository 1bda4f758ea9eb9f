import type { Core } from '@strapi/strapi';
import type { RunStatus } from '../constants';
import { pause } from '../utils/async';
import { getService } from '../utils/get-service';
import {
  describe,
  LeaseLostError,
  SlotAbandonedError,
  type BoundedCall,
  type Hold,
  type LeaseHolds,
} from './lease-hold';
import { nextStoreStep, type LeaseState, type StoreAttempt } from './lease-rules';
import type { RunRecord } from './runs';
import type { TaskRecord } from './tasks';

/** How a run ended, as the sandbox (or the scheduler's own bound) says. */
export interface Ending {
  status: RunStatus;
  log: unknown;
  logTruncated: boolean;
  result?: unknown;
  error?: RunRecord['error'];
  /** The script's last ctx.progress report (absent: the row keeps what it has). */
  progress?: RunRecord['progress'];
  /** When the script stopped, in the wake-up's clock (absent when the sandbox did not say). */
  endedAt?: number;
}

/**
 * A finished run's record, stored by the instance that holds the run's lease: kept and tried
 * again while the database does not take it (see nextStoreStep in lease-rules.ts).
 */
export const createRunStore = ({
  strapi,
  instanceId,
  call,
  holds,
}: {
  strapi: Core.Strapi;
  instanceId: string;
  call: BoundedCall;
  holds: Pick<LeaseHolds, 'closing' | 'timings'>;
}) => {
  const runs = () => getService(strapi, 'runs');
  const { closing, timings } = holds;

  /**
   * A run recorded interrupted by whoever took its task over has ended here after all: its record
   * says how and, above all, when its script really stopped (the take-over wrote when it looked),
   * so that a check of the run table sees whether it overlapped the slot's run elsewhere.
   */
  const noteTaken = async (run: RunRecord, ending: Ending, finishedAt: number) => {
    const endedAt = ending.endedAt ?? finishedAt;
    const when = new Date(endedAt).toISOString();
    // When the instance that took over recorded the run (a read on this rare path only).
    const taken = await call(runs().findOne(run.id), 'reading a run').catch(() => null);
    const takenAt = taken?.finishedAt ?? Infinity;
    const stopped =
      ending.status === 'interrupted'
        ? `its script was stopped at ${when} (lease lost)`
        : endedAt <= takenAt
          ? `its script had ended ${ending.status} at ${when}, before the take-over, but this instance could not record it before its lease ran out`
          : `the script went on and ended ${ending.status} at ${when}`;
    const message =
      `instance ${instanceId} lost its lease while this run was going, and the instance that ` +
      `took the task over recorded it interrupted and ran the slot again; ${stopped}`;
    strapi.log.warn(`[maintenance] run ${run.id}: ${message}`);
    await call(
      runs().noteLateEnding(run.id, {
        log: ending.log,
        logTruncated: ending.logTruncated,
        result: ending.result ?? null,
        finishedAt: endedAt,
        durationMs: run.startedAt === null ? null : endedAt - run.startedAt,
        message,
      }),
      'noting a late ending'
    ).catch(() => undefined);
  };

  /**
   * Stores a finished run's record. While the database does not take it the record is kept and
   * tried again, with the lease renewed meanwhile (lease-rules.ts, nextStoreStep).
   */
  const store = async (
    task: TaskRecord,
    { keeper }: Hold,
    run: RunRecord,
    ending: Ending,
    clock: () => number
  ): Promise<RunRecord> => {
    // A run stopped because its lease was lost ended when its script stopped, which a check of
    // the run table must see (the new holder's run of the slot starts after it, or not).
    const finishedAt =
      ending.status === 'interrupted' && ending.endedAt !== undefined ? ending.endedAt : clock();
    const base = {
      status: ending.status,
      finishedAt,
      durationMs: run.startedAt === null ? null : finishedAt - run.startedAt,
    };
    let data: Partial<RunRecord> = {
      ...base,
      log: ending.log,
      logTruncated: ending.logTruncated,
      result: ending.result,
      error: ending.error ?? null,
      ...(ending.progress ? { progress: ending.progress } : {}),
    };
    let fellBack = false;
    let failures = 0;
    let refusals = 0;
    let lastError: unknown;
    for (;;) {
      let attempt: StoreAttempt;
      let lease: LeaseState = keeper.state;
      try {
        const stored = await call(runs().finish(run.id, data), 'storing a run record');
        attempt = stored ? 'stored' : 'taken';
      } catch (error) {
        attempt = 'failed';
        lastError = error;
        failures += 1;
        // The renewal says whether the database is there (then it refused the record) or not.
        lease = await keeper.renewNow();
        if (lease === 'held') refusals += 1;
      }
      const step = nextStoreStep(
        { attempt, lease, failures, refusals, closing: closing() },
        timings()
      );
      if (step.action === 'retry') {
        await pause(step.delayMs);
        continue;
      }
      if (step.action === 'done' && attempt === 'stored') {
        return { ...run, ...data, result: data.result ?? null } as RunRecord;
      }
      if (step.action === 'fallback' && !fellBack) {
        // The run happened; only its record could not be stored whole. Keep what can be kept.
        fellBack = true;
        refusals = 0;
        data = {
          ...base,
          status: 'failed',
          error: {
            name: 'StorageError',
            message: `the run's result could not be stored: ${describe(lastError)}`,
          },
        };
        continue;
      }
      if (step.action === 'done' || (step.action === 'give-up' && step.reason === 'lost')) {
        await noteTaken(run, ending, finishedAt);
        throw new LeaseLostError(task.id);
      }
      // Shutting down, or even the smaller record refused: the lease is left to expire, and
      // whoever takes the task over records the run interrupted.
      throw new SlotAbandonedError(task.id, lastError ?? 'the plugin is shutting down');
    }
  };

  return { store };
};
