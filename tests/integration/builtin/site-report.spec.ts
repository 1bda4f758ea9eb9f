import { DEFAULT_TASKS } from '../../../server/src/builtin';
import { useStrapi } from '../../helpers/strapi';
import { uploadTextFile } from '../../helpers/uploads';
import { ARTICLE, failure, runBuiltIn, seedArticles } from './helpers';

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false' });
const KEY = 'site-report';

let fileBytes = 0;

beforeAll(async () => {
  const { strapi } = app.current;
  await seedArticles(strapi, [
    { title: 'report-a', publish: true },
    { title: 'report-b', publish: true },
    { title: 'report-c' },
  ]);
  const file = await uploadTextFile(strapi, 'report.txt', { contents: 'r'.repeat(5000) });
  fileBytes = Math.round(Number(file.size) * 1024);
});

test('Given content, media and runs, When the report runs, Then it returns the figures and logs them line by line', async () => {
  const { strapi } = app.current;
  await runBuiltIn(strapi, 'purge-run-history', { params: { keepLast: 'x' } });
  const { run, result } = await runBuiltIn(strapi, KEY, { params: { lastRuns: 5 } });

  expect(run.status).toBe('succeeded');
  expect(result.contentTypes).toEqual([
    { uid: ARTICLE, name: 'Article', entries: 3, published: 2 },
    { uid: 'api::guide.guide', name: 'Guide', entries: 0, published: 0 },
    { uid: 'api::page.page', name: 'Page', entries: 0, published: 0 },
    { uid: 'api::topic.topic', name: 'Topic', entries: 0 },
  ]);
  expect(result.media).toEqual({ files: 1, totalBytes: fileBytes });
  expect(result.database).toMatchObject({
    client: strapi.db.dialect.client,
    sizeBytes: expect.any(Number),
  });
  // The default tasks, and one task per runBuiltIn call.
  expect(result.tasks).toEqual({ total: DEFAULT_TASKS.length + 2, enabled: 1 });
  expect(result.runs.byStatus).toEqual({ failed: 1 });
  expect(result.runs.last).toEqual([
    expect.objectContaining({ status: 'failed', taskName: expect.stringContaining('purge-run') }),
  ]);
  const kib = (fileBytes / 1024).toFixed(1);
  expect(result.summary).toMatch(
    new RegExp(
      `^4 content types, 3 entries; 1 media file \\(${kib} KiB\\); database [\\d.]+ [KMG]iB; 1 run in 7 days, 1 failed$`
    )
  );
  const lines = (run.log as Array<{ message: string }>).map((entry) => entry.message);
  expect(lines).toEqual(
    expect.arrayContaining([
      '  Article (api::article.article): 3 entries, 2 published',
      expect.stringMatching(/^ {2}media: 1 file, /),
      expect.stringMatching(
        /^ {2}maintenance: 1 of 8 tasks enabled; 1 run in the last 7 days, 1 failed$/
      ),
    ])
  );
});

test('Given a dry run, When the report runs, Then it reports the same figures (it changes nothing either way)', async () => {
  const { strapi } = app.current;
  const dry = await runBuiltIn(strapi, KEY, { dryRun: true });
  const real = await runBuiltIn(strapi, KEY);
  expect(dry.result.contentTypes).toEqual(real.result.contentTypes);
  expect(dry.result.media).toEqual(real.result.media);
});

test.each([
  [{ lastRuns: 101 }, /param "lastRuns" must be a whole number from 0 to 100/],
  [{ sinceDays: 0 }, /param "sinceDays" must be a whole number from 1 to 366/],
])(
  'Given params %j, When the report runs, Then it fails naming the param',
  async (params, message) => {
    const { run } = await runBuiltIn(app.current.strapi, KEY, { params });
    expect(failure(run)).toMatch(message);
  }
);
