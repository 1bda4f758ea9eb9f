import type { Core } from '@strapi/strapi';
import { FAILED_RUN_STATUSES, UIDS, type RunStatus, type RunTrigger } from '../constants';
import { readEpoch } from '../utils/epoch';
import type { PageQuery, Pagination } from '../validation/list-queries';

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
];

const createRunsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(UIDS.run);

  return {
    async create(data: Partial<RunRecord>) {
      return toRunRecord(await query().create({ data: wrapResult(data) }));
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

    async findPage(page: PageQuery) {
      const { results, pagination } = await query().findPage({ ...page, select: LIST_FIELDS });
      return {
        results: results.map((row: Record<string, unknown>) => {
          const { result: _result, log: _log, ...summary } = toRunRecord(row);
          return summary;
        }),
        pagination: pagination as Pagination,
      };
    },

    /**
     * The history retention: runs that started before `cutoff` go, except each task's latest
     * `keepLast` runs and its last failure, and runs still going.
     */
    /**
     * Runs that started before `cutoff`, except each task's last `keepLast` runs, its last failure,
     * runs still going and `except` (the run asking). Nothing is deleted unless `dryRun` is false.
     */
    async purge({
      cutoff,
      keepLast,
      except,
      dryRun = false,
    }: {
      cutoff: number;
      keepLast: number;
      except?: number;
      dryRun?: boolean;
    }) {
      const old = (await query().findMany({
        where: {
          startedAt: { $lt: cutoff },
          status: { $ne: 'running' },
          ...(except === undefined ? {} : { id: { $ne: except } }),
        },
        select: ['id', 'taskId'],
      })) as Array<{ id: number; taskId: number }>;
      const kept = new Set<number>();
      for (const taskId of new Set(old.map((row) => row.taskId))) {
        if (keepLast > 0) {
          const latest = (await query().findMany({
            where: { taskId },
            select: ['id'],
            orderBy: { id: 'desc' },
            limit: keepLast,
          })) as Array<{ id: number }>;
          latest.forEach((row) => kept.add(row.id));
        }
        const lastFailure = await query().findOne({
          where: { taskId, status: { $in: [...FAILED_RUN_STATUSES] } },
          select: ['id'],
          orderBy: { id: 'desc' },
        });
        if (lastFailure) kept.add(lastFailure.id);
      }
      const doomed = old.map((row) => row.id).filter((id) => !kept.has(id));
      if (!dryRun) {
        for (let index = 0; index < doomed.length; index += 500) {
          await query().deleteMany({ where: { id: { $in: doomed.slice(index, index + 500) } } });
        }
      }
      return { deleted: doomed.length, kept: old.length - doomed.length };
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
      data: Pick<RunRecord, 'log' | 'logTruncated' | 'result'> & {
        message: string;
      }
    ) {
      const { message, ...rest } = data;
      await query().updateMany({
        where: { id, status: 'interrupted' },
        data: wrapResult({ ...rest, error: { name: 'Interrupted', message } }),
      });
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
