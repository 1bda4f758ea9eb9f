import { PLUGIN_ID } from './pluginId';

const action = (name: string) => [{ action: `plugin::${PLUGIN_ID}.${name}`, subject: null }];

/** Mirrors the server's ACTIONS (server/src/constants.ts). */
export const PERMISSIONS = {
  read: action('read'),
  manageTasks: action('tasks.manage'),
  manageScripts: action('scripts.manage'),
  run: action('run'),
  manageSettings: action('settings.manage'),
};

/** Strapi's own actions guarding /admin/webhooks (the Notifications section uses them). */
export const STRAPI_WEBHOOK_ACTIONS = {
  read: 'admin::webhooks.read',
  create: 'admin::webhooks.create',
  update: 'admin::webhooks.update',
} as const;
