import { existsSync } from 'node:fs';
import { useStrapi } from '../../helpers/strapi';
import { storedPath, uploadTextFile, type UploadedFile } from '../../helpers/uploads';
import { ARTICLE, failure, runBuiltIn } from './helpers';

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false' });
const KEY = 'remove-orphaned-media';
const FILE = 'plugin::upload.file';

type Uploaded = UploadedFile;

const onDisk = (file: Uploaded) => existsSync(storedPath(file));
const stillStored = async (file: Uploaded) =>
  (await app.current.strapi.db.query(FILE).count({ where: { id: file.id } })) === 1;

/** A file uploaded through the upload plugin `ageDays` ago. */
const upload = (name: string, ageDays: number): Promise<Uploaded> =>
  uploadTextFile(app.current.strapi, name, { contents: `content of ${name} `.repeat(64), ageDays });

let linked: Uploaded;
let mentioned: Uploaded;
let recent: Uploaded;
let orphans: Uploaded[];

beforeAll(async () => {
  const { strapi } = app.current;
  linked = await upload('linked-cover.txt', 90);
  mentioned = await upload('in-the-body.txt', 90);
  recent = await upload('just-uploaded.txt', 1);
  orphans = [await upload('orphan-a.txt', 90), await upload('orphan-b.txt', 120)];
  await strapi.documents(ARTICLE).create({
    data: {
      title: 'uses media',
      cover: linked.id,
      // Markdown mentions a file by URL only: there is no link in the upload plugin's table.
      body: `An attachment: [download](${mentioned.url})`,
    },
  } as never);
});

test('Given the default params, When the script runs for real, Then it reports the orphans and removes nothing', async () => {
  const { result } = await runBuiltIn(app.current.strapi, KEY);
  expect(result).toMatchObject({ dryRun: false, found: 2, removed: 0 });
  expect(result.files).toEqual(['orphan-a.txt', 'orphan-b.txt']);
  expect(result.summary).toMatch(/found 2 orphaned files .* nothing removed/);
  for (const file of orphans) expect(onDisk(file)).toBe(true);
});

test('Given remove: true and a dry run, When the script runs, Then nothing is removed and it reports exactly what the real run then removes', async () => {
  const { strapi } = app.current;
  const params = { olderThanDays: 30, remove: true };
  const dry = await runBuiltIn(strapi, KEY, { params, dryRun: true });
  expect(dry.result).toMatchObject({ dryRun: true, found: 2, wouldRemove: 2, kept: [] });
  for (const file of orphans) {
    expect(onDisk(file)).toBe(true);
    expect(await stillStored(file)).toBe(true);
  }

  const real = await runBuiltIn(strapi, KEY, { params });
  expect(real.result).toMatchObject({
    dryRun: false,
    found: 2,
    removed: 2,
    freedBytes: dry.result.wouldFreeBytes,
    files: dry.result.files,
  });
  expect(real.result.freedBytes).toBeGreaterThan(0);
  for (const file of orphans) {
    expect(onDisk(file)).toBe(false);
    expect(await stillStored(file)).toBe(false);
  }
  // Linked, mentioned in text, or too recent: these stay.
  for (const file of [linked, mentioned, recent]) {
    expect(onDisk(file)).toBe(true);
    expect(await stillStored(file)).toBe(true);
  }
});

test('Given more orphans than maxFiles, When the script runs, Then it handles maxFiles and says more may remain', async () => {
  const { strapi } = app.current;
  const more = [await upload('batch-a.txt', 90), await upload('batch-b.txt', 90)];
  const { result } = await runBuiltIn(strapi, KEY, { params: { remove: true, maxFiles: 1 } });
  expect(result).toMatchObject({ found: 1, removed: 1, files: ['batch-a.txt'] });
  expect(result.summary).toMatch(/maxFiles reached/);
  expect(await stillStored(more[1])).toBe(true);
});

test('Given more orphans than maxFiles, When the script only reports, Then it counts every one of them', async () => {
  const { strapi } = app.current;
  await upload('report-a.txt', 90);
  await upload('report-b.txt', 90);
  // batch-b.txt is still there from the test above: three orphans, one allowed per removal.
  const { result } = await runBuiltIn(strapi, KEY, { params: { maxFiles: 1 } });
  expect(result).toMatchObject({ found: 3, removed: 0 });
  expect(result.files).toEqual(['batch-b.txt', 'report-a.txt', 'report-b.txt']);
  expect(result.summary).toMatch(/^found 3 orphaned files .* nothing removed/);
  expect(result.summary).not.toMatch(/maxFiles reached/);
});

test.each([
  [{ remove: 'yes' }, /param "remove" must be true or false/],
  [{ olderThanDays: 'old' }, /param "olderThanDays" must be a number from 0 to 36500/],
  [{ maxFiles: 0 }, /param "maxFiles" must be a whole number from 1 to 10000/],
  [{ remove: true, olderThanDay: 1 }, /unknown param "olderThanDay"/],
])(
  'Given params %j, When the script runs, Then it fails naming the param and removes nothing',
  async (params, message) => {
    const { strapi } = app.current;
    const orphan = await upload('guarded.txt', 90);
    const { run } = await runBuiltIn(strapi, KEY, { params });
    expect(failure(run)).toMatch(message);
    expect(onDisk(orphan)).toBe(true);
  }
);
