import type { Core } from '@strapi/strapi';
import type { MaintenanceConfig } from '../config';
import { PLUGIN_ID } from '../constants';

/**
 * Settings changed in the admin panel, layered over config/plugins. Kept per Strapi instance
 * (tests run several in one process) and set only by the settings service.
 */
const overrides = new WeakMap<Core.Strapi, Partial<MaintenanceConfig>>();

/** What config/plugins says (with the plugin's defaults), whatever the admin settings say. */
export const getFileConfig = (strapi: Core.Strapi): MaintenanceConfig =>
  strapi.config.get(`plugin::${PLUGIN_ID}`) as MaintenanceConfig;

/** The config in force: the file config with the admin settings' overrides on top. */
export const getPluginConfig = (strapi: Core.Strapi): MaintenanceConfig => {
  const layered = overrides.get(strapi);
  return layered ? { ...getFileConfig(strapi), ...layered } : getFileConfig(strapi);
};

export const setConfigOverrides = (strapi: Core.Strapi, values: Partial<MaintenanceConfig>) => {
  overrides.set(strapi, values);
};
