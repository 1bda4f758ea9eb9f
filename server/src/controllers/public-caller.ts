import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { WakeCaller } from '../services/settings';
import { getService } from '../utils/get-service';
import type { RequestContext } from '../utils/http';

/**
 * Who is calling one of the public routes (runMaintenanceTasks, health, metrics), by the wake-up
 * route's trigger mode and tokens. The answer is never cached; a token given in the URL is
 * redacted from it first, since Strapi's request log prints the URL after the answer; a refusal
 * for want of a token carries the Bearer challenge.
 */
export const publicCaller = async (
  strapi: Core.Strapi,
  ctx: RequestContext,
  route?: string
): Promise<WakeCaller> => {
  const queryToken = ctx.query.token;
  if (queryToken !== undefined) ctx.url = ctx.url.replace(/([?&]token=)[^&]*/g, '$1[redacted]');
  ctx.set('Cache-Control', 'no-store');
  const authorization = ctx.request.headers.authorization;
  try {
    return await getService(strapi, 'settings').authorizeWake({
      authorization: Array.isArray(authorization) ? authorization.join(',') : authorization,
      queryToken,
      ...(route ? { route } : {}),
    });
  } catch (error) {
    if (error instanceof errors.UnauthorizedError) {
      ctx.set('WWW-Authenticate', 'Bearer realm="maintenance"');
    }
    throw error;
  }
};
