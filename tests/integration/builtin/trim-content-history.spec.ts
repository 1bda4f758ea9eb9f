/**
 * Strapi 5.54 Community Edition registers the history-version model (its table exists, so that
 * versions survive a lapsed licence) but records nothing: recording is a licensed feature. The
 * script must say so on such a site, and trim versions that are there (from a time the site had
 * the feature) like any others.
 */
import { useStrapi } from '../../helpers/strapi';
import { ARTICLE, DAY, failure, runBuiltIn } from './helpers';

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false' });
const KEY = 'trim-content-history';
const HISTORY = 'plugin::content-manager.history-version';

/** A version as Strapi's history service stores it, saved `ageDays` ago. */
const storeVersion = async (ageDays: number, title: string) => {
  const { strapi } = app.current;
  const version = await strapi.db.query(HISTORY).create({
    data: {
      contentType: ARTICLE,
      relatedDocumentId: 'abcdefghijklmnopqrstuvwx',
      locale: null,
      status: 'draft',
      data: { title },
      schema: {},
    },
  });
  await strapi.db.query(HISTORY).update({
    where: { id: version.id },
    data: { createdAt: new Date(Date.now() - ageDays * DAY) },
  });
  return version as { id: number };
};

const storedTitles = async () =>
  (
    (await app.current.strapi.db
      .query(HISTORY)
      .findMany({ select: ['data'], orderBy: { id: 'asc' } })) as Array<{ data: { title: string } }>
  ).map((row) => row.data.title);

test('Given this Community Edition site, Then content history is a stored model that records nothing', () => {
  const { strapi } = app.current;
  expect(Object.keys(strapi.contentTypes)).not.toContain(HISTORY);
  expect(strapi.db.metadata.get(HISTORY).tableName).toBe('strapi_history_versions');
  expect(strapi.ee.features.isEnabled('cms-content-history')).toBe(false);
});

test('Given a site without content history, When the script runs, Then it says history is not enabled and succeeds without doing anything', async () => {
  const { strapi } = app.current;
  await strapi.documents(ARTICLE).create({ data: { title: 'edited' } } as never);
  const { run, result } = await runBuiltIn(strapi, KEY, { params: { olderThanDays: 0 } });
  expect(run.status).toBe('succeeded');
  expect(result).toMatchObject({
    summary: 'content history is not enabled on this site: nothing to trim',
    enabled: false,
  });
  expect(await strapi.db.query(HISTORY).count()).toBe(0);
});

test('Given versions kept from when the site recorded history, When the script runs dry then for real, Then exactly the old ones go', async () => {
  await storeVersion(200, 'very old');
  await storeVersion(120, 'old');
  await storeVersion(10, 'recent');
  const params = { olderThanDays: 90 };

  const dry = await runBuiltIn(app.current.strapi, KEY, { params, dryRun: true });
  expect(dry.result).toMatchObject({
    enabled: true,
    recording: false,
    stored: 3,
    matching: 2,
    wouldDelete: 2,
    remaining: 0,
  });
  expect(dry.result.summary).toMatch(/no longer records on this site/);
  expect(await storedTitles()).toEqual(['very old', 'old', 'recent']);

  const real = await runBuiltIn(app.current.strapi, KEY, { params });
  expect(real.result).toMatchObject({ deleted: 2, remaining: 0 });
  expect(await storedTitles()).toEqual(['recent']);
});

test('Given more old versions than a run handles, When it runs, Then it deletes in batches and leaves the rest for the next run', async () => {
  for (let index = 0; index < 5; index += 1) await storeVersion(400, `batch ${index}`);
  const params = { olderThanDays: 365, batchSize: 2, maxBatches: 2 };
  const dry = await runBuiltIn(app.current.strapi, KEY, { params, dryRun: true });
  expect(dry.result).toMatchObject({ matching: 5, wouldDelete: 4, remaining: 1 });
  const real = await runBuiltIn(app.current.strapi, KEY, { params });
  expect(real.result).toMatchObject({ deleted: 4, remaining: 1 });
  expect(await storedTitles()).toEqual(['recent', 'batch 4']);
});

test.each([
  [{ olderThanDays: -5 }, /param "olderThanDays" must be a number from 0 to 36500/],
  [{ batchSize: 0.5 }, /param "batchSize" must be a whole number from 1 to 1000/],
  [{ days: 5 }, /unknown param "days"/],
])(
  'Given params %j, When the script runs, Then it fails naming the param and deletes nothing',
  async (params, message) => {
    const kept = await storeVersion(1000, 'guarded');
    const { run } = await runBuiltIn(app.current.strapi, KEY, { params });
    expect(failure(run)).toMatch(message);
    expect(await app.current.strapi.db.query(HISTORY).count({ where: { id: kept.id } })).toBe(1);
  }
);
