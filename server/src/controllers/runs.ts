import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { getService } from '../utils/get-service';
import { pathId, type RequestContext } from '../utils/http';
import { runView } from '../utils/views';
import { parseRunListQuery } from '../validation/list-queries';

const createRunsController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: RequestContext) {
    const { results, pagination } = await getService(strapi, 'runs').findPage(
      await parseRunListQuery(ctx.query)
    );
    ctx.body = { data: results, meta: { pagination } };
  },

  /** One run with its whole log. */
  async findOne(ctx: RequestContext) {
    const id = pathId(ctx, 'id', 'run');
    const run = await getService(strapi, 'runs').findOne(id);
    if (!run) throw new errors.NotFoundError(`run ${id} not found`);
    ctx.body = { data: runView(run) };
  },
});

export default createRunsController;
