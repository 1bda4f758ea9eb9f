import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';

const createStatusController = ({ strapi }: { strapi: Core.Strapi }) => ({
  get(ctx: { body: unknown }) {
    ctx.body = { data: getService(strapi, 'status').get() };
  },
});

export default createStatusController;
