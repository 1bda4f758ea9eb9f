/**
 * Upgrading from the first release: a site whose database holds the plugin's tables and data as
 * 0.1.0 wrote them (tests/fixtures/upgrade/v0.1.0.json) boots the current plugin, and every task,
 * script, version and run is still there with its values, the columns added since get their
 * defaults, the settings and tokens are kept, and the scripts still verify and run.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { PLUGIN_ID, UIDS } from '../../../server/src/constants';
import { BUILT_IN_SCRIPTS } from '../../../server/src/builtin';
import { DATA_VERSION } from '../../../server/src/services/storage';
import { provisionDatabase, type ProvisionedDatabase } from '../../helpers/database';
import { pluginIndexes } from '../../helpers/indexes';
import { service } from '../../helpers/maintenance';
import { startStrapi, type TestStrapi } from '../../helpers/strapi';

const BOOT = 120_000;

interface FixtureColumn {
  name: string;
  type: string;
}
interface FixtureTable {
  name: string;
  columns: FixtureColumn[];
}
interface Fixture {
  version: string;
  appKeys: string;
  tables: FixtureTable[];
  rows: Record<string, Array<Record<string, unknown>>>;
  coreStore: Array<Record<string, unknown>>;
}

const fixture = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../fixtures/upgrade/v0.1.0.json'), 'utf8')
) as Fixture;

// The fixture's script signatures were made under these keys.
const env = { MAINTENANCE_AUTO_RUN: 'false', APP_KEYS: fixture.appKeys };
const JSON_TYPES = new Set(['json', 'jsonb']);
const DATE_TYPES = new Set(['datetime', 'timestamp', 'date']);

const columnsOf = (tableName: string) =>
  fixture.tables.find((table) => table.name === tableName)!.columns;

/** A fixture row as the database takes it: JSON as text, instants as Dates. */
const toInsert = (tableName: string, row: Record<string, unknown>) => {
  const out: Record<string, unknown> = {};
  for (const column of columnsOf(tableName)) {
    if (!(column.name in row)) continue;
    const value = row[column.name];
    if (value === null) out[column.name] = null;
    else if (JSON_TYPES.has(column.type)) out[column.name] = JSON.stringify(value);
    else if (DATE_TYPES.has(column.type)) out[column.name] = new Date(value as string);
    else out[column.name] = value;
  }
  return out;
};

/** A row read back, in the fixture's terms, for the fixture's columns only. */
const fromDatabase = (tableName: string, row: Record<string, unknown>) => {
  const out: Record<string, unknown> = {};
  for (const column of columnsOf(tableName)) {
    let value = row[column.name];
    if (value === undefined) continue;
    if (value === null) out[column.name] = null;
    else if (column.type === 'boolean') out[column.name] = Boolean(value);
    else if (JSON_TYPES.has(column.type))
      out[column.name] = typeof value === 'string' ? JSON.parse(value) : value;
    else if (DATE_TYPES.has(column.type)) {
      value = new Date(value as string | number | Date);
      out[column.name] = (value as Date).toISOString();
    } else if (['bigInteger', 'integer', 'double', 'increments'].includes(column.type))
      out[column.name] = Number(value);
    else out[column.name] = value;
  }
  return out;
};

/**
 * Writes the 0.1.0 tables and rows into a site that has never run the plugin, as the 0.1.0 plugin
 * would have left them: tables made by Strapi's own schema builder, rows with their ids, the
 * plugin's core-store entries, and the tables in Strapi's stored schema (so that the next boot
 * sees them as tables it made).
 */
const loadFixture = async (strapi: Core.Strapi) => {
  const db = strapi.db;
  await db.schema.builder.createSchema({ tables: fixture.tables } as never);
  for (const table of fixture.tables) {
    const rows = fixture.rows[table.name] ?? [];
    for (const row of rows) await db.connection(table.name).insert(toInsert(table.name, row));
    if (db.config.connection.client === 'postgres' && rows.length > 0) {
      // Rows inserted with their ids leave the sequence behind: the next insert must not reuse one.
      await db.connection.raw(
        `SELECT setval(pg_get_serial_sequence(?, 'id'), (SELECT MAX(id) FROM ??))`,
        [table.name, table.name]
      );
    }
  }
  for (const entry of fixture.coreStore) {
    await db.connection('strapi_core_store_settings').insert(entry);
  }
  const stored = await db.schema.schemaStorage.read();
  if (stored) {
    await db.schema.schemaStorage.add({
      ...stored.schema,
      tables: [...stored.schema.tables, ...fixture.tables],
    } as never);
  }
};

let database: ProvisionedDatabase;
let app: TestStrapi;

beforeAll(async () => {
  database = await provisionDatabase();
  const bare = await startStrapi({ ...env, MAINTENANCE_ENABLED: 'false' }, { database });
  try {
    await loadFixture(bare.strapi);
  } finally {
    await bare.stop();
  }
  app = await startStrapi(env, { database });
}, 2 * BOOT);
afterAll(async () => {
  await app?.stop();
  await database?.drop();
}, BOOT);

const rowsOf = async (tableName: string) =>
  (
    (await app.strapi.db.connection(tableName).select('*').orderBy('id')) as Array<
      Record<string, unknown>
    >
  ).map((row) => fromDatabase(tableName, row));

const taskRow = (name: string) =>
  app.strapi.db.query(UIDS.task).findOne({ where: { name } }) as Promise<Record<string, unknown>>;

