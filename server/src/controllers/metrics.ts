import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { PROMETHEUS_CONTENT_TYPE, renderExposition } from '../metrics/exposition';
import { getService } from '../utils/get-service';
import type { RequestContext } from '../utils/http';

const createMetricsController = ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * GET /api/maintenance/metrics, in the Prometheus text format. Who may ask is decided as for
   * the public health route: the trigger mode of runMaintenanceTasks, the same tokens and 401;
   * a caller with a token also gets task names and lease owners as labels.
   */
  async get(ctx: RequestContext) {
    const queryToken = ctx.query.token;
    if (queryToken !== undefined) ctx.url = ctx.url.replace(/([?&]token=)[^&]*/g, '$1[redacted]');
    ctx.set('Cache-Control', 'no-store');
    const authorization = ctx.request.headers.authorization;
    let caller;
    try {
      caller = await getService(strapi, 'settings').authorizeWake({
        authorization: Array.isArray(authorization) ? authorization.join(',') : authorization,
        queryToken,
        route: 'metrics',
      });
    } catch (error) {
      if (error instanceof errors.UnauthorizedError) {
        ctx.set('WWW-Authenticate', 'Bearer realm="maintenance"');
      }
      throw error;
    }
    const families = await getService(strapi, 'metrics').families({
      detailed: Boolean(caller.token),
    });
    ctx.set('Content-Type', PROMETHEUS_CONTENT_TYPE);
    ctx.body = renderExposition(families);
  },
});

export default createMetricsController;
