import type { Core } from '@strapi/strapi';
import { FAILED_RUN_STATUSES, UIDS, type RunStatus } from '../constants';
import { readEpoch } from '../utils/epoch';
import { rawRows, tableOf } from '../utils/sql';
import { purgeVerdicts, type PurgeCursor, type TaskKeep } from './run-retention';

/*
 * The run history's retention in SQL: bounded batches by id, what each task keeps looked up by
 * index seeks, the rest deleted by id. The rule itself (which runs stay) is run-retention.ts;
 * the runs service exposes these as its own `purgeBatch` and `purge`.
 */

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

export const createRunPurge = (strapi: Core.Strapi) => {
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

  return {
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
  };
};
