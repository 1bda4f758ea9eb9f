import type { Core } from '@strapi/strapi';
import { version } from '../../../package.json';
import { PLUGIN_ID } from '../constants';

const createStatusService = ({ strapi }: { strapi: Core.Strapi }) => ({
  get() {
    return {
      plugin: PLUGIN_ID,
      version,
      database: strapi.db.dialect.client as string,
    };
  },
});

export type StatusService = ReturnType<typeof createStatusService>;
export default createStatusService;
