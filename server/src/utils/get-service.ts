import type { Core } from '@strapi/strapi';
import type { Services } from '../services';
import { PLUGIN_ID } from '../constants';

export const getService = <TName extends keyof Services>(
  strapi: Core.Strapi,
  name: TName
): ReturnType<Services[TName]> =>
  strapi.plugin(PLUGIN_ID).service(name) as ReturnType<Services[TName]>;
