import fs from 'fs';
import path from 'path';

/**
 * The plugin is this repository itself. Strapi reads this file from playground/config when it
 * builds the admin panel and from playground/dist/config at run time, so look upwards for the
 * plugin's package.json instead of counting '..'. An absolute path also keeps Strapi from
 * resolving it as a module name.
 */
const pluginRoot = (): string => {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (
      fs.existsSync(manifest) &&
      JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'strapi-plugin-maintenance'
    ) {
      return dir;
    }
  }
  throw new Error('strapi-plugin-maintenance not found above the playground');
};

export default ({ env }) => ({
  // GraphQL is on in the test site and the demo on purpose: the plugin must stay out of its shadow
  // CRUD (tests/integration/security/graphql.spec.ts); one test turns it off to check that a site
  // without GraphQL still starts. The limits silence GraphQL's start-up warning.
  graphql: {
    enabled: env.bool('GRAPHQL_ENABLED', true),
    config: { defaultLimit: 25, maxLimit: 100, depthLimit: 10 },
  },
  maintenance: {
    // Off only for the benchmark that measures what the plugin adds to an idle site.
    enabled: env.bool('MAINTENANCE_ENABLED', true),
    resolve: pluginRoot(),
    // Tests tune the scheduler through the environment; a real site writes plain values here.
    config: {
      timezone: env('MAINTENANCE_TIMEZONE', 'UTC'),
      autoRun: env.bool('MAINTENANCE_AUTO_RUN', true),
      leaseMs: env.int('MAINTENANCE_LEASE_MS', 60_000),
      concurrency: env.int('MAINTENANCE_CONCURRENCY', 4),
      maxAttempts: env.int('MAINTENANCE_MAX_ATTEMPTS', 3),
      backfillCap: env.int('MAINTENANCE_BACKFILL_CAP', 100),
      wakeWaitMs: env.int('MAINTENANCE_WAKE_WAIT_MS', 25_000),
      recheckMs: env.int('MAINTENANCE_RECHECK_MS', 60_000),
      scripts: {
        extraContentTypes: env.array('MAINTENANCE_EXTRA_CONTENT_TYPES', []),
        fetchAllowList: env.array('MAINTENANCE_FETCH_ALLOW_LIST', []),
      },
      retry: {
        backoffMs: env.int('MAINTENANCE_RETRY_BACKOFF_MS', 60_000),
        maxBackoffMs: env.int('MAINTENANCE_RETRY_MAX_BACKOFF_MS', 3_600_000),
      },
      autoPauseAfter: env.int('MAINTENANCE_AUTO_PAUSE_AFTER', 5),
      exportSecret: env('MAINTENANCE_EXPORT_SECRET', null),
      // Tasks and scripts as code: a real site writes the lists here (docs/operations.md).
      code: env.json('MAINTENANCE_CODE', { scripts: [], tasks: [] }),
    },
  },
});
