// The other built-ins at scale (issue 13): on each database, rows written straight to their
// tables, half of each kind for its chore: BENCH_BUILTINS_SESSIONS expired and live sessions
// (default 100,000), BENCH_BUILTINS_TOKENS API and as many transfer tokens (default 10,000 each),
// BENCH_BUILTINS_VERSIONS content-history versions (default 100,000), BENCH_BUILTINS_EXPIRING
// published articles with an expiry date (default 20,000). Each chore, run as Run now runs it
// with batches large enough for one run to finish it, against its floor: the same rows in one
// bare DELETE per table (committed and timed, then put back), with what remained after and
// Strapi's memory. Tokens and unpublishing go one entry at a time through Strapi's own services
// by design (revoke, with the token's permissions; the Document Service's unpublish), hence
// their smaller defaults.
// `npm run bench -- builtins-scale` runs it alone; BENCH_BUILTINS_DATABASES (default all).
import { sampleRss } from './lib/hosts.mjs';
import { MB, count, createRows, eachDatabase, seconds } from './lib/scale.mjs';

const SIZES = {
  sessions: Number(process.env.BENCH_BUILTINS_SESSIONS ?? 100_000),
  tokens: Number(process.env.BENCH_BUILTINS_TOKENS ?? 10_000),
  versions: Number(process.env.BENCH_BUILTINS_VERSIONS ?? 100_000),
  documents: Number(process.env.BENCH_BUILTINS_EXPIRING ?? 20_000),
};
const DATABASES = (process.env.BENCH_BUILTINS_DATABASES ?? 'sqlite,postgres,mysql').split(',');
const LIMITS = { wallTimeLimitMs: 60 * 60_000 };

/** Batches of the largest size each built-in allows, as many as the rows need (at most 1,000). */
const batches = (rows) => ({
  batchSize: 1000,
  maxBatches: Math.min(1000, Math.max(1, Math.ceil(rows / 1000))),
});
/** purge-expired-auth on some kinds only, with its default grace for tokens. */
const auth = (kinds) => (rows) => ({ tokenGraceDays: 30, ...kinds, ...batches(rows) });

const CHORES = [
  {
    kind: 'sessions',
    label: `sessions (${count(SIZES.sessions)})`,
    what: 'purge expired sessions (purge-expired-auth, sessions only)',
    key: 'purge-expired-auth',
    params: auth({ sessions: true, apiTokens: false, transferTokens: false }),
    done: (result) => result?.deleted?.sessions ?? 0,
  },
  {
    kind: 'tokens',
    label: `API and transfer tokens (${count(SIZES.tokens)} each)`,
    what: 'purge expired API and transfer tokens (purge-expired-auth, tokens only)',
    key: 'purge-expired-auth',
    params: auth({ sessions: false, apiTokens: true, transferTokens: true }),
    // The counts: the result lists only the first names of each kind.
    done: (result) =>
      (result?.deleted?.apiTokenCount ?? 0) + (result?.deleted?.transferTokenCount ?? 0),
  },
  {
    kind: 'versions',
    label: `content history (${count(SIZES.versions)} versions)`,
    what: 'trim content history older than 90 days (trim-content-history)',
    key: 'trim-content-history',
    params: (rows) => ({ olderThanDays: 90, ...batches(rows) }),
    done: (result) => result?.deleted ?? 0,
  },
  {
    kind: 'expired',
    label: `expiring articles (${count(SIZES.documents)} published)`,
    what: 'unpublish expired articles (unpublish-expired-content)',
    key: 'unpublish-expired-content',
    params: (rows) => ({ uid: 'api::article.article', field: 'expiresAt', ...batches(rows) }),
    done: (result) => result?.unpublished ?? 0,
  },
];

const { row, header, save } = createRows();

const chore = async (host, client, { kind, label, what, key, params, done }) => {
  const before = await host.call('builtins-count', { kind });
  const floor = await host.call('builtins-floor', { kind });
  await host.call('memory');
  const sampler = sampleRss(host.pid);
  const run = await host.call('scale-run', { key, params: params(before.doomed), limits: LIMITS });
  const { base, peak } = sampler.stop();
  const after = await host.call('builtins-count', { kind });
  const removed = done(run.result);
  const where = `10. ${client}, ${label}:`;
  row(
    `${where} a. ${what}, ${count(before.doomed)} of ${count(before.doomed + before.kept)} rows, in one run, vs one bare \`DELETE\` per table`,
    `**${seconds(run.ms)}** (${Math.round(removed / (run.ms / 1000))} rows/s) vs floor ${seconds(floor.ms, 3)} = **${(run.ms / floor.ms).toFixed(1)}×**`,
    'report',
    null
  );
  row(
    `${where} b. what remained: rows the rule still matches, the other rows (before → after); removed by the run / by the floor`,
    `${run.status}; matching ${count(before.doomed)} → ${count(after.doomed)}, others ${count(before.kept)} → ${count(after.kept)}; removed ${count(removed)} / ${count(floor.rows)}${run.error ? ` (${String(run.error.message).split('\n')[0]})` : ''}`,
    'none left, the others kept',
    run.status === 'succeeded' &&
      after.doomed === 0 &&
      after.kept === before.kept &&
      removed === before.doomed &&
      floor.rows === before.doomed
  );
  row(
    `${where} c. Strapi RSS during the run (peak − before)`,
    `**+${((peak - base) / MB).toFixed(1)} MB** (before ${(base / MB).toFixed(0)} MB)`,
    'report',
    null
  );
};

const measure = async (host, client) => {
  const seeded = Date.now();
  await host.call('builtins-seed', SIZES);
  console.log(`[${client}] seeded in ${(Date.now() - seeded) / 1000} s`);
  // The sandbox started before the first chore is timed (a run with nothing to trim).
  const warm = await host.call('scale-run', {
    key: 'trim-content-history',
    params: { olderThanDays: 36_500 },
  });
  console.log(`[${client}] a run that removes nothing: ${seconds(warm.ms)} (${warm.status})`);
  for (const each of CHORES) await chore(host, client, each);
};

console.log(`The other built-ins at scale, Node ${process.version}, ${new Date().toISOString()}`);
console.log(
  `Sizes: ${count(SIZES.sessions)} sessions, ${count(SIZES.tokens)} API and ${count(SIZES.tokens)} transfer tokens, ${count(SIZES.versions)} history versions, ${count(SIZES.documents)} published articles with an expiry (half of each for its chore)\n`
);
header();

await eachDatabase(DATABASES, row, (client) => `10. ${client}: the other built-ins`, measure);

save('builtins-scale');
