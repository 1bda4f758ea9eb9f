import type { Core } from '@strapi/strapi';
import { FAILED_RUN_STATUSES, UIDS, type RunStatus, type RunTrigger } from '../constants';
import { readEpoch } from '../utils/epoch';
import { rawRows, tableOf } from '../utils/sql';
import type { RunProgress } from '../contracts';
import type { PageQuery, RunPageQuery } from '../validation/list-queries';
import {
  encodeRunCursor,
  keysetSteps,
  walkDirection,
  type Direction,
  type KeyRow,
} from './run-keyset';
import {
  cappedPagination,
  countLimit,
  purgeVerdicts,
  type PurgeCursor,
  type TaskKeep,
} from './run-retention';

/** The largest value of an `integer` column on every database the plugin supports. */
const MAX_INT32 = 2_147_483_647;
export interface RunRecord {
  id: number;
  taskId: number;
  taskName: string | null;
  slot: number | null;
  attempt: number;
  trigger: RunTrigger;
  status: RunStatus;
  dryRun: boolean;
  startedAt: number | null;
  finishedAt: number | null;
  durationMs: number | null;
  driftMs: number | null;
  log: unknown;
  logTruncated: boolean;
  result: unknown;
  error: { name?: string; message: string; stack?: string; line?: number; column?: number } | null;
  instanceId: string | null;
  scriptId: number | null;
  scriptVersion: number | null;
  requestedBy: number | null;
  /** When someone asked for the run to stop (POST /runs/:id/cancel), and who. */
  cancelRequestedAt: number | null;
  cancelRequestedBy: number | null;
  /** What the script last said with ctx.progress (null when it said nothing). */
  progress: RunProgress | null;
}

/**
 * A script may return any JSON value, but Strapi's json columns only round-trip objects and
 * arrays (a bare string is written unquoted), so the result is stored wrapped as { value }.
 */
const wrapResult = (data: Partial<RunRecord>) =>
  'result' in data
    ? { ...data, result: data.result === undefined ? null : { value: data.result } }
    : data;

export const toRunRecord = (row: Record<string, unknown>): RunRecord => ({
  ...(row as unknown as RunRecord),
  slot: readEpoch(row.slot),
  startedAt: readEpoch(row.startedAt),
  finishedAt: readEpoch(row.finishedAt),
  cancelRequestedAt: readEpoch(row.cancelRequestedAt),
  cancelRequestedBy: readEpoch(row.cancelRequestedBy),
  progress: (row.progress as RunProgress | null | undefined) ?? null,
  result: (row.result as { value?: unknown } | null)?.value ?? null,
});

/** What a run list shows; the log and result are for the run's own page. */
const LIST_FIELDS = [
  'id',
  'taskId',
  'taskName',
  'slot',
  'attempt',
  'trigger',
  'status',
  'dryRun',
  'startedAt',
  'finishedAt',
  'durationMs',
  'driftMs',
  'logTruncated',
  'error',
  'instanceId',
  'scriptId',
  'scriptVersion',
  'requestedBy',
  'cancelRequestedAt',
  'cancelRequestedBy',
  'progress',
];

/** Old runs a purge batch reads (and at most deletes) by default. */
export const PURGE_BATCH = 5000;
export const MAX_PURGE_BATCH = 10_000;
/** Ids per DELETE … IN (…): below SQLite's 32,766 parameters. */
const DELETE_CHUNK = 5000;
/** Tasks per keep look-up statement. */
const KEEP_CHUNK = 10;

export interface PurgeOptions {
  cutoff: number;
  keepLast: number;
  except?: number;
  dryRun?: boolean;
}

const createRunsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(UIDS.run);

  const runTable = () => tableOf(strapi, UIDS.run);

  /**
   * What each task keeps whatever its runs' age (run-retention's TaskKeep), for the tasks of
   * `taskIds` not in `keeps` yet, added to it: per task two index seeks, its `keepLast`-th
   * latest run on (task_id, id) and its latest failure on (task_id, status, id); a statement per
   * 10 tasks (PostgreSQL's planning time grows faster than the number of subqueries).
   */
  const lookUpKeeps = async (taskIds: number[], keepLast: number, keeps: Map<number, TaskKeep>) => {
    const knex = strapi.db.connection;
    const { table, column } = runTable();
    const quote = (name: string) => knex.raw('??', [name]).toQuery();
    const [runs, taskId, id, status] = [
      table,
      column('taskId'),
      column('id'),
      column('status'),
    ].map(quote);
    const failed = FAILED_RUN_STATUSES.map(() => '?').join(', ');
    const missing = taskIds.filter((task) => Number.isSafeInteger(task) && !keeps.has(task));
    for (let start = 0; start < missing.length; start += KEEP_CHUNK) {
      const chunk = missing.slice(start, start + KEEP_CHUNK);
      const selects = chunk.map((task) => {
        const lastKept =
          keepLast > 0
            ? `(SELECT ${id} FROM ${runs} WHERE ${taskId} = ${task} ORDER BY ${id} DESC LIMIT 1 OFFSET ${keepLast - 1})`
            : 'NULL';
        const lastFailure = `(SELECT ${id} FROM ${runs} WHERE ${taskId} = ${task} AND ${status} IN (${failed}) ORDER BY ${id} DESC LIMIT 1)`;
        return `SELECT ${task} AS task_id, ${lastKept} AS last_kept, ${lastFailure} AS last_failure`;
      });
      const bindings = chunk.flatMap(() => [...FAILED_RUN_STATUSES]);
      const answer = await knex.raw(selects.join(' UNION ALL '), bindings);
      for (const row of rawRows(answer)) {
        keeps.set(Number(row.task_id), {
          lastKeptId: readEpoch(row.last_kept),
          lastFailureId: readEpoch(row.last_failure),
        });
      }
    }
  };

  /** The runs `where` names, counted up to `limit` at most (the list's capped count). */
  const countUpTo = async (where: Record<string, unknown>, limit: number) => {
    const capped = strapi.db.entityManager
      .createQueryBuilder(UIDS.run)
      .init({ where, select: ['id'], limit })
      .getKnexQuery();
    const [{ count }] = (await strapi.db.connection
      .count({ count: '*' })
      .from(capped.as('capped'))) as Array<{ count: number | string }>;
    return Number(count);
  };

  return {
    async create(data: Partial<RunRecord>) {
      // driftMs is a 32-bit integer column: a slot run more than 24.8 days late (a one-off or a
      // yearly task after a long downtime) overflowed it on PostgreSQL and MySQL, the insert
      // failed and the slot was retried for ever. The exact drift is startedAt - slot.
      const driftMs =
        typeof data.driftMs === 'number' ? Math.min(data.driftMs, MAX_INT32) : data.driftMs;
      return toRunRecord(
        await query().create({
          data: wrapResult(data.driftMs === undefined ? data : { ...data, driftMs }),
        })
      );
    },

    async update(id: number, data: Partial<RunRecord>) {
      return toRunRecord(await query().update({ where: { id }, data: wrapResult(data) }));
    },

    async findOne(id: number) {
      const row = await query().findOne({ where: { id } });
      return row ? toRunRecord(row) : null;
    },

    async findForTask(taskId: number) {
      const rows = await query().findMany({ where: { taskId }, orderBy: [{ id: 'asc' }] });
      return rows.map(toRunRecord);
    },

    /**
     * One page of runs (admin list), whatever the history's size: the page's ids come from the
     * index the sort and filters use (then their rows by id), and the count stops a little past
     * the page (run-retention's countLimit), so `total` may say "at least" (`totalCapped`). What
     * a page still costs grows with its depth: the index is walked up to it.
     */
    async findPage(page: PageQuery) {
      const { where, orderBy } = page;
      const limit = countLimit(page.page, page.pageSize);
      const count = await countUpTo(where, limit);
      const ids = (
        (await query().findMany({
          where,
          orderBy,
          select: ['id'],
          offset: (page.page - 1) * page.pageSize,
          limit: page.pageSize,
        })) as Array<{ id: number }>
      ).map((row) => row.id);
      return {
        results: await this.summariesOf(ids),
        pagination: cappedPagination(page, count, limit),
      };
    },

    /**
     * One page of runs read by cursor (run-keyset.ts): up to a page of rows past the cursor,
     * each query a range seek on the index of the filter and sort, so that the oldest page costs
     * what the newest does. Runs recorded meanwhile never shift the pages being walked: the next
     * page starts after the last row seen, not at a count of rows. The count is capped as on
     * findPage.
     */
    async findCursorPage(page: RunPageQuery & { cursor: NonNullable<RunPageQuery['cursor']> }) {
      const { where, sort, cursor, pageSize } = page;
      const field = sort.field;
      /** Up to `limit` rows past `from` in `direction`, part after part. */
      const walk = async (direction: Direction, from: KeyRow | null, limit: number) => {
        const found: KeyRow[] = [];
        for (const step of keysetSteps(field, direction, from)) {
          const rows = (await query().findMany({
            where: Object.keys(where).length === 0 ? step.where : { $and: [where, step.where] },
            orderBy: step.orderBy,
            select: field === 'id' ? ['id'] : ['id', field],
            limit: limit - found.length,
          })) as Array<Record<string, unknown>>;
          found.push(
            ...rows.map((row) => ({
              id: Number(row.id),
              key: field === 'id' ? null : readEpoch(row[field]),
            }))
          );
          if (found.length >= limit) break;
        }
        return found;
      };
      const direction = walkDirection(sort, cursor);
      const from = 'row' in cursor ? cursor.row : null;
      const read = await walk(direction, from, pageSize + 1);
      const more = read.length > pageSize;
      const forward = direction === sort.direction;
      // Rows in the list's order, whichever way they were read.
      const keys = forward ? read.slice(0, pageSize) : read.slice(0, pageSize).reverse();
      const [first, last] = [keys[0], keys[keys.length - 1]];
      const reverse = forward ? (sort.direction === 'asc' ? 'desc' : 'asc') : sort.direction;
      // The other side: one row past the page's edge, unless the page is at its end.
      const edge = forward ? first : last;
      const beyond =
        edge && (cursor.at === 'after' || cursor.at === 'before')
          ? (await walk(reverse, edge, 1)).length > 0
          : false;
      const [hasNext, hasPrevious] = forward ? [more, beyond] : [beyond, more];

      const limit = countLimit(1, pageSize);
      const counted = await countUpTo(where, limit);
      const { total, totalCapped } = cappedPagination({ page: 1, pageSize }, counted, limit);
      return {
        results: await this.summariesOf(keys.map((key) => key.id)),
        pagination: {
          pageSize,
          total,
          ...(totalCapped ? { totalCapped } : {}),
          nextCursor: hasNext && last ? encodeRunCursor('after', sort, last) : null,
          previousCursor: hasPrevious && first ? encodeRunCursor('before', sort, first) : null,
        },
      };
    },

    /** The list's view of these runs, in this order (a run deleted meanwhile is left out). */
    async summariesOf(ids: number[]) {
      const rows =
        ids.length === 0
          ? []
          : ((await query().findMany({
              where: { id: { $in: ids } },
              select: LIST_FIELDS,
            })) as Array<Record<string, unknown>>);
      const byId = new Map(rows.map((row) => [Number(row.id), row]));
      return ids.flatMap((id) => {
        const row = byId.get(Number(id));
        if (!row) return [];
        const { result: _result, log: _log, ...summary } = toRunRecord(row);
        return [summary];
      });
    },

    /**
     * One bounded batch of the history retention: up to `limit` runs that started before
     * `cutoff` (not running, not `except`), by id from `after`, of which each task's
     * latest `keepLast` runs and its latest failure stay and the rest go by id, a DELETE per
     * 5,000 (unless `dryRun`). `next` is where the following batch starts (null when none is left): every
     * batch stands alone, so a purge stopped between two batches loses nothing, and one run
     * later starts again from the oldest run left. `keeps` carries what each task keeps from one
     * batch to the next of the same purge, read when the task is first met: runs recorded
     * meanwhile can only make it keep more than the rule asks then, never less.
     */
    async purgeBatch({
      cutoff,
      keepLast,
      except,
      after,
      limit = PURGE_BATCH,
      dryRun = false,
      keeps = new Map(),
    }: PurgeOptions & {
      after?: PurgeCursor | null;
      limit?: number;
      keeps?: Map<number, TaskKeep>;
    }) {
      const knex = strapi.db.connection;
      const { table, column } = runTable();
      const id = column('id');
      // By id, the primary key: every database walks it in order (runs are recorded as they
      // start, so the old ones come first), where an order on started_at let MariaDB sort the
      // whole old range for each batch.
      const read = knex(table)
        .select({ id, taskId: column('taskId'), status: column('status') })
        .where(column('startedAt'), '<', cutoff)
        .whereNot(column('status'), 'running')
        .orderBy(id, 'asc')
        .limit(limit);
      if (except !== undefined) read.whereNot(id, except);
      if (after) read.where(id, '>', after.id);
      const candidates = ((await read) as Array<Record<string, unknown>>).map((row) => ({
        id: Number(row.id),
        taskId: Number(row.taskId),
        failed: FAILED_RUN_STATUSES.includes(row.status as RunStatus),
      }));
      await lookUpKeeps([...new Set(candidates.map((run) => run.taskId))], keepLast, keeps);
      const { doomed, kept } = purgeVerdicts(candidates, keeps, keepLast);
      let deleted = doomed.length;
      if (!dryRun && doomed.length > 0) {
        deleted = 0;
        for (let index = 0; index < doomed.length; index += DELETE_CHUNK) {
          deleted += Number(
            await knex(table)
              .whereIn(id, doomed.slice(index, index + DELETE_CHUNK))
              .whereNot(column('status'), 'running')
              .del()
          );
        }
      }
      const last = candidates[candidates.length - 1];
      return {
        deleted,
        kept,
        next: candidates.length < limit || !last ? null : { cutoff, id: last.id },
      };
    },

    /**
     * The whole history retention, batch after batch (purgeBatch): runs that started before
     * `cutoff`, except each task's last `keepLast` runs, its last failure, runs still going and
     * `except` (the run asking). Nothing is deleted unless `dryRun` is false.
     */
    async purge(options: PurgeOptions & { limit?: number }) {
      let deleted = 0;
      let kept = 0;
      let after: PurgeCursor | null = null;
      const keeps = new Map<number, TaskKeep>();
      do {
        const batch: Awaited<ReturnType<typeof this.purgeBatch>> = await this.purgeBatch({
          ...options,
          after,
          keeps,
        });
        deleted += batch.deleted;
        kept += batch.kept;
        after = batch.next;
      } while (after);
      return { deleted, kept };
    },

    /** The last attempt recorded for a task's slot. */
    async findLastForSlot(taskId: number, slot: number) {
      const row = await query().findOne({
        where: { taskId, slot },
        orderBy: [{ attempt: 'desc' }, { id: 'desc' }],
      });
      return row ? toRunRecord(row) : null;
    },

    /**
     * Stores how a run ended, if its row still says `running`: false when whoever took its task
     * over has recorded it otherwise meanwhile. One UPDATE, so that it can be retried freely.
     */
    async finish(id: number, data: Partial<RunRecord>) {
      const { count } = await query().updateMany({
        where: { id, status: 'running' },
        data: wrapResult(data),
      });
      return Number(count) === 1;
    },

    /**
     * A run recorded interrupted by whoever took its task over, whose script then ended after
     * all: its log and result are kept on the row, which stays interrupted (the slot was run
     * again by the new holder), with a message that says what happened.
     */
    async noteLateEnding(
      id: number,
      data: Pick<RunRecord, 'log' | 'logTruncated' | 'result' | 'finishedAt' | 'durationMs'> & {
        message: string;
      }
    ) {
      const { message, ...rest } = data;
      await query().updateMany({
        where: { id, status: 'interrupted' },
        data: wrapResult({ ...rest, error: { name: 'Interrupted', message } }),
      });
    },

    /**
     * Asks for a running run to stop (POST /runs/:id/cancel): a mark on its row, which the
     * instance running it looks for (run-watch.ts). One UPDATE; false when the run is no longer
     * running or was asked already.
     */
    async requestCancel(id: number, { by, now }: { by: number | null; now: number }) {
      const { count } = await query().updateMany({
        where: { id, status: 'running', cancelRequestedAt: { $null: true } },
        data: { cancelRequestedAt: now, cancelRequestedBy: by },
      });
      return Number(count) === 1;
    },

    /**
     * A running run's log and progress so far (the run page follows them live). Only while the
     * row says running: a late write never overwrites how the run ended.
     */
    async writeLive(
      id: number,
      live: Pick<RunRecord, 'log' | 'logTruncated'> & { progress?: RunRecord['progress'] }
    ) {
      await query().updateMany({
        where: { id, status: 'running' },
        data: { log: live.log, logTruncated: live.logTruncated, progress: live.progress ?? null },
      });
    },

    /** Which of these runs someone asked to stop (one indexed read by primary key). */
    async cancelRequestedAmong(ids: number[]) {
      if (ids.length === 0) return [];
      const rows = (await query().findMany({
        where: { id: { $in: ids }, cancelRequestedAt: { $notNull: true } },
        select: ['id', 'cancelRequestedBy'],
      })) as Array<{ id: number; cancelRequestedBy: number | null }>;
      return rows.map((row) => ({
        id: Number(row.id),
        by: row.cancelRequestedBy === null ? null : Number(row.cancelRequestedBy),
      }));
    },

    /** Records runs interrupted, those of them still `running` (one UPDATE). */
    async interrupt(ids: number[], data: Pick<RunRecord, 'finishedAt' | 'error'>) {
      if (ids.length === 0) return 0;
      const { count } = await query().updateMany({
        where: { id: { $in: ids }, status: 'running' },
        data: { ...data, status: 'interrupted' },
      });
      return Number(count);
    },

    /** Runs still `running` of the given tasks (id, task, instance and start only). */
    async findRunningOf(taskIds: number[]) {
      if (taskIds.length === 0) return [];
      const rows = await query().findMany({
        where: { taskId: { $in: taskIds }, status: 'running' },
        select: ['id', 'taskId', 'instanceId', 'startedAt'],
      });
      return rows.map(toRunRecord);
    },

    /**
     * The run an instance started for a task's slot and attempt at `startedAt`, if its row exists:
     * whether an insert that failed had reached the database before it failed.
     */
    async findStarted(
      run: Pick<RunRecord, 'taskId' | 'slot' | 'attempt' | 'instanceId' | 'startedAt'>
    ) {
      const row = await query().findOne({
        where: {
          taskId: run.taskId,
          slot: run.slot === null ? { $null: true } : run.slot,
          attempt: run.attempt,
          instanceId: run.instanceId,
          startedAt: run.startedAt,
        },
      });
      return row ? toRunRecord(row) : null;
    },

    /** Runs left in `running` by an instance that died. */
    async findRunning(taskId: number) {
      const rows = await query().findMany({
        where: { taskId, status: 'running' },
        orderBy: [{ id: 'asc' }],
      });
      return rows.map(toRunRecord);
    },
  };
};

export type RunsService = ReturnType<typeof createRunsService>;
export default createRunsService;
