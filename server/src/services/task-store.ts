import type { Core } from '@strapi/strapi';
import { UIDS } from '../constants';
import { readEpoch } from '../utils/epoch';
import type { PageQuery } from '../validation/list-queries';
import type { TaskRecord } from './tasks';

/**
 * The task table, behind one module: every read and write of task rows goes through here (or
 * through leases.ts, whose conditional UPDATEs run on `taskTable` below), so that what a query
 * means (which tasks are due, held, free) is written once.
 *
 * Two kinds of write, kept apart on purpose: `create`, `update`, `set`, `updateMany` and `delete`
 * go through Strapi's query engine, so lifecycles fire (the timer re-arms on any task write,
 * timer.ts) and `updatedAt` moves; `taskTable` and `writeColumn` are plain SQL, for the lease
 * claims (one conditional UPDATE whose affected-row count decides the winner) and bookkeeping
 * that must not move `updatedAt`.
 *
 * Not through here, each saying why: the unique-name check (validation/unique-name.ts) and the
 * data migration (storage.ts), both shared with scripts; the timer's lifecycle subscription
 * names the model and makes no query.
 */

/** The task table's name and the column of each attribute, from Strapi's metadata. */
export const taskColumns = (strapi: Core.Strapi) => {
  const meta = () => strapi.db.metadata.get(UIDS.task);
  const column = (attribute: string) =>
    (meta().attributes[attribute] as { columnName?: string } | undefined)?.columnName ?? attribute;
  return { tableName: () => meta().tableName, column };
};

/** A knex builder on the task table (plain SQL: no lifecycles, `updatedAt` untouched). */
export const taskTable = (strapi: Core.Strapi) =>
  strapi.db.connection(taskColumns(strapi).tableName());

const EPOCH_FIELDS = [
  'startAt',
  'endAt',
  'referenceAt',
  'nextRunAt',
  'lastRunAt',
  'leaseExpiresAt',
  'leaseSlot',
  'cancelRequestedAt',
  'retryAt',
  'retrySlot',
  'pausedAt',
] as const;

/** Rows come back with bigints as strings on PostgreSQL and MySQL; tasks leave here as numbers. */
export const toTaskRecord = (row: Record<string, unknown>): TaskRecord => {
  const task = { ...row } as Record<string, unknown>;
  for (const field of EPOCH_FIELDS) task[field] = readEpoch(row[field]);
  if (row.script && typeof row.script === 'object') task.script = (row.script as { id: number }).id;
  // A row written before the field existed (or by SQL) has none: the default policy applies.
  task.overlap ??= 'skip';
  return task as unknown as TaskRecord;
};

type Where = Record<string, unknown>;
type OrderBy = Record<string, 'asc' | 'desc'> | Array<Record<string, 'asc' | 'desc'>>;
/** A task row as the query engine gives it back, some fields only (bigints unread). */
export type TaskRow = Record<string, unknown>;

/** Whole tasks come with their script's id, as TaskRecord has it. */
const WITH_SCRIPT = { script: { select: ['id'] } };

/** Earliest instants the wake-up check reads in one statement (wakeups.ts, attention). */
export interface TaskHorizon {
  /** Earliest next slot of an enabled, unpaused task nobody holds. */
  nextFree: number | null;
  /** Earliest pending retry of such a task. */
  nextRetry: number | null;
  /** Earliest next slot of an enabled, unpaused task that is held. */
  nextHeld: number | null;
  /** The same, for held tasks whose overlap policy acts when the slot comes. */
  nextOverlap: number | null;
  /** Earliest expiry of a held lease. */
  nextExpiry: number | null;
}

