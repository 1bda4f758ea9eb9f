// Orphaned media at scale (issue 13): on each database, BENCH_ORPHANS_FILES media files (default
// 50,000: 3 in 10 an article's cover, 1 in 10 mentioned by URL in an article's body, 6 in 10
// orphans) and article documents grown through BENCH_ORPHANS_SIZES (default
// "100000,200000,400000"), all written straight to their tables. At each size: the built-in
// "Remove orphaned media" reporting only (remove: false, maxFiles at its maximum), run as Run
// now runs it, with Strapi's memory and the site's latency during the run; the same calls paged
// to the last orphan (a script without the maxFiles cap); and the floor, the unlinked candidates
// by one bare SQL statement plus one pass over every article body. `npm run bench -- orphans`
// runs it alone; BENCH_ORPHANS_DATABASES (default all) picks the databases.
import {
  count,
  createRows,
  eachDatabase,
  seconds,
  trafficRows,
  underTraffic,
} from './lib/scale.mjs';

const FILES = Number(process.env.BENCH_ORPHANS_FILES ?? 50_000);
const SIZES = (process.env.BENCH_ORPHANS_SIZES ?? '100000,200000,400000')
  .split(',')
  .map(Number)
  .sort((a, b) => a - b);
const DATABASES = (process.env.BENCH_ORPHANS_DATABASES ?? 'sqlite,postgres,mysql').split(',');
const IDLE_MS = Number(process.env.BENCH_ORPHANS_IDLE_MS ?? 5_000);
/** The issue's goal: every orphan found within 30 s at 200,000 articles. */
const TARGET_MS = 30_000;
const TARGET_ARTICLES = 200_000;
const OLDER_THAN_DAYS = 30;
/** The built-in's own maximum for maxFiles. */
const MAX_FILES = 10_000;
const LIMITS = { wallTimeLimitMs: 60 * 60_000 };
/** The built-in's calls without its cap: every page of ctx.media.findOrphans to the last. */
const EVERY_ORPHAN = `
let found = 0;
let afterId = 0;
for (;;) {
  const page = await ctx.media.findOrphans({ olderThanDays: ${OLDER_THAN_DAYS}, limit: 100, afterId });
  if (page.length === 0) break;
  found += page.length;
  afterId = page[page.length - 1].id;
}
return { found };
`;

const { row, header, save } = createRows();

const measureSize = async (host, token, client, { articles, orphans, idle }) => {
  const measured = await underTraffic(host, token, IDLE_MS, () =>
    host.call('scale-run', {
      key: 'remove-orphaned-media',
      params: { olderThanDays: OLDER_THAN_DAYS, remove: false, maxFiles: MAX_FILES },
      limits: LIMITS,
    })
  );
  const { run } = measured;
  const every = await host.call('scale-run', { body: EVERY_ORPHAN, params: {}, limits: LIMITS });
  const floor = await host.call('orphans-floor', { olderThanDays: OLDER_THAN_DAYS });
  const where = `9. ${client}, ${count(articles)} articles, ${count(FILES)} files:`;
  const inTime = articles <= TARGET_ARTICLES;
  row(
    `${where} a. report orphaned media, built-in (remove: false, maxFiles ${count(MAX_FILES)}) vs the floor (candidates by one bare \`SELECT\` + one pass over every body)`,
    `**${seconds(run.ms)}** (${run.status}) vs floor ${seconds(floor.ms, 3)} (${seconds(floor.candidatesMs, 3)} + ${seconds(floor.passMs, 3)}) = ${(run.ms / floor.ms).toFixed(1)}×; a run with nothing to find takes ${seconds(idle.ms)}`,
    inTime ? `≤ 30 s at ${count(TARGET_ARTICLES)} articles` : 'report',
    inTime ? run.status === 'succeeded' && run.ms <= TARGET_MS : null
  );
  const found = run.result?.found ?? 0;
  row(
    `${where} b. orphans the built-in's run reports`,
    `${count(found)} of ${count(orphans)}${found < orphans && found === MAX_FILES ? ` (maxFiles is at most ${count(MAX_FILES)}; a report-only run starts again from the first orphan, so the others are never reported)` : ''}${run.error ? ` (${String(run.error.message).split('\n')[0]})` : ''}`,
    `all ${count(orphans)}`,
    run.status === 'succeeded' && found === orphans
  );
  row(
    `${where} c. every orphan, the same calls paged to the last (no maxFiles cap); the floor's count`,
    `**${seconds(every.ms)}**, ${count(every.result?.found ?? 0)} (${every.status}); floor ${count(floor.orphans)}`,
    `all ${count(orphans)}`,
    every.status === 'succeeded' && every.result?.found === orphans && floor.orphans === orphans
  );
  trafficRows(row, where, measured, { rssTarget: null, letters: ['d', 'e', 'f'] });
  return run.ms;
};

const measure = async (host, client) => {
  const { accessKey } = await host.call('api-token');
  const seeded = Date.now();
  const { orphans } = await host.call('orphans-files', { files: FILES });
  console.log(`[${client}] seeded ${count(FILES)} files in ${(Date.now() - seeded) / 1000} s`);
  // The sandbox started, and what one run costs whatever it finds (no file is that old).
  const idle = await host.call('scale-run', {
    key: 'remove-orphaned-media',
    params: { olderThanDays: 36_500, remove: false },
  });
  const perArticle = [];
  for (const articles of SIZES) {
    const grown = Date.now();
    await host.call('orphans-articles', { documents: articles });
    console.log(
      `[${client}] ${count(articles)} articles in all, seeded in ${(Date.now() - grown) / 1000} s`
    );
    const ms = await measureSize(host, accessKey, client, { articles, orphans, idle });
    perArticle.push({ articles, usPerArticle: (ms * 1000) / articles });
  }
  if (perArticle.length < 2) return;
  // Linear growth is a constant time per article; a run's fixed cost makes it fall as the site
  // grows, which is not worse than linear. What the goal excludes is growth faster than the
  // content: the time per article at the largest size against the smallest.
  const growth = perArticle.at(-1).usPerArticle / perArticle[0].usPerArticle;
  row(
    `9. ${client}: g. linear growth, the built-in's time per article at ${perArticle.map((size) => count(size.articles)).join(' / ')} articles (largest size ÷ smallest size; above 1 is faster than linear)`,
    `${perArticle.map((size) => `${size.usPerArticle.toFixed(1)} µs`).join(' / ')} = **${growth.toFixed(2)}×**`,
    '≤ 1.5×',
    growth <= 1.5
  );
};

console.log(`Orphaned media at scale, Node ${process.version}, ${new Date().toISOString()}`);
console.log(`Sizes: ${count(FILES)} files; ${SIZES.map(count).join(', ')} articles\n`);
header();

await eachDatabase(DATABASES, row, (client) => `9. ${client}: orphaned media`, measure);

save('scale-orphans');
