import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type * as StrapiModule from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import request from 'supertest';
import { UIDS } from '../../server/src/constants';
import { bounded } from '../../server/src/utils/async';
import { provisionDatabase, type ProvisionedDatabase } from './database';

const BOOT_TIMEOUT_MS = 120_000;

export const PLAYGROUND_DIR = path.resolve(__dirname, '..', '..', 'playground');
/** Compiled once per jest run by tests/setup/compile-playground.js. */
export const PLAYGROUND_DIST = path.join(PLAYGROUND_DIR, 'dist');

const secret = () => randomBytes(16).toString('base64');

/** What the playground needs besides a database; fresh per instance so no suite leans on a .env. */
export const strapiEnvironment = (): Record<string, string> => ({
  NODE_ENV: 'test',
  APP_KEYS: `${secret()},${secret()}`,
  API_TOKEN_SALT: secret(),
  ADMIN_JWT_SECRET: secret(),
  TRANSFER_TOKEN_SALT: secret(),
  JWT_SECRET: secret(),
  ENCRYPTION_KEY: secret(),
  STRAPI_TELEMETRY_DISABLED: 'true',
  UPDATE_NOTIFIER: 'false',
  STRAPI_LOG_LEVEL: process.env.STRAPI_LOG_LEVEL ?? 'error',
  // GraphQL costs every boot ~0.7 s of CPU (its schema is built from every type), ~200 boots per
  // `npm test`. The suites about Strapi's generic surfaces (tests/integration/security, the
  // plugin-loads test) turn it on, as do the browser suites, the soak, the bench and the demo.
  GRAPHQL_ENABLED: 'false',
  // Strapi loads playground/.env without overriding what is set: once `npm run demo` has written
  // one, its demo administrator would be created on every test database (and the first-admin
  // registration of a soak refused). Empty values keep the demo's bootstrap out of tests.
  DEMO_ADMIN_EMAIL: '',
  DEMO_ADMIN_PASSWORD: '',
});

/** Sets variables for one Strapi instance; the returned function puts the old values back. */
const setEnv = (values: Record<string, string>) => {
  const previous = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]));
  Object.assign(process.env, values);
  return () => {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
};

/**
 * Strapi through Node's own loader where the integration suites' jest environment offers it (once
 * per worker instead of once per test file: tests/setup/integration-environment.js), else through
 * the caller's (jest's global setup, the other suites).
 */
const loadStrapi = async (): Promise<typeof StrapiModule> => {
  const native = (globalThis as { loadNatively?: (id: string) => unknown }).loadNatively;
  return native
    ? (native('@strapi/strapi') as typeof StrapiModule)
    : await import('@strapi/strapi');
};

export interface TestStrapi {
  strapi: Core.Strapi;
  database: ProvisionedDatabase;
  /** An HTTP client bound to this instance's server, without opening a port. */
  http(): ReturnType<typeof request>;
  stop(): Promise<void>;
}

/**
 * Boots the playground in this process on a brand-new database, or on `options.database` (to
 * boot the same site again), which stop() then leaves in place for the test to drop.
 */
export const startStrapi = async (
  env: Record<string, string> = {},
  options: { distDir?: string; database?: ProvisionedDatabase } = {}
): Promise<TestStrapi> => {
  const given = options.database;
  const database = given ?? (await provisionDatabase(undefined, { fromTemplate: true }));
  const restoreEnv = setEnv({ ...strapiEnvironment(), ...database.env, ...env });

  const { createStrapi } = await loadStrapi();
  const strapi = createStrapi({
    appDir: PLAYGROUND_DIR,
    distDir: options.distDir ?? PLAYGROUND_DIST,
  });
  try {
    await strapi.load();
    // listen() mounts the APIs on the router; supertest drives the server without listening.
    strapi.server.mount();
  } catch (error) {
    await strapi.destroy().catch(() => undefined);
    if (!given) await database.drop().catch(() => undefined);
    restoreEnv();
    throw error;
  }

  return {
    strapi,
    database,
    http: () => request(strapi.server.httpServer),
    async stop() {
      await strapi.destroy();
      if (!given) await database.drop();
      restoreEnv();
    },
  };
};

/**
 * One Strapi per test file: booted before the first test, destroyed (and its database dropped)
 * after the last. Tests read `app.current` inside their bodies.
 */
export const useStrapi = (env: Record<string, string> = {}) => {
  const holder: { current: TestStrapi } = { current: undefined as unknown as TestStrapi };
  // Booting on MariaDB while other suites run can take several seconds.
  beforeAll(async () => {
    holder.current = await startStrapi(env);
  }, BOOT_TIMEOUT_MS);
  afterEach(async () => {
    if (!holder.current || !testFailed()) return;
    const test = expect.getState().currentTestName ?? 'test';
    console.log(
      `What the plugin was doing when "${test}" failed:\n${await pluginState(holder.current.strapi)}`
    );
  }, BOOT_TIMEOUT_MS);
  afterAll(async () => {
    await holder.current?.stop();
  }, BOOT_TIMEOUT_MS);
  return holder;
};

/**
 * Whether the running test has failed so far (tests/setup/failure-aware-environment.js); false
 * under an environment that does not say.
 */
export const testFailed = (): boolean =>
  (globalThis as { testFailed?: () => boolean }).testFailed?.() ?? false;

const STATE_ROWS = 20;

/**
 * The runs still running and the tasks leased, from the database: after a test that failed on its
 * time limit, where a wake-up or a run stood (on which instance, since when), which a timeout's
 * message does not say. Bounded, since the database may be what failed.
 */
const pluginState = async (strapi: Core.Strapi): Promise<string> => {
  const read = async () => {
    const runs = await strapi.db.query(UIDS.run).findMany({
      where: { status: 'running' },
      select: ['id', 'taskId', 'slot', 'attempt', 'trigger', 'instanceId', 'startedAt', 'progress'],
      orderBy: { id: 'desc' },
      limit: STATE_ROWS,
    });
    const tasks = await strapi.db.query(UIDS.task).findMany({
      where: { leaseOwner: { $notNull: true } },
      select: [
        'id',
        'name',
        'leaseOwner',
        'leaseExpiresAt',
        'leaseSlot',
        'leaseRunId',
        'nextRunAt',
      ],
      limit: STATE_ROWS,
    });
    return [
      `now ${new Date().toISOString()}, this instance ${String(strapi.plugin('maintenance').service('scheduler').instanceId)}`,
      `runs running (${runs.length}): ${JSON.stringify(runs)}`,
      `tasks leased (${tasks.length}): ${JSON.stringify(tasks)}`,
    ].join('\n');
  };
  try {
    return await bounded(read(), 10_000, 'the database');
  } catch (error) {
    return `(could not read: ${(error as Error).message})`;
  }
};
