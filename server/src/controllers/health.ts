import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import type { AdminResponse } from '../contracts';
import type { RequestContext } from '../utils/http';
import { publicCaller } from './public-caller';

const iso = (epochMs: number | null | undefined) =>
  epochMs === null || epochMs === undefined ? null : new Date(epochMs).toISOString();

const createHealthController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async get(ctx: RequestContext) {
    ctx.body = {
      data: await getService(strapi, 'health').get(),
    } satisfies AdminResponse<'GET /health'>;
  },

  /**
   * The public watchdog for uptime monitors, /api/maintenance/health: 200 when maintenance is
   * working (`ok`, or `warning` when tasks are paused, the maintenance hold is on, or something was changed outside the
   * plugin and will not run until accepted), 503 when wake-ups have stopped or tasks
   * are overdue. The same trigger mode as runMaintenanceTasks decides who may ask; an anonymous
   * caller (open mode) gets counts and nothing else.
   */
  async check(ctx: RequestContext) {
    const caller = await publicCaller(strapi, ctx, 'health');

    const report = await getService(strapi, 'health').watchdog({ notify: true });
    ctx.status = report.status === 'failing' ? 503 : 200;
    ctx.body = {
      status: report.status,
      wakeUpsStopped: report.wakeUpsStopped,
      overdue: report.overdue.length,
      paused: report.paused.length,
      changedOutside: report.changedOutside.length,
      held: report.hold.held,
      ...(caller.token
        ? {
            checkedAt: iso(report.checkedAt),
            lastWakeUpAt: iso(report.lastWakeUpAt),
            dueSince: iso(report.dueSince),
            thresholdMs: report.thresholdMs,
            overdueTasks: report.overdue.map((task) => ({
              id: task.id,
              name: task.name,
              dueAt: iso(task.dueAt),
              lateMs: task.lateMs,
            })),
            pausedTasks: report.paused.map((task) => ({
              id: task.id,
              name: task.name,
              pausedAt: iso(task.pausedAt),
              pausedReason: task.pausedReason,
            })),
            changedOutsideItems: report.changedOutside.map(({ kind, id, name }) => ({
              kind,
              id,
              name,
            })),
            hold: report.hold.held
              ? {
                  since: iso(report.hold.since),
                  by: report.hold.by?.name ?? null,
                  reason: report.hold.reason,
                }
              : null,
          }
        : {}),
    };
  },
});

export default createHealthController;