const createTaskStore = ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(UIDS.task);
  const { tableName, column } = taskColumns(strapi);
  const active = { enabled: true, pausedAt: { $null: true } };

  return {
    column,

    /** One whole task, or null. */
    async find(where: Where): Promise<TaskRecord | null> {
      const row = await query().findOne({ where, populate: WITH_SCRIPT });
      return row ? toTaskRecord(row) : null;
    },

    /** Whole tasks, by id unless `orderBy` says otherwise. */
    async findAll({ where, orderBy }: { where?: Where; orderBy?: OrderBy } = {}) {
      const rows = await query().findMany({
        ...(where ? { where } : {}),
        populate: WITH_SCRIPT,
        orderBy: orderBy ?? { id: 'asc' },
      });
      return rows.map(toTaskRecord);
    },

    /** One page of tasks, each with its script's id and name (the admin list). */
    async findPage(page: PageQuery) {
      return query().findPage({
        ...page,
        populate: { script: { select: ['id', 'name', 'builtInKey'] } },
      });
    },

    /** Some fields of one task, as stored (bigints unread), or null. */
    async pick(where: Where, select: string[], orderBy?: OrderBy): Promise<TaskRow | null> {
      return query().findOne({ where, select, ...(orderBy ? { orderBy } : {}) });
    },

    /** Some fields of many tasks, as stored; `script` adds each one's script (these fields). */
    async pickMany(
      where: Where,
      select: string[],
      { orderBy, script }: { orderBy?: OrderBy; script?: string[] } = {}
    ): Promise<TaskRow[]> {
      return query().findMany({
        where,
        select,
        ...(orderBy ? { orderBy } : {}),
        ...(script ? { populate: { script: { select: script } } } : {}),
      });
    },

    /** Tasks and their scripts for the export: every field, the script's given fields. */
    async withScripts(script: string[], orderBy: OrderBy): Promise<TaskRow[]> {
      return query().findMany({ populate: { script: { select: script } }, orderBy });
    },

    async count(where?: Where): Promise<number> {
      return query().count(where ? { where } : {});
    },

    async create(data: Record<string, unknown>): Promise<TaskRecord> {
      return toTaskRecord(await query().create({ data, populate: WITH_SCRIPT }));
    },

    async update(id: number, data: Record<string, unknown>): Promise<TaskRecord> {
      return toTaskRecord(await query().update({ where: { id }, data, populate: WITH_SCRIPT }));
    },

    /** Writes fields of one task, reading nothing back (a task that is gone is left so). */
    async set(id: number, data: Record<string, unknown>): Promise<void> {
      await query().update({ where: { id }, data });
    },

    async updateMany(where: Where, data: Record<string, unknown>) {
      return query().updateMany({ where, data });
    },

    async delete(id: number) {
      return query().delete({ where: { id } });
    },

    /** Writes one field straight to its column: bookkeeping that must not move `updatedAt`. */
    async writeColumn(id: number, attribute: string, value: unknown) {
      return taskTable(strapi)
        .where({ id })
        .update({ [column(attribute)]: value });
    },

    /**
     * Everything due, in one indexed query: enabled tasks whose next slot or retry has come and
     * that nobody holds, plus tasks whose holder stopped renewing its lease (to recover them).
     */
    async findDue(now: number, limit?: number): Promise<TaskRecord[]> {
      const free = { ...active, leaseOwner: { $null: true } };
      const rows = await query().findMany({
        where: {
          $or: [
            { ...free, nextRunAt: { $lte: now } },
            { ...free, retryAt: { $lte: now } },
            { leaseOwner: { $notNull: true }, leaseExpiresAt: { $lt: now } },
          ],
        },
        populate: WITH_SCRIPT,
        orderBy: [{ nextRunAt: 'asc' }, { id: 'asc' }],
        ...(limit === undefined ? {} : { limit }),
      });
      return rows.map(toTaskRecord);
    },

    /**
     * Tasks whose slot has come while their run is going, and whose policy acts on it now: held
     * by a live lease (an expired one is a take-over, findDue's), enabled and not paused.
     */
    async findOverlapping(now: number): Promise<TaskRecord[]> {
      const rows = await query().findMany({
        where: {
          ...active,
          leaseOwner: { $notNull: true },
          leaseExpiresAt: { $gte: now },
          nextRunAt: { $lte: now },
          $or: [{ overlap: 'skip' }, { overlap: 'replace', cancelRequestedAt: { $null: true } }],
        },
        populate: WITH_SCRIPT,
        orderBy: [{ nextRunAt: 'asc' }, { id: 'asc' }],
      });
      return rows.map(toTaskRecord);
    },

    /** The earliest next slot (or pending retry) of an enabled task that is not paused. */
    async earliest(field: 'nextRunAt' | 'retryAt'): Promise<number | null> {
      const row = await query().findOne({
        where: { ...active, [field]: { $notNull: true } },
        select: [field],
        orderBy: { [field]: 'asc' },
      });
      return row ? Number(row[field]) : null;
    },

    /** The ids of these tasks (all when `where` is empty) that nobody holds. */
    async freeIds(where: Where = {}): Promise<number[]> {
      const rows = (await query().findMany({
        where: { ...where, leaseOwner: { $null: true } },
        select: ['id'],
      })) as Array<{ id: number }>;
      return rows.map((row) => row.id);
    },

    /**
     * One statement, five indexed MIN() sub-queries (the wake-up's check, wakeups.ts): no task is loaded and no schedule is
     * evaluated. This is all a wake-up costs when nothing is due. Paused tasks are never due.
     */
    async horizon(): Promise<TaskHorizon> {
      const knex = strapi.db.connection;
      const table = tableName();
      const live = (builder: ReturnType<typeof knex>) =>
        builder.where(column('enabled'), true).whereNull(column('pausedAt'));
      const row = (await knex
        .select(
          live(knex(table).min(column('nextRunAt')))
            .whereNull(column('leaseOwner'))
            .as('next_free'),
          live(knex(table).min(column('retryAt')))
            .whereNull(column('leaseOwner'))
            .as('next_retry'),
          live(knex(table).min(column('nextRunAt')))
            .whereNotNull(column('leaseOwner'))
            .as('next_held'),
          live(knex(table).min(column('nextRunAt')))
            .whereNotNull(column('leaseOwner'))
            .where((acting) =>
              acting
                .where(column('overlap'), 'skip')
                .orWhere((replace) =>
                  replace.where(column('overlap'), 'replace').whereNull(column('cancelRequestedAt'))
                )
            )
            .as('next_overlap'),
          // The IS NOT NULL is implied by MIN() but lets the index seek past the free tasks'
          // NULLs instead of walking them.
          knex(table)
            .min(column('leaseExpiresAt'))
            .whereNotNull(column('leaseExpiresAt'))
            .whereNotNull(column('leaseOwner'))
            .as('next_expiry')
        )
        .first()) as Record<string, unknown> | undefined;
      return {
        nextFree: readEpoch(row?.next_free),
        nextRetry: readEpoch(row?.next_retry),
        nextHeld: readEpoch(row?.next_held),
        nextOverlap: readEpoch(row?.next_overlap),
        nextExpiry: readEpoch(row?.next_expiry),
      };
    },
  };
};

export type TaskStore = ReturnType<typeof createTaskStore>;
export default createTaskStore;
