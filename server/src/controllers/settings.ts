import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { getService } from '../utils/get-service';
import type { AdminResponse } from '../contracts';
import { adminId, type RequestContext } from '../utils/http';

const createSettingsController = ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => getService(strapi, 'settings');

  return {
    async get(ctx: RequestContext) {
      await settings().refresh();
      ctx.body = { data: await settings().get() } satisfies AdminResponse<'GET /settings'>;
    },

    async update(ctx: RequestContext) {
      ctx.body = {
        data: await settings().update(ctx.request.body),
      } satisfies AdminResponse<'PUT /settings'>;
    },

    /** The token is in this answer and nowhere else, ever. */
    async createToken(ctx: RequestContext) {
      const token = await settings().createToken(ctx.request.body, { userId: adminId(ctx) });
      ctx.set('Cache-Control', 'no-store');
      ctx.status = 201;
      ctx.body = { data: token } satisfies AdminResponse<'POST /settings/tokens'>;
    },

    async deleteToken(ctx: RequestContext) {
      const id = ctx.params.id ?? '';
      if (!/^[0-9a-f]{12}$/.test(id)) throw new errors.NotFoundError(`token ${id} not found`);
      ctx.body = {
        data: await settings().deleteToken(id),
      } satisfies AdminResponse<'DELETE /settings/tokens/:id'>;
    },
  };
};

export default createSettingsController;
