import { useStrapi } from '../../helpers/strapi';
import {
  ARTICLE,
  countArticles,
  failure,
  insertOldDrafts,
  runBuiltIn,
  seedArticles,
} from './helpers';

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false' });
const KEY = 'delete-old-entries';

const titles = async (prefix: string) =>
  (
    (await app.current.strapi.db.query(ARTICLE).findMany({
      where: { title: { $startsWith: prefix }, publishedAt: null },
      select: ['title'],
      orderBy: { title: 'asc' },
    })) as Array<{ title: string }>
  ).map((row) => row.title);

test('Given old and recent articles, When the script runs dry, Then nothing changes and it reports exactly what the real run then deletes', async () => {
  const { strapi } = app.current;
  await seedArticles(strapi, [
    { title: 'age-old-draft', ageDays: 400 },
    { title: 'age-old-published', ageDays: 500, publish: true },
    { title: 'age-recent', ageDays: 10 },
  ]);
  const params = { uid: ARTICLE, olderThanDays: 365, filters: { title: { $startsWith: 'age-' } } };

  const dry = await runBuiltIn(strapi, KEY, { params, dryRun: true });
  expect(dry.result).toMatchObject({ dryRun: true, matching: 2, wouldDelete: 2, remaining: 0 });
  expect(dry.result.summary).toMatch(/^would delete 2 of 2 api::article.article entries/);
  expect(await titles('age-')).toEqual(['age-old-draft', 'age-old-published', 'age-recent']);

  const real = await runBuiltIn(strapi, KEY, { params });
  expect(real.result).toMatchObject({ dryRun: false, deleted: 2, batches: [2], remaining: 0 });
  expect(real.result.firstDocumentIds).toEqual(dry.result.firstDocumentIds);
  expect(await titles('age-')).toEqual(['age-recent']);
  // A deleted document goes whole: its published version too.
  expect(await countArticles(strapi, { title: 'age-old-published' })).toBe(0);
});

test('Given draftsOnly, When the script runs, Then only documents never published go', async () => {
  const { strapi } = app.current;
  await seedArticles(strapi, [
    { title: 'drafts-never-published', ageDays: 400 },
    { title: 'drafts-published', ageDays: 400, publish: true },
  ]);
  const params = {
    uid: ARTICLE,
    olderThanDays: 365,
    draftsOnly: true,
    filters: { title: { $startsWith: 'drafts-' } },
  };
  const dry = await runBuiltIn(strapi, KEY, { params, dryRun: true });
  expect(dry.result).toMatchObject({ matching: 1, wouldDelete: 1 });
  const real = await runBuiltIn(strapi, KEY, { params });
  expect(real.result).toMatchObject({ deleted: 1, remaining: 0 });
  expect(await titles('drafts-')).toEqual(['drafts-published']);
  expect(await countArticles(strapi, { title: 'drafts-published' })).toBe(2);
});

test('Given 2,500 old entries, When it runs in batches of 1,000 and at most 2 per run, Then each run deletes what it says and the next run finishes the job', async () => {
  const { strapi } = app.current;
  await insertOldDrafts(strapi, 2500, { prefix: 'bulk-', ageDays: 400 });
  await seedArticles(strapi, [{ title: 'bulk-recent', ageDays: 1 }]);
  const params = {
    uid: ARTICLE,
    olderThanDays: 365,
    filters: { title: { $startsWith: 'bulk-' } },
    batchSize: 1000,
    maxBatches: 2,
  };

  const dry = await runBuiltIn(strapi, KEY, { params, dryRun: true });
  expect(dry.result).toMatchObject({ matching: 2500, wouldDelete: 2000, remaining: 500 });
  expect(await countArticles(strapi, { title: { $startsWith: 'bulk-' } })).toBe(2501);

  const first = await runBuiltIn(strapi, KEY, { params });
  expect(first.run.status).toBe('succeeded');
  expect(first.result).toMatchObject({ deleted: 2000, batches: [1000, 1000], remaining: 500 });
  expect(first.result.summary).toMatch(/500 left for the next run$/);
  expect(await countArticles(strapi, { title: { $startsWith: 'bulk-' } })).toBe(501);

  const second = await runBuiltIn(strapi, KEY, { params });
  expect(second.result).toMatchObject({ deleted: 500, batches: [500], remaining: 0 });
  expect(await titles('bulk-')).toEqual(['bulk-recent']);
}, 300_000);

test.each([
  [{ olderThanDays: 30 }, /param "uid" is required/],
  [{ uid: ARTICLE }, /param "olderThanDays" is required/],
  [{ uid: 'admin::user', olderThanDays: 30 }, /param "uid" must be a content-type uid/],
  [{ uid: ARTICLE, olderThanDays: -1 }, /param "olderThanDays" must be a number from 0 to 36500/],
  [
    { uid: ARTICLE, olderThanDays: 30, batchSize: 10000 },
    /param "batchSize" must be a whole number from 1 to 5000/,
  ],
  [{ uid: ARTICLE, olderThanDays: 30, filters: 'title' }, /param "filters" must be a JSON object/],
  [
    { uid: ARTICLE, olderThanDays: 30, field: 'title' },
    /field must be a date attribute of api::article.article/,
  ],
  [{ uid: 'plugin::users-permissions.user', olderThanDays: 30 }, /is not available to scripts/],
])(
  'Given params %j, When the script runs, Then it fails naming the problem and deletes nothing',
  async (params, message) => {
    const { strapi } = app.current;
    await seedArticles(strapi, [{ title: 'guard-old', ageDays: 400 }]);
    const { run } = await runBuiltIn(strapi, KEY, { params });
    expect(failure(run)).toMatch(message);
    expect(await countArticles(strapi, { title: 'guard-old' })).toBeGreaterThan(0);
  }
);
