import type { Core } from '@strapi/strapi';
import { ACTION_DEFINITIONS, CLI_ENV, PLUGIN_ID } from './constants';
import { getService } from './utils/get-service';

/**
 * The built-in scripts and default tasks (docs/builtin-scripts.md). A failure is logged, not
 * thrown: the site starts, and the next start tries again.
 */
const seedBuiltIns = async (strapi: Core.Strapi) => {
  try {
    await getService(strapi, 'builtin').seed();
  } catch (error) {
    strapi.log.error(
      `[maintenance] seeding the built-in scripts failed: ${error instanceof Error ? error.message : String(error)}`
    );
  }
};

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi
    .service('admin::permission')
    .actionProvider.registerMany(
      ACTION_DEFINITIONS.map((action) => ({ ...action, section: 'plugins', pluginName: PLUGIN_ID }))
    );
  getService(strapi, 'notifications').register();
  // Rows of an older version are brought up to date before anything reads them, and the tables
  // are kept should the plugin ever be removed from the site (docs/operations.md).
  await getService(strapi, 'storage').migrate();
  await getService(strapi, 'storage').persistTables();
  // The admin settings go in force before anything reads the config; then the built-in scripts,
  // the declarations in config/plugins (a bad one stops boot), and the built-in timer.
  await getService(strapi, 'settings').refresh();
  await seedBuiltIns(strapi);
  await getService(strapi, 'code').sync();
  // The command line (server/src/cli) boots the site to do one thing and exit: its process must
  // not wake tasks by itself, as a timer would.
  if (process.env[CLI_ENV] !== '1') getService(strapi, 'timer').start();
};

export default bootstrap;
