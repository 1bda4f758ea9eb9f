import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { getService } from '../utils/get-service';
import { pathId, type RequestContext } from '../utils/http';
import type { AdminResponse } from '../contracts';
import { runSummaryView, runView } from '../utils/views';
import { parseRunListQuery } from '../validation/list-queries';

const createRunsController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: RequestContext) {
    const { results, pagination } = await getService(strapi, 'runs').findPage(
      await parseRunListQuery(ctx.query)
    );
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
});

export default createRunsController;
