import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { ConflictError } from '../utils/errors';
import { getService } from '../utils/get-service';
import { adminId, pathId, type RequestContext } from '../utils/http';
import type { AdminResponse } from '../contracts';
import { runSummaryView, runView } from '../utils/views';
import { parseRunListQuery } from '../validation/list-queries';

const createRunsController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: RequestContext) {
    const query = await parseRunListQuery(ctx.query);
    const runs = getService(strapi, 'runPages');
    const { cursor } = query;
    const { results, pagination } = cursor
      ? await runs.findCursorPage({ ...query, cursor })
      : await runs.findPage(query);
    ctx.body = {
      data: results.map(runSummaryView),
      meta: { pagination },
    } satisfies AdminResponse<'GET /runs'>;
  },

  /** One run with its whole log. */
  async findOne(ctx: RequestContext) {
    const id = pathId(ctx, 'id', 'run');
    const run = await getService(strapi, 'runs').findOne(id);
    if (!run) throw new errors.NotFoundError(`run ${id} not found`);
    ctx.body = { data: runView(run) } satisfies AdminResponse<'GET /runs/:id'>;
  },

  /**
   * Asks a running run to stop: 202 with the run (it ends `cancelled` within about a second, on
   * whichever instance runs it), 409 when it has already ended, 404 when there is no such run.
   */
  async cancel(ctx: RequestContext) {
    const id = pathId(ctx, 'id', 'run');
    const by = adminId(ctx) ?? null;
    const answer = await getService(strapi, 'cancels').cancel(id, { by });
    if (answer.outcome === 'not-found') throw new errors.NotFoundError(`run ${id} not found`);
    if (answer.outcome === 'ended') {
      throw new ConflictError(
        `run ${id} has already ended (${answer.run.status}); only a running run can be cancelled`
      );
    }
    ctx.status = 202;
    ctx.body = { data: runView(answer.run) } satisfies AdminResponse<'POST /runs/:id/cancel'>;
  },
});

export default createRunsController;
