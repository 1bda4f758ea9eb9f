// Deleting old entries at scale (issue 13): the built-in "Delete old entries" with its defaults on
// each database, against the bare-SQL floor measured on the same data in the same run (one
// `DELETE … WHERE created_at < cutoff`, timed and rolled back), with Strapi's memory and the
// site's latency during the run. `npm run bench -- scale` runs it alone. Sizes come from the
// environment: BENCH_SCALE_ARTICLES (article documents, default 200,000, half of them old) and
// BENCH_SCALE_GUIDES (guide documents with components, relations, media and two locales, seeded
// through the Document Service, default 2,000, half old); BENCH_SCALE_DATABASES (default all).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { WORK, sampleRss, startHost } from './lib/hosts.mjs';
import { load } from './lib/load.mjs';

const require = createRequire(import.meta.url);
const { unavailableReason } = require('../scripts/lib/database-servers.cjs');

const ARTICLES = Number(process.env.BENCH_SCALE_ARTICLES ?? 200_000);
const GUIDES = Number(process.env.BENCH_SCALE_GUIDES ?? 2_000);
const DATABASES = (process.env.BENCH_SCALE_DATABASES ?? 'sqlite,postgres,mysql').split(',');
const DAYS = 90;
const ROUTE = '/api/maintenance/runMaintenanceTasks';
const GET = '/api/articles?pagination[pageSize]=10&sort=id:desc';
const IDLE_MS = Number(process.env.BENCH_SCALE_IDLE_MS ?? 5_000);
const MB = 1024 * 1024;
const count = (value) => value.toLocaleString('en');

const rows = [];
const row = (measure, figure, target, met) => {
  rows.push({ measure, figure, target, met });
  console.log(
    `| ${measure} | ${figure} | ${target} | ${met === null ? '–' : met ? 'met' : 'MISSED'} |`
  );
};

/**
 * Steady traffic for `durationMs` or `until`: two callers of the public route and two of a
 * content-API GET, each one request every 50 ms (80 requests a second in all).
 */
const traffic = (host, token, options) =>
  Promise.all([
    load({ url: host.url + ROUTE, connections: 2, intervalMs: 50, ...options }),
    load({
      url: host.url + GET,
      connections: 2,
      intervalMs: 50,
      headers: { authorization: `Bearer ${token}` },
      ...options,
    }),
  ]);

/**
 * One run of the built-in on `uid` with its defaults (only uid and olderThanDays given), with the
 * floor first, Strapi's RSS sampled every 100 ms and traffic on the site throughout.
 */
const chore = async (host, token, client, { uid, label, documents, oldDocuments, target }) => {
  const [idleRoute, idleGet] = await traffic(host, token, { durationMs: IDLE_MS });
  const floor = await host.call('scale-floor', { uid, days: DAYS });
  await host.call('memory');
  const sampler = sampleRss(host.pid);
  let done = false;
  const running = host
    .call('scale-run', { key: 'delete-old-entries', params: { uid, olderThanDays: DAYS } })
    .finally(() => {
      done = true;
    });
  const [busyRoute, busyGet] = await traffic(host, token, {
    durationMs: 3_600_000,
    until: () => done,
  });
  const run = await running;
  const { base, peak } = sampler.stop();
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
  const added = (peak - base) / MB;
  row(
    `${where} c. Strapi RSS during the run (peak − before)`,
    `**+${added.toFixed(1)} MB** (before ${(base / MB).toFixed(0)} MB)`,
    '≤ +50 MB',
    added <= 50
  );
  for (const [name, idle, busy] of [
    ['d. public route', idleRoute, busyRoute],
    ['e. content-API GET', idleGet, busyGet],
  ]) {
    const slower = busy.p95 / idle.p95;
    row(
      `${where} ${name} p95 during the run vs idle (2 callers, 20 req/s each)`,
      `${busy.p95.toFixed(1)} vs ${idle.p95.toFixed(1)} ms = **${slower.toFixed(2)}×** (${busy.requests} requests, errors ${busy.errors})`,
      '≤ 2×',
      slower <= 2 && busy.errors === 0
    );
  }
};

console.log(`Deleting old entries at scale, Node ${process.version}, ${new Date().toISOString()}`);
console.log(`Sizes: ${count(ARTICLES)} articles, ${count(GUIDES)} guides (half of each old)\n`);
console.log('| measure | figure | target | met |');
console.log('| --- | --- | --- | --- |');

for (const client of DATABASES) {
  const reason = await unavailableReason(client);
  if (reason) {
    row(`7. ${client}: delete old entries`, `not measured: ${reason}`, '–', null);
    continue;
  }
  let host;
  try {
    host = await startHost(client, { NODE_ENV: 'production' });
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
    if (GUIDES === 0) continue;
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
  } catch (error) {
    const message = String(error.message).split('\n')[0];
    row(`7. ${client}: delete old entries`, `not measured: ${message}`, '–', null);
  } finally {
    await host?.stop();
  }
}

writeFileSync(join(WORK, 'scale-delete.json'), JSON.stringify(rows, null, 2));
