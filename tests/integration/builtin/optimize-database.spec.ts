import { useStrapi } from '../../helpers/strapi';
import { ARTICLE, failure, insertOldDrafts, runBuiltIn } from './helpers';

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false' });
const KEY = 'optimize-database';

const client = () => app.current.strapi.db.dialect.client as 'sqlite' | 'postgres' | 'mysql';

/** SQLite pages that a VACUUM would give back. */
const freePages = async () => {
  const result = (await app.current.strapi.db.connection.raw('PRAGMA freelist_count')) as Array<
    Record<string, number>
  >;
  return Number(Object.values(result[0])[0]);
};

beforeAll(async () => {
  // Rows written then deleted leave free space behind, for the compaction to reclaim.
  const { strapi } = app.current;
  await insertOldDrafts(strapi, 1500, { prefix: 'bloat-', ageDays: 1 });
  await strapi.db.query(ARTICLE).updateMany({
    where: { title: { $startsWith: 'bloat-' } },
    data: { body: 'x'.repeat(4000) },
  });
  await strapi.db.query(ARTICLE).deleteMany({ where: { title: { $startsWith: 'bloat-' } } });
});

test('Given a database with free space, When the script runs dry, Then it names the statements and runs none', async () => {
  const before = client() === 'sqlite' ? await freePages() : null;
  const { result } = await runBuiltIn(app.current.strapi, KEY, { dryRun: true });
  const expected = {
    sqlite: ['VACUUM', 'PRAGMA optimize'],
    postgres: ['VACUUM (ANALYZE)'],
    mysql: ['OPTIMIZE TABLE'],
  }[client()];
  expect(result).toMatchObject({
    dryRun: true,
    client: client(),
    statements: expected,
    sizeBefore: expect.any(Number),
  });
  expect(result.summary).toMatch(new RegExp(`^would run ${expected[0].replace(/[()]/g, '\\$&')}`));
  if (before !== null) {
    expect(before).toBeGreaterThan(0);
    expect(await freePages()).toBe(before);
  }
});

test('Given the same database, When the script runs for real, Then it runs what the dry run named and reports the size before and after', async () => {
  const dry = await runBuiltIn(app.current.strapi, KEY, { dryRun: true });
  const { run, result } = await runBuiltIn(app.current.strapi, KEY);
  expect(run.status).toBe('succeeded');
  expect(result).toMatchObject({
    dryRun: false,
    statements: dry.result.statements,
    sizeBefore: expect.any(Number),
    sizeAfter: expect.any(Number),
    durationMs: expect.any(Number),
  });
  expect(result.reclaimedBytes).toBe(result.sizeBefore - result.sizeAfter);
  if (client() === 'sqlite') {
    expect(result.reclaimedBytes).toBeGreaterThan(0);
    expect(await freePages()).toBe(0);
  }
});

test('Given analyzeOnly, When the script runs, Then it refreshes statistics without rewriting tables', async () => {
  const { run, result } = await runBuiltIn(app.current.strapi, KEY, {
    params: { analyzeOnly: true },
  });
  expect(run.status).toBe('succeeded');
  expect(result.statements).toEqual(
    { sqlite: ['PRAGMA optimize'], postgres: ['ANALYZE'], mysql: ['ANALYZE TABLE'] }[client()]
  );
});

test.each([
  [{ analyzeOnly: 'yes' }, /param "analyzeOnly" must be true or false/],
  [{ vacuum: true }, /unknown param "vacuum" \(this script takes analyzeOnly\)/],
])(
  'Given params %j, When the script runs, Then it fails naming the param',
  async (params, message) => {
    const { run } = await runBuiltIn(app.current.strapi, KEY, { params });
    expect(failure(run)).toMatch(message);
    expect(run.log).toEqual([]);
  }
);
