import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import type { RequestContext } from '../utils/http';
import { publicCaller } from './public-caller';
import { errorBody, isDatabaseUnavailable } from '../utils/errors';
import { getPluginConfig } from '../utils/plugin-config';

/** What a caller is told to wait before calling again when the database does not answer. */
const RETRY_AFTER_S = 10;

const iso = (epochMs: number | null | undefined) =>
  epochMs === null || epochMs === undefined ? null : new Date(epochMs).toISOString();

/**
 * runMaintenanceTasks, the seed's wake-up URL. It only ever runs what is due, so any caller may
 * call it as often as it likes; an anonymous caller learns counts and nothing else.
 */
const createWakeupsController = ({ strapi }: { strapi: Core.Strapi }) => {
  /** The wake-up itself: the caller authorised, what is due run, the answer written. */
  const wake = async (ctx: RequestContext) => {
    const caller = await publicCaller(strapi, ctx);

    const result = await getService(strapi, 'wakeups').wake({
      trigger: 'route',
      waitMs: getPluginConfig(strapi).wakeWaitMs,
      token: caller.token?.name,
    });
    ctx.status = result.running > 0 ? 202 : 200;
    ctx.body = {
      ran: result.ran,
      failed: result.failed,
      skipped: result.skipped,
      running: result.running,
      nextDueAt: iso(result.nextDueAt),
      // The maintenance hold is on: the call was accepted and ran nothing.
      held: result.held,
      ...(caller.token
        ? {
            succeeded: result.succeeded,
            outcomes: result.outcomes.map((outcome) => ({
              taskId: outcome.taskId,
              taskName: outcome.taskName,
              outcome: outcome.outcome,
              ...(outcome.runId !== undefined ? { runId: outcome.runId } : {}),
              ...(outcome.slot !== undefined ? { slot: iso(outcome.slot) } : {}),
            })),
          }
        : {}),
    };
  };

  return {
    /**
     * While the database is away (restarting, failing over) a cron caller gets 503 with Retry-After,
     * which schedulers and load balancers understand, rather than Strapi's 500. Nothing is lost:
     * what is due runs once the database is back (by each task's misfire policy).
     */
    async run(ctx: RequestContext) {
      try {
        await wake(ctx);
      } catch (error) {
        if (!isDatabaseUnavailable(error)) throw error;
        strapi.log.warn(
          `[maintenance] runMaintenanceTasks: the database did not answer (${error})`
        );
        ctx.set('Retry-After', String(RETRY_AFTER_S));
        ctx.status = 503;
        ctx.body = errorBody(
          503,
          'ServiceUnavailableError',
          'The database did not answer. What is due runs once it is back; call again later.'
        );
      }
    },
  };
};

export default createWakeupsController;
