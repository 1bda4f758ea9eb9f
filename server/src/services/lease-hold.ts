import type { Core } from '@strapi/strapi';
import type { RunStatus } from '../constants';
import { pause } from '../utils/async';
import { getService } from '../utils/get-service';
import { getPluginConfig } from '../utils/plugin-config';
import { keepLease, type LeaseKeeper } from './lease-keeper';
import { leaseTimings, nextStoreStep } from './lease-rules';
import type { Lease } from './leases';

/**
 * The holder found, just before running a slot or while storing its record, that its lease had
 * been taken over (it expired while the holder was slow or frozen): the slot is the new holder's.
 */
export class LeaseLostError extends Error {
  constructor(taskId: number) {
    super(`the lease on task ${taskId} was taken over before its run started`);
    this.name = 'LeaseLostError';
  }
}

/**
 * The database failed the holder before a slot could start, or would not take a run's record
 * while shutting down: the lease has been left to expire, so that the slot is recovered.
 */
export class SlotAbandonedError extends Error {
  constructor(taskId: number, cause: unknown) {
    super(`task ${taskId}: its slot was given up for recovery (${describe(cause)})`);
    this.name = 'SlotAbandonedError';
  }
}

export const describe = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

/** A lease this process holds, and what keeps it alive until it is released or given up. */
export interface Hold {
  lease: Lease;
  keeper: LeaseKeeper;
  /**
   * Aborted when the run going under this lease must stop: a newer slot replaces it (overlap
   * `replace`), or a renewal found the lease taken over (a fenced lease: the script must not go
   * on beside the new holder's run of the slot). Set through `stopHold`.
   */
  stop: AbortController;
  /** How the run stopped through `stop` is recorded. */
  stoppedAs?: Extract<RunStatus, 'replaced' | 'interrupted'>;
}

/** The reason a replaced run gives. */
export const REPLACED_REASON =
  'a newer slot of this task replaced the run (overlap policy replace)';

/** The reason a run stopped because its instance lost its lease gives (recorded interrupted). */
export const LEASE_LOST_REASON =
  'lease lost: another instance took the task over (this one had not renewed its lease in time), so the script was stopped';

/** Stops the run going under a hold, recorded as `status`; the first reason given stays. */
export const stopHold = (entry: Hold, status: NonNullable<Hold['stoppedAs']>, reason: string) => {
  if (entry.stop.signal.aborted) return;
  entry.stoppedAs = status;
  entry.stop.abort(reason);
};

/** A database call bounded in time (`callMs` unless told); its failures are noted. */
export type BoundedCall = <T>(work: Promise<T>, what: string, ms?: number) => Promise<T>;

/**
 * The leases this process holds, from the claim until they are released or given up: each kept
 * alive by a keeper (lease-keeper.ts) meanwhile.
 */
export const createLeaseHolds = ({ strapi, call }: { strapi: Core.Strapi; call: BoundedCall }) => {
  const leases = () => getService(strapi, 'leases');
  const config = () => getPluginConfig(strapi);
  const timings = () => leaseTimings(config().leaseMs);
  // Knex drops its pool when Strapi closes the database; retrying past that would never end.
  const closing = () => !(strapi.db.connection.client as { pool?: unknown }).pool;
  const holds = new Map<number, Hold>();

  /**
   * Starts keeping a lease just claimed; every path out of a claim ends in release or abandon.
   * With `watchCancel` (a task whose overlap policy is replace), each renewal also looks whether
   * a wake-up asked for the run to stop, and stops it.
   */
  const hold = (lease: Lease, clock: () => number, { watchCancel = false } = {}): Hold => {
    // `renew` first runs from the keeper's timer, once `entry` below exists.
    const renew = async () => {
      const ours = await call(
        leases().extend(lease, clock(), config().leaseMs),
        'renewing a lease',
        timings().renewCallMs
      );
      // Fenced: the slot is the new holder's now, and its script must not run beside this one.
      if (!ours) stopHold(entry, 'interrupted', LEASE_LOST_REASON);
      if (ours && watchCancel && !entry.stop.signal.aborted) {
        const asked = leases().cancelRequested(lease);
        if (await call(asked, 'renewing a lease', timings().renewCallMs)) {
          stopHold(entry, 'replaced', REPLACED_REASON);
        }
      }
      return ours;
    };
    const entry: Hold = { lease, keeper: keepLease(renew, timings()), stop: new AbortController() };
    holds.set(lease.taskId, entry);
    return entry;
  };

  const letGo = (entry: Hold) => {
    entry.keeper.stop();
    if (holds.get(entry.lease.taskId) === entry) holds.delete(entry.lease.taskId);
  };

  /**
   * Frees a lease once its runs are recorded, tried again like a run's record while the lease may
   * still be ours. False when it was not (or no longer) ours to free.
   */
  const release = async (entry: Hold, fields: Record<string, unknown> = {}) => {
    let current = fields;
    let failures = 0;
    let refusals = 0;
    try {
      for (;;) {
        try {
          return await call(leases().release(entry.lease, current), 'releasing a lease');
        } catch {
          failures += 1;
          const lease = await entry.keeper.renewNow();
          if (lease === 'held') refusals += 1;
          const state = {
            attempt: 'failed' as const,
            lease,
            failures,
            refusals,
            closing: closing(),
          };
          const step = nextStoreStep(state, timings());
          if (step.action === 'retry') await pause(step.delayMs);
          else if (step.action === 'fallback' && Object.keys(current).length > 0) {
            // The task row refuses what the runs changed: free the lease at least.
            current = {};
            refusals = 0;
          } else return false;
        }
      }
    } finally {
      letGo(entry);
    }
  };

  /** Leaves the lease to expire at once (leases.abandon), after the database failed a slot. */
  const abandon = async (
    entry: Hold,
    clock: () => number,
    cause: unknown,
    fields: Record<string, unknown> = {}
  ) => {
    letGo(entry);
    const why =
      cause instanceof SlotAbandonedError
        ? cause.message
        : `task ${entry.lease.taskId}: its slot was given up for recovery (${describe(cause)})`;
    strapi.log.warn(`[maintenance] ${why}`);
    await call(leases().abandon(entry.lease, clock(), fields), 'giving a lease up').catch(
      () => undefined
    );
  };

  return {
    hold,
    release,
    abandon,
    closing,
    timings,
    /** The lease this process holds on the task, if any (its runs are still going or storing). */
    holding: (taskId: number) => holds.get(taskId),
  };
};

export type LeaseHolds = ReturnType<typeof createLeaseHolds>;
