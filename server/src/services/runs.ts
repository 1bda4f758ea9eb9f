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
