import type { Core } from '@strapi/strapi';
import { UIDS, type RunStatus, type RunTrigger } from '../../server/src/constants';

/** A run of a seeded history as the runs list orders and filters it. */
export interface SeededRun {
  id: number;
  taskId: number;
  status: RunStatus;
  trigger: RunTrigger;
  startedAt: number;
  durationMs: number | null;
}

/** Every run in the table, with what the list's filters and sorts read (tests of the list). */
export const readSeededRuns = async (strapi: Core.Strapi): Promise<SeededRun[]> =>
  (
    (await strapi.db.query(UIDS.run).findMany({
      select: ['id', 'taskId', 'status', 'trigger', 'startedAt', 'durationMs'],
    })) as Array<Record<string, unknown>>
  ).map((row) => ({
    id: Number(row.id),
    taskId: Number(row.taskId),
    status: row.status as RunStatus,
    trigger: row.trigger as RunTrigger,
    startedAt: Number(row.startedAt),
    durationMs: row.durationMs === null ? null : Number(row.durationMs),
  }));
