import type { Core } from '@strapi/strapi';
import { taskColumns, taskTable } from './task-store';

/**
 * The task table's conditional UPDATEs (the rest of it is task-store.ts).
 *
 * The seed's in-process `_v_running` lock, made to hold across instances: a lease on the task row,
 * taken by one autocommit conditional UPDATE whose affected-row count decides the winner (the
 * only claim that behaves the same on SQLite, PostgreSQL and MySQL). Every UPDATE compares the
 * fence counter it read, so two claimers that read the same row cannot both win, and an instance
 * whose lease was taken over can no longer extend or release it.
 */
export interface Lease {
  taskId: number;
  fence: number;
  owner: string;
}

export interface SlotClaim {
  taskId: number;
  /** The fence value the claimer read with the row. */
  observedFence: number;
  owner: string;
  now: number;
  leaseMs: number;
  /** The slot being run (null for a manual run). */
  slot: number | null;
  /** Where the schedule goes next; undefined leaves it alone (manual runs, take-overs). */
  nextRunAt?: number | null;
  /** The next slot the claimer read; the claim fails if the row moved on since. */
  observedNextRunAt?: number | null;
  /**
   * A scheduled slot or retry: the claim fails if the task was disabled or paused since it was
   * read (a paused task never runs from a wake-up).
   */
  scheduled?: boolean;
}

const createLeasesService = ({ strapi }: { strapi: Core.Strapi }) => {
  // The task table's plain-SQL side (task-store.ts): these UPDATEs fire no lifecycles.
  const { column } = taskColumns(strapi);
  const table = () => taskTable(strapi);

  return {
    column,

    /**
     * Claims a task whose lease is free or expired. Returns the lease when this caller won, null
     * when another caller did (or the row changed since it was read).
     */
    async claim(claim: SlotClaim): Promise<Lease | null> {
      const fence = claim.observedFence + 1;
      const updates: Record<string, unknown> = {
        [column('leaseOwner')]: claim.owner,
        [column('leaseExpiresAt')]: claim.now + claim.leaseMs,
        [column('leaseFence')]: fence,
        [column('leaseSlot')]: claim.slot,
        [column('cancelRequestedAt')]: null,
      };
      if (claim.nextRunAt !== undefined) updates[column('nextRunAt')] = claim.nextRunAt;

      const builder = table()
        .where('id', claim.taskId)
        .andWhere(column('leaseFence'), claim.observedFence)
        .andWhere((free) =>
          free.whereNull(column('leaseOwner')).orWhere(column('leaseExpiresAt'), '<', claim.now)
        );
      if (claim.scheduled) {
        builder.andWhere(column('enabled'), true).whereNull(column('pausedAt'));
      }
      if (claim.observedNextRunAt !== undefined) {
        if (claim.observedNextRunAt === null) builder.whereNull(column('nextRunAt'));
        else builder.andWhere(column('nextRunAt'), claim.observedNextRunAt);
      }
      const changed = await builder.update(updates);
      return Number(changed) === 1 ? { taskId: claim.taskId, fence, owner: claim.owner } : null;
    },

    /**
     * Pushes the expiry forward while the script runs; false when the lease was lost. With
     * `slot`, also records which slot the holder is about to run, so that whoever takes over
     * after it dies knows which slot to run again.
     */
    async extend(
      lease: Lease,
      now: number,
      leaseMs: number,
      slot?: number | null
    ): Promise<boolean> {
      const changed = await table()
        .where('id', lease.taskId)
        .andWhere(column('leaseFence'), lease.fence)
        .update({
          [column('leaseExpiresAt')]: now + leaseMs,
          ...(slot === undefined ? {} : { [column('leaseSlot')]: slot }),
        });
      return Number(changed) === 1;
    },

    /**
     * Moves a held task's schedule past slots that came while its run was going and that a
     * wake-up records skipped (overlap `skip`): only if the row still is at the slot read and
     * still held, so that one caller wins and a slot that came after the run ended is run.
     */
    async skipHeld(taskId: number, observedNextRunAt: number, nextRunAt: number | null) {
      const changed = await table()
        .where('id', taskId)
        .andWhere(column('nextRunAt'), observedNextRunAt)
        .whereNotNull(column('leaseOwner'))
        .update({ [column('nextRunAt')]: nextRunAt });
      return Number(changed) === 1;
    },

    /**
     * Moves the schedule of a task whose lease is ours past a slot it is about to run (a slot
     * that waited for the run before it, overlap `queue`), and names the slot on the lease.
     */
    async advance(lease: Lease, slot: number, nextRunAt: number | null) {
      const changed = await table()
        .where('id', lease.taskId)
        .andWhere(column('leaseFence'), lease.fence)
        .update({ [column('nextRunAt')]: nextRunAt, [column('leaseSlot')]: slot });
      return Number(changed) === 1;
    },

    /**
     * Gives the lease up without freeing it: it expires now, still naming its owner and slot, so
     * that the next wake-up anywhere (this instance's included) recovers the task as it would
     * after the holder's death: a run left `running` is recorded interrupted and the slots the
     * claim took are run. For a holder that could not start or record a slot because the
     * database failed it: freeing the lease would drop those slots, since the claim already moved
     * the schedule past them. `fields` stores what the slots already run changed on the task.
     */
    async abandon(lease: Lease, now: number, fields: Record<string, unknown> = {}) {
      const updates: Record<string, unknown> = { [column('leaseExpiresAt')]: now - 1 };
      for (const [attribute, value] of Object.entries(fields)) updates[column(attribute)] = value;
      const changed = await table()
        .where('id', lease.taskId)
        .andWhere(column('leaseFence'), lease.fence)
        .update(updates);
      return Number(changed) === 1;
    },

    /** Frees the lease and stores what the run changed on the task, if the lease is still ours. */
    async release(lease: Lease, fields: Record<string, unknown> = {}): Promise<boolean> {
      const updates: Record<string, unknown> = {
        [column('leaseOwner')]: null,
        [column('leaseExpiresAt')]: null,
        [column('leaseSlot')]: null,
        [column('cancelRequestedAt')]: null,
      };
      for (const [attribute, value] of Object.entries(fields)) updates[column(attribute)] = value;
      const changed = await table()
        .where('id', lease.taskId)
        .andWhere(column('leaseFence'), lease.fence)
        .update(updates);
      return Number(changed) === 1;
    },

    /**
     * Asks the holder of a live lease to stop its run (overlap `replace`): it sees the mark when
     * it renews. One caller wins per lease (the fence it read, no mark yet).
     */
    async requestCancel(taskId: number, observedFence: number, now: number) {
      const changed = await table()
        .where('id', taskId)
        .andWhere(column('leaseFence'), observedFence)
        .whereNotNull(column('leaseOwner'))
        .whereNull(column('cancelRequestedAt'))
        .update({ [column('cancelRequestedAt')]: now });
      return Number(changed) === 1;
    },

    /** Whether someone asked the holder of this lease to stop its run. */
    async cancelRequested(lease: Lease) {
      const row = (await table()
        .where('id', lease.taskId)
        .andWhere(column('leaseFence'), lease.fence)
        .first(column('cancelRequestedAt'))) as Record<string, unknown> | undefined;
      return row !== undefined && row[column('cancelRequestedAt')] != null;
    },
  };
};

export type LeasesService = ReturnType<typeof createLeasesService>;
export default createLeasesService;
