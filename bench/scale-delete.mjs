// Deleting old entries at scale (issue 13): the built-in "Delete old entries" with its defaults on
// each database, against the bare-SQL floor measured on the same data in the same run (one
// `DELETE … WHERE created_at < cutoff`, timed and rolled back), with Strapi's memory and the
// site's latency during the run. `npm run bench -- scale-delete` runs it alone. Sizes come from the
// environment: BENCH_SCALE_ARTICLES (article documents, default 200,000, half of them old) and
// BENCH_SCALE_GUIDES (guide documents with components, relations, media and two locales, seeded
// through the Document Service, default 2,000, half old); BENCH_SCALE_DATABASES (default all).
import { count, createRows, eachDatabase, trafficRows, underTraffic } from './lib/scale.mjs';

const ARTICLES = Number(process.env.BENCH_SCALE_ARTICLES ?? 200_000);
const GUIDES = Number(process.env.BENCH_SCALE_GUIDES ?? 2_000);
const DATABASES = (process.env.BENCH_SCALE_DATABASES ?? 'sqlite,postgres,mysql').split(',');
const DAYS = 90;
const IDLE_MS = Number(process.env.BENCH_SCALE_IDLE_MS ?? 5_000);

const { row, header, save } = createRows();

/**
 * One run of the built-in on `uid` with its defaults (only uid and olderThanDays given), with the
 * floor first, Strapi's RSS sampled every 100 ms and traffic on the site throughout.
 */
const chore = async (host, token, client, { uid, label, documents, oldDocuments, target }) => {
  const floor = await host.call('scale-floor', { uid, days: DAYS });
  const measured = await underTraffic(host, token, IDLE_MS, () =>
    host.call('scale-run', { key: 'delete-old-entries', params: { uid, olderThanDays: DAYS } })
  );
  const { run } = measured;
  const deleted = run.result?.deleted ?? 0;
  const ratio = run.ms / floor.ms;
  const where = `7. ${client}, ${label}:`;
  row(
    `${where} a. delete ${count(oldDocuments)} old of ${count(documents)}, built-in with its defaults, vs one bare \`DELETE\` (${count(floor.rows)} rows)`,
    `${(run.ms / 1000).toFixed(2)} s (${Math.round(deleted / (run.ms / 1000))} docs/s) vs floor ${(floor.ms / 1000).toFixed(3)} s = **${ratio.toFixed(1)}×**`,
    `≤ ${target}×`,
    ratio <= target
  );
  row(
    `${where} b. all old entries in one run with the defaults`,
    `${run.status}; deleted ${count(deleted)} of ${count(oldDocuments)}, remaining ${run.result?.remaining ?? '?'}${run.error ? ` (${String(run.error.message).split('\n')[0]})` : ''}`,
    'all',
    run.status === 'succeeded' && deleted === oldDocuments
  );
  trafficRows(row, where, measured, { rssTarget: 50, letters: ['c', 'd', 'e'] });
};

console.log(`Deleting old entries at scale, Node ${process.version}, ${new Date().toISOString()}`);
console.log(`Sizes: ${count(ARTICLES)} articles, ${count(GUIDES)} guides (half of each old)\n`);
header();

await eachDatabase(
  DATABASES,
  row,
  (client) => `7. ${client}: delete old entries`,
  async (host, client) => {
    const { accessKey } = await host.call('api-token');
    const seeded = Date.now();
    await host.call('scale-articles', { documents: ARTICLES });
    console.log(
      `[${client}] seeded ${count(ARTICLES)} articles in ${(Date.now() - seeded) / 1000} s`
    );
    await chore(host, accessKey, client, {
      uid: 'api::article.article',
      label: 'articles (no relations or components)',
      documents: ARTICLES,
      oldDocuments: Math.round(ARTICLES / 2),
      target: 20,
    });
    if (GUIDES === 0) return;
    const guidesSeeded = Date.now();
    await host.call('scale-guides', { documents: GUIDES });
    console.log(
      `[${client}] seeded ${count(GUIDES)} guides in ${(Date.now() - guidesSeeded) / 1000} s`
    );
    await chore(host, accessKey, client, {
      uid: 'api::guide.guide',
      label: 'guides (components, relations, media, 2 locales)',
      documents: GUIDES,
      oldDocuments: Math.round(GUIDES / 2),
      target: 50,
    });
  }
);

save('scale-delete');
