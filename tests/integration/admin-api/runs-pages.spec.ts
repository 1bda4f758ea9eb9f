/**
 * The run history list on a history larger than its count reaches: every page of every filter
 * holds exactly the runs that filter names, in order, with no run twice or missing; the count is
 * exact below its limit and says "at least" past it; the plugin's own indexes (those the list
 * and the purge use) are there on a fresh database, and made again by the version 4 migration.
 */
import {
  ACTIONS,
  PLUGIN_ID,
  UIDS,
  type RunStatus,
  type RunTrigger,
} from '../../../server/src/constants';
import { COUNT_LOOKAHEAD } from '../../../server/src/services/run-retention';
import { createAdminAgent, type AdminAgent } from '../../helpers/admin';
import { readSeededRuns, type SeededRun } from '../../helpers/seeded-runs';
import { PLUGIN_INDEXES, DATA_VERSION } from '../../../server/src/services/storage';
import { pluginIndexes } from '../../helpers/indexes';
import { service } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';
import { disableSeededTasks } from '../../helpers/wakeups';

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false' });

const TASKS = [930001, 930002, 930003];
const STATUSES: RunStatus[] = ['succeeded', 'failed', 'skipped', 'timed-out'];
const TRIGGERS: RunTrigger[] = ['timer', 'route', 'manual'];
const COUNT = COUNT_LOOKAHEAD + 500;
const BASE = Date.parse('2026-01-01T00:00:00Z');

type Seeded = SeededRun;

let reader: AdminAgent;
let seeded: Seeded[] = [];

beforeAll(async () => {
  const { strapi } = app.current;
  await disableSeededTasks(strapi);
  reader = await createAdminAgent(strapi, [ACTIONS.read], 'reader');
  const data = [];
  for (let index = 0; index < COUNT; index += 1) {
    data.push({
      taskId: TASKS[index % 3],
      taskName: 'paged',
      status: STATUSES[index % 4],
      trigger: TRIGGERS[index % 3 === 0 ? index % 2 : 2],
      attempt: 1,
      slot: BASE + index,
      // Minutes apart, in an order unlike the ids', some starts shared (the id breaks the tie).
      startedAt: BASE + ((index * 7919) % COUNT) * 60_000 - (index % 5 === 0 ? 60_000 : 0),
    });
  }
  for (let start = 0; start < data.length; start += 500) {
    await strapi.db.query(UIDS.run).createMany({ data: data.slice(start, start + 500) });
  }
  seeded = await readSeededRuns(strapi);
}, 120_000);

const newestFirst = (a: Seeded, b: Seeded) => b.startedAt - a.startedAt || b.id - a.id;

const page = async (query: string) => {
  const response = await reader.request('get', `/maintenance/runs?${query}`);
  expect(response.status).toBe(200);
  return response.body as {
    data: Array<{ id: number }>;
    meta: { pagination: Record<string, unknown> };
  };
};

/** Every page of `query` at 100 a page, one after the other, until a page comes short. */
const walk = async (query: string) => {
  const ids: number[] = [];
  for (let number = 1; ; number += 1) {
    const { data } = await page(`${query}&pageSize=100&page=${number}`);
    ids.push(...data.map((run) => run.id));
    if (data.length < 100) return ids;
  }
};

const FROM = BASE + 200 * 60_000;
const TO = BASE + 900 * 60_000;

test.each([
  ['no filter', '', () => true],
  ['a status', 'status=failed', (run: Seeded) => run.status === 'failed'],
  ['a trigger', 'trigger=route', (run: Seeded) => run.trigger === 'route'],
  ['a task', `task=${TASKS[1]}`, (run: Seeded) => run.taskId === TASKS[1]],
  [
    'a task and a status',
    `task=${TASKS[2]}&status=skipped`,
    (run: Seeded) => run.taskId === TASKS[2] && run.status === 'skipped',
  ],
  [
    'a date range',
    `from=${FROM}&to=${TO}`,
    (run: Seeded) => run.startedAt >= FROM && run.startedAt <= TO,
  ],
])(
  'Given %s, When every page is read in turn, Then together they hold exactly its runs, newest first',
  async (_label, query, matches) => {
    const expected = seeded.filter(matches).sort(newestFirst);
    expect(expected.length).toBeGreaterThan(0);
    expect(await walk(query)).toEqual(expected.map((run) => run.id));
  }
);

test('Given more runs than the count reaches, When page 1 is read, Then the total says "at least" and the pages known go past it', async () => {
  const { meta } = await page('pageSize=25');
  expect(meta.pagination).toEqual({
    page: 1,
    pageSize: 25,
    pageCount: COUNT_LOOKAHEAD / 25,
    total: COUNT_LOOKAHEAD,
    totalCapped: true,
  });
});

test('Given a page near the end, When it is read, Then the count reaches the end and is exact', async () => {
  const { meta, data } = await page('pageSize=100&page=10');
  expect(meta.pagination).toEqual({
    page: 10,
    pageSize: 100,
    pageCount: Math.ceil(seeded.length / 100),
    total: seeded.length,
  });
  expect(data).toHaveLength(100);
});

test('Given a page past the end, When it is read, Then it is empty', async () => {
  const { data, meta } = await page('pageSize=100&page=500');
  expect(data).toEqual([]);
  expect(meta.pagination).toMatchObject({ page: 500, total: seeded.length });
});

test('Given a fresh database, When the plugin has booted, Then its own indexes are there with their columns in order', async () => {
  const { expected, found } = await pluginIndexes(app.current.strapi);
  expect(found).toEqual(expected);
});

test('Given a current database missing an index (data version 3), When the plugin migrates, Then the index is made again and the version is 4', async () => {
  const { strapi } = app.current;
  const [first] = PLUGIN_INDEXES;
  const table = strapi.db.metadata.get(UIDS.run).tableName;
  await strapi.db.connection.schema.alterTable(table, (builder) => {
    builder.dropIndex([], first.name);
  });
  const store = strapi.store({ type: 'plugin', name: PLUGIN_ID });
  await store.set({ key: 'data-version', value: 3 });
  expect(await service(strapi, 'storage').migrate()).toEqual({ from: 3, to: DATA_VERSION });
  const { expected, found } = await pluginIndexes(strapi);
  expect(found).toEqual(expected);
  expect(await service(strapi, 'storage').ensureIndexes()).toEqual([]);
});
