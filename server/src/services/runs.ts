import type { Core } from '@strapi/strapi';
import { UIDS } from '../constants';
import { readEpoch } from '../utils/epoch';
import type { RunProgress, RunSummary } from '../contracts';
import { createRunPurge } from './run-purge';

/** The largest value of an `integer` column on every database the plugin supports. */
const MAX_INT32 = 2_147_483_647;
/** A run as stored: what the admin lists (contracts' RunSummary) with its log and result. */
export interface RunRecord extends RunSummary {
  log: unknown;
  result: unknown;
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

const createRunsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(UIDS.run);

  return {
    ...createRunPurge(strapi),

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
