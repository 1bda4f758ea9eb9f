import type { Core } from '@strapi/strapi';
import type { AdminResponse } from '../contracts';
import { getService } from '../utils/get-service';

const createStatusController = ({ strapi }: { strapi: Core.Strapi }) => ({
  get(ctx: { body: unknown }) {
    ctx.body = { data: getService(strapi, 'status').get() } satisfies AdminResponse<'GET /status'>;
  },
});

export default createStatusController;
