import type { Core } from '@strapi/strapi';
import { UIDS, type RunStatus, type RunTrigger } from '../constants';
import type { TaskLastRun } from '../contracts';
import { readEpoch } from '../utils/epoch';
import { tableOf } from '../utils/sql';

/**
 * The latest run of each task, as the tasks list shows it beside the task: one query shaped for
 * every database, and the pure reading of the rows it returns.
 */

/** What the tasks list shows of each task's last run. */
const LAST_RUN_FIELDS = [
  'id',
  'status',
  'trigger',
  'startedAt',
  'finishedAt',
  'durationMs',
  'dryRun',
  'progress',
] as const satisfies ReadonlyArray<keyof TaskLastRun>;

/**
 * A run's progress as a raw select gives it back: parsed already (PostgreSQL's json) or as text
 * (SQLite, MySQL); anything else reads as none.
 */
export const readProgress = (value: unknown): TaskLastRun['progress'] => {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return null;
    }
  }
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
    ? (parsed as TaskLastRun['progress'])
    : null;
};

/** A run row of the raw select below, whatever the database made of its columns. */
export const readLastRun = (row: Record<string, unknown>): TaskLastRun => ({
  id: Number(row.id),
  status: row.status as RunStatus,
  trigger: row.trigger as RunTrigger,
  startedAt: readEpoch(row.startedAt),
  finishedAt: readEpoch(row.finishedAt),
  durationMs: readEpoch(row.durationMs),
  dryRun: Boolean(row.dryRun),
  progress: readProgress(row.progress),
});

/** The latest run of each of these tasks, by task id (a task never run is not in the map). */
export const findLastRuns = async (
  strapi: Core.Strapi,
  taskIds: number[]
): Promise<Map<number, TaskLastRun>> => {
  const found = new Map<number, TaskLastRun>();
  if (taskIds.length === 0) return found;
  const { table, column } = tableOf(strapi, UIDS.run);
  const knex = strapi.db.connection;
  // One MAX per task, each a seek on (task_id, id), in one statement; then those rows by id.
  // (A GROUP BY over the page's tasks reads every run of each of them on PostgreSQL, and
  // MariaDB runs `id IN (… UNION ALL …)` as a dependent subquery, row by row.)
  const [first, ...rest] = taskIds.map((taskId) =>
    knex(table)
      .max({ id: column('id') })
      .where(column('taskId'), taskId)
  );
  const latest = (
    (await (rest.length > 0 ? first.unionAll(rest) : first)) as Array<{ id: unknown }>
  )
    .map((row) => readEpoch(row.id))
    .filter((id): id is number => id !== null);
  if (latest.length === 0) return found;
  const fields = [...LAST_RUN_FIELDS, 'taskId'] as const;
  const rows: Array<Record<string, unknown>> = await knex(table)
    .select(fields.map((field) => `${column(field)} as ${field}`))
    .whereIn(column('id'), latest);
  for (const row of rows) found.set(Number(row.taskId), readLastRun(row));
  return found;
};
