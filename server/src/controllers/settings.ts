import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { getService } from '../utils/get-service';
import type { AdminResponse } from '../contracts';
import { adminId, optionalBody, type RequestContext } from '../utils/http';
import type { HoldActor } from '../services/hold';

/** The administrator who puts the hold on or lifts it, by the name the admin panel shows. */
const actorOf = (ctx: RequestContext): HoldActor => {
  const user = ctx.state.user as
    | { id: number; firstname?: string | null; lastname?: string | null; email?: string | null }
    | undefined;
  const name = [user?.firstname, user?.lastname].filter(Boolean).join(' ') || user?.email;
  return { id: user?.id ?? null, name: name || `admin ${user?.id ?? '?'}` };
};

const createSettingsController = ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => getService(strapi, 'settings');
  const hold = () => getService(strapi, 'hold');

  return {
    async get(ctx: RequestContext) {
      await settings().refresh();
      const current = await hold().refresh();
      ctx.body = {
        data: { ...(await settings().get()), hold: current },
      } satisfies AdminResponse<'GET /settings'>;
    },

    async update(ctx: RequestContext) {
      const saved = await settings().update(ctx.request.body);
      ctx.body = {
        data: { ...saved, hold: await hold().refresh() },
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

    /** Pause everything: no scheduled run starts on any instance until the hold is lifted. */
    async pause(ctx: RequestContext) {
      ctx.body = {
        data: await hold().pause(optionalBody(ctx), actorOf(ctx)),
      } satisfies AdminResponse<'PUT /settings/hold'>;
    },

    async resume(ctx: RequestContext) {
      ctx.body = {
        data: await hold().resume(actorOf(ctx)),
      } satisfies AdminResponse<'DELETE /settings/hold'>;
    },
  };
};

export default createSettingsController;