test.each(Object.keys(fixture.rows))(
  'Given a 0.1.0 database, When the current plugin boots on it, Then every row of %s is still there with its values',
  async (tableName) => {
    // Built-in scripts are the plugin's own: each start brings them to the body it ships (a new
    // version when it changed), which the test after this one checks. Every other row is kept.
    const ours = (row: Record<string, unknown>) =>
      tableName === 'maintenance_scripts' && Boolean(row.built_in);
    const expected = fixture.rows[tableName]
      .map((row) => fromDatabase(tableName, toInsert(tableName, row)))
      .filter((row) => !ours(row));
    const kept = (await rowsOf(tableName)).filter((row) =>
      expected.some((wanted) => wanted.id === row.id)
    );
    expect(kept).toEqual(expected);
  }
);

test('Given 0.1.0 built-in scripts, When the current plugin boots, Then each holds the body it ships, signed, a changed one as a new version', async () => {
  const scripts = service(app.strapi, 'scripts');
  for (const row of fixture.rows.maintenance_scripts.filter((script) => script.built_in)) {
    const script = await scripts.findOne(row.id as number);
    const shipped = BUILT_IN_SCRIPTS.find((definition) => definition.key === row.built_in_key);
    expect(script.body).toBe(shipped?.body);
    expect(scripts.integrity(script)).toBe('valid');
    expect(script.version).toBe(
      script.body === row.body ? Number(row.version) : Number(row.version) + 1
    );
  }
});

test('Given 0.1.0 tasks, When the current plugin boots, Then the columns added since hold their defaults', async () => {
  const tasks = await app.strapi.db.query(UIDS.task).findMany({
    where: { id: { $in: fixture.rows.maintenance_tasks.map((row) => row.id) } },
  });
  expect(tasks).toHaveLength(fixture.rows.maintenance_tasks.length);
  for (const task of tasks) {
    expect({
      retries: task.retries,
      retryBackoffMs: task.retryBackoffMs,
      autoPauseAfter: task.autoPauseAfter,
      consecutiveFailedSlots: task.consecutiveFailedSlots,
      retryAt: task.retryAt,
      retrySlot: task.retrySlot,
      retryAttempt: task.retryAttempt,
      pausedAt: task.pausedAt,
      pausedReason: task.pausedReason,
      codeKey: task.codeKey,
      managedInCode: task.managedInCode,
    }).toEqual({
      retries: 0,
      retryBackoffMs: null,
      autoPauseAfter: null,
      consecutiveFailedSlots: 0,
      retryAt: null,
      retrySlot: null,
      retryAttempt: null,
      pausedAt: null,
      pausedReason: null,
      codeKey: null,
      managedInCode: false,
    });
  }
});

test('Given 0.1.0 scripts, When the current plugin boots, Then they are not managed in code and still verify', async () => {
  const scripts = service(app.strapi, 'scripts');
  for (const row of fixture.rows.maintenance_scripts) {
    const script = await scripts.findOne(row.id as number);
    expect([script.name, script.managedInCode, script.codeKey]).toEqual([row.name, false, null]);
    expect([script.name, scripts.integrity(script)]).toEqual([row.name, 'valid']);
  }
});

test('Given a 0.1.0 task, When the current plugin reads it, Then its schedule, script and counters are those 0.1.0 stored', async () => {
  const nightly = await service(app.strapi, 'tasks').findOne(
    (await taskRow('Fixture: nightly')).id as number
  );
  const script = fixture.rows.maintenance_scripts.find(
    (row) => row.name === 'Fixture: count articles'
  )!;
  expect(nightly).toMatchObject({
    schedule: '30 2 * * *',
    timezone: 'Europe/Paris',
    params: { limit: 10 },
    misfirePolicy: 'backfill',
    maxRuns: 100,
    timeLimitMs: 20_000,
    script: script.id,
  });
  expect(nightly.runCount).toBe(
    fixture.rows.maintenance_tasks.find((row) => row.name === 'Fixture: nightly')!.run_count
  );
});

test('Given 0.1.0 tasks, When the current plugin boots, Then each is sealed as the plugin’s own', async () => {
  const tasks = service(app.strapi, 'tasks');
  for (const row of fixture.rows.maintenance_tasks) {
    expect(tasks.integrity(await tasks.findOne(row.id as number))).toBe('valid');
  }
});

test('Given a 0.1.0 task, When it is run after the upgrade, Then it runs the latest version of its script', async () => {
  const task = await taskRow('Fixture: nightly');
  const run = await service(app.strapi, 'scheduler').runNow(task.id as number);
  expect(run).toMatchObject({ status: 'succeeded', result: 2, scriptVersion: 2 });
});

test('Given 0.1.0 settings and a token, When the current plugin boots, Then they are in force', async () => {
  const current = await service(app.strapi, 'settings').get();
  expect(current.retention).toEqual({ days: 90, keepLast: 5 });
  expect(current.tokens).toEqual([expect.objectContaining({ name: 'fixture cron' })]);
});

test('Given a 0.1.0 database, When the current plugin boots, Then it records the data version', async () => {
  const stored = await app.strapi.store({ type: 'plugin', name: PLUGIN_ID }).get({
    key: 'data-version',
  });
  expect(stored).toBe(DATA_VERSION);
});

test('Given a 0.1.0 database, When the current plugin boots, Then the indexes it makes itself are there with their columns in order, and making them again makes none', async () => {
  const { expected, found } = await pluginIndexes(app.strapi);
  expect(found).toEqual(expected);
  expect(await service(app.strapi, 'storage').ensureIndexes()).toEqual([]);
});

test('Given a 0.1.0 task, When the current plugin reads it, Then its overlap policy is skip, the default (issue 14)', async () => {
  // The column came with this version: the rows 0.1.0 wrote hold its default.
  expect(await taskRow('Fixture: nightly')).toMatchObject({ overlap: 'skip' });
});
