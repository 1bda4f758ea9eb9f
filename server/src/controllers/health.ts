import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { getService } from '../utils/get-service';
import type { AdminResponse } from '../contracts';
import type { RequestContext } from '../utils/http';

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
    const queryToken = ctx.query.token;
    if (queryToken !== undefined) ctx.url = ctx.url.replace(/([?&]token=)[^&]*/g, '$1[redacted]');
    ctx.set('Cache-Control', 'no-store');
    const authorization = ctx.request.headers.authorization;
    let caller;
    try {
      caller = await getService(strapi, 'settings').authorizeWake({
        authorization: Array.isArray(authorization) ? authorization.join(',') : authorization,
        queryToken,
        route: 'health',
      });
    } catch (error) {
      if (error instanceof errors.UnauthorizedError) {
        ctx.set('WWW-Authenticate', 'Bearer realm="maintenance"');
      }
      throw error;
    }

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
