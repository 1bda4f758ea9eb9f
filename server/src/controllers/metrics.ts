import type { Core } from '@strapi/strapi';
import { PROMETHEUS_CONTENT_TYPE, renderExposition } from '../metrics/exposition';
import { getService } from '../utils/get-service';
import type { RequestContext } from '../utils/http';
import { publicCaller } from './public-caller';

const createMetricsController = ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * GET /api/maintenance/metrics, in the Prometheus text format. Who may ask is decided as for
   * the public health route: the trigger mode of runMaintenanceTasks, the same tokens and 401;
   * a caller with a token also gets task names and lease owners as labels.
   */
  async get(ctx: RequestContext) {
    const caller = await publicCaller(strapi, ctx, 'metrics');
    const families = await getService(strapi, 'metrics').families({
      detailed: Boolean(caller.token),
    });
    ctx.set('Content-Type', PROMETHEUS_CONTENT_TYPE);
    ctx.body = renderExposition(families);
  },
});

export default createMetricsController;
