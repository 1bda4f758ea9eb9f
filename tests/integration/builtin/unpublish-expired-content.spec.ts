import { useStrapi } from '../../helpers/strapi';
import { ARTICLE, DAY, failure, runBuiltIn, seedArticles } from './helpers';

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false' });
const KEY = 'unpublish-expired-content';

const ago = (days: number) => new Date(Date.now() - days * DAY);

/** Titles of the published versions among articles whose title starts with `prefix`. */
const published = async (prefix: string) =>
  (
    (await app.current.strapi.db.query(ARTICLE).findMany({
      where: { title: { $startsWith: prefix }, publishedAt: { $notNull: true } },
      select: ['title'],
      orderBy: { title: 'asc' },
    })) as Array<{ title: string }>
  ).map((row) => row.title);

const drafts = async (prefix: string) =>
  app.current.strapi.db
    .query(ARTICLE)
    .count({ where: { title: { $startsWith: prefix }, publishedAt: null } });

test('Given published articles past and before their expiry, When the script runs dry then for real, Then exactly the expired ones are unpublished and their drafts stay', async () => {
  const { strapi } = app.current;
  await seedArticles(strapi, [
    { title: 'exp-expired', publish: true, expiresAt: ago(1) },
    { title: 'exp-long-expired', publish: true, expiresAt: ago(400) },
    { title: 'exp-future', publish: true, expiresAt: ago(-30) },
    { title: 'exp-no-date', publish: true },
    { title: 'exp-draft-only', expiresAt: ago(10) },
  ]);
  const params = { uid: ARTICLE, filters: { title: { $startsWith: 'exp-' } } };

  const dry = await runBuiltIn(strapi, KEY, { params, dryRun: true });
  expect(dry.result).toMatchObject({ dryRun: true, matching: 2, wouldUnpublish: 2, remaining: 0 });
  expect(await published('exp-')).toEqual([
    'exp-expired',
    'exp-future',
    'exp-long-expired',
    'exp-no-date',
  ]);

  const real = await runBuiltIn(strapi, KEY, { params });
  expect(real.result).toMatchObject({ dryRun: false, unpublished: 2, batches: [2], remaining: 0 });
  expect(real.result.firstDocumentIds.sort()).toEqual(dry.result.firstDocumentIds.sort());
  expect(await published('exp-')).toEqual(['exp-future', 'exp-no-date']);
  expect(await drafts('exp-')).toBe(5);

  const again = await runBuiltIn(strapi, KEY, { params });
  expect(again.result).toMatchObject({ matching: 0, unpublished: 0 });
});

test('Given more expired entries than a run handles, When it runs, Then it unpublishes in batches and leaves the rest for the next run', async () => {
  const { strapi } = app.current;
  await seedArticles(
    strapi,
    Array.from({ length: 7 }, (_, index) => ({
      title: `many-${index}`,
      publish: true,
      expiresAt: ago(2),
    }))
  );
  const params = {
    uid: ARTICLE,
    filters: { title: { $startsWith: 'many-' } },
    batchSize: 3,
    maxBatches: 2,
  };
  const dry = await runBuiltIn(strapi, KEY, { params, dryRun: true });
  expect(dry.result).toMatchObject({ matching: 7, wouldUnpublish: 6, remaining: 1 });
  const first = await runBuiltIn(strapi, KEY, { params });
  expect(first.result).toMatchObject({ unpublished: 6, batches: [3, 3], remaining: 1 });
  expect(await published('many-')).toHaveLength(1);
  const second = await runBuiltIn(strapi, KEY, { params });
  expect(second.result).toMatchObject({ unpublished: 1, remaining: 0 });
  expect(await published('many-')).toEqual([]);
});

test.each([
  [{}, /param "uid" is required/],
  [{ uid: ARTICLE, field: 'title' }, /field must be a date attribute of api::article.article/],
  [{ uid: ARTICLE, batchSize: 'all' }, /param "batchSize" must be a whole number from 1 to 1000/],
  [{ uid: ARTICLE, filter: {} }, /unknown param "filter"/],
])(
  'Given params %j, When the script runs, Then it fails naming the problem and unpublishes nothing',
  async (params, message) => {
    const { strapi } = app.current;
    await seedArticles(strapi, [{ title: 'guard-expired', publish: true, expiresAt: ago(3) }]);
    const { run } = await runBuiltIn(strapi, KEY, { params });
    expect(failure(run)).toMatch(message);
    expect(await published('guard-expired')).not.toEqual([]);
    // The next case starts from a clean slate.
    await strapi.db.query(ARTICLE).deleteMany({ where: { title: 'guard-expired' } });
  }
);
