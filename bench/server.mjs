// The plugin inside a running Strapi: the public route against a bare route of the same site,
// the route with 10 and 10,000 tasks, due runs per second on each database, the memory the plugin
// adds, and the timer's precision. Each Strapi is a process of its own (bench/lib/host.cjs, started
// as `strapi start` starts it); the load comes from this process. Figures, not assertions: rows
// go to .tmp/bench/server.json for the summary that scripts/bench.mjs writes.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { WORK, rssOf, startHost } from './lib/hosts.mjs';
import { load, percentile } from './lib/load.mjs';

const require = createRequire(import.meta.url);
const { unavailableReason } = require('../scripts/lib/database-servers.cjs');

const ROUTE = '/api/maintenance/runMaintenanceTasks';
const BARE = '/api/bench/ping';
const CONNECTIONS = 10;
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 10_000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 5_000);
const MB = 1024 * 1024;

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const rows = [];
const row = (measure, figure, target, met) => {
  rows.push({ measure, figure, target, met });
  console.log(
    `| ${measure} | ${figure} | ${target} | ${met === null ? '–' : met ? 'met' : 'MISSED'} |`
  );
};
const ms = (value) => `${value.toFixed(2)} ms`;

console.log(`Plugin inside Strapi, Node ${process.version}, ${new Date().toISOString()}\n`);
console.log('| measure | figure | target | met |');
console.log('| --- | --- | --- | --- |');

/** A benchmark that fails (a busy machine, a server gone) leaves a row saying so; the rest go on. */
const SECTIONS = process.env.BENCH_SECTIONS?.split(',');
const section = async (label, work) => {
  // BENCH_SECTIONS=5,6 measures only the sections whose labels start so (while working on one).
  if (SECTIONS && !SECTIONS.some((prefix) => label.startsWith(prefix))) return;
  try {
    await work();
  } catch (error) {
    row(label, `not measured: ${String(error.message).split('\n')[0]}`, '–', null);
  }
};

// 1 and 2: the public route with nothing due, against a bare route; then with 10,000 tasks.
await section('1–2. public route', async () => {
  const host = await startHost('sqlite');
  try {
    const { total } = await host.call('seed', { count: 1 });
    if (total < 10) await host.call('seed', { count: 10 - total });
    for (const path of [BARE, ROUTE]) await load({ url: host.url + path, durationMs: 2000 });
    const bare = await load({
      url: host.url + BARE,
      connections: CONNECTIONS,
      durationMs: DURATION_MS,
    });
    const route = await load({
      url: host.url + ROUTE,
      connections: CONNECTIONS,
      durationMs: DURATION_MS,
    });
    const ratio = route.perSecond / bare.perSecond;
    row(
      `1. public route, nothing due, vs bare route with one indexed query (SQLite, ${CONNECTIONS} connections, ${DURATION_MS / 1000} s each)`,
      `${route.perSecond.toFixed(0)} vs ${bare.perSecond.toFixed(0)} req/s = **${ratio.toFixed(2)}×** (p50 ${ms(route.p50)} vs ${ms(bare.p50)}; errors ${route.errors}/${bare.errors})`,
      '≥ 0.8×',
      ratio >= 0.8
    );

    const small = await load({ url: host.url + ROUTE, connections: 1, durationMs: LATENCY_MS });
    const seeded = await host.call('seed', { count: 10_000 - 10 });
    await load({ url: host.url + ROUTE, connections: 1, durationMs: 1000 });
    const large = await load({ url: host.url + ROUTE, connections: 1, durationMs: LATENCY_MS });
    const latencyRatio = large.p50 / small.p50;
    row(
      `2. nothing-due route latency, 10 vs ${seeded.total} tasks (SQLite, 1 connection)`,
      `p50 ${ms(small.p50)} vs ${ms(large.p50)} = **${latencyRatio.toFixed(3)}** (p95 ${ms(small.p95)} vs ${ms(large.p95)})`,
      'ratio ≤ 1.5',
      latencyRatio <= 1.5
    );
  } finally {
    await host.stop();
  }
});

// 1, for context: the same comparison on PostgreSQL, where a write is not a file sync.
await section('1. public route (postgres)', async () => {
  const reason = await unavailableReason('postgres');
  if (reason) throw new Error(reason);
  const host = await startHost('postgres');
  try {
    for (const path of [BARE, ROUTE]) await load({ url: host.url + path, durationMs: 2000 });
    const bare = await load({
      url: host.url + BARE,
      connections: CONNECTIONS,
      durationMs: DURATION_MS,
    });
    const route = await load({
      url: host.url + ROUTE,
      connections: CONNECTIONS,
      durationMs: DURATION_MS,
    });
    const ratio = route.perSecond / bare.perSecond;
    row(
      `1. the same on PostgreSQL (${CONNECTIONS} connections, ${DURATION_MS / 1000} s each)`,
      `${route.perSecond.toFixed(0)} vs ${bare.perSecond.toFixed(0)} req/s = **${ratio.toFixed(2)}×** (p50 ${ms(route.p50)} vs ${ms(bare.p50)}; errors ${route.errors}/${bare.errors})`,
      '≥ 0.8×',
      ratio >= 0.8
    );
  } finally {
    await host.stop();
  }
});

// 3: 1,000 due no-op tasks, one wake-up on one instance, on each database: one run at a time
// (`concurrency: 1`) and the default four side by side.
for (const client of ['sqlite', 'postgres', 'mysql']) {
  const rates = {};
  for (const concurrency of [1, 4]) {
    const reason = await unavailableReason(client);
    const label = `3. 1,000 due no-op tasks, one instance, runs per second (${client}, concurrency ${concurrency})`;
    const target = client === 'sqlite' ? '≥ 50/s' : 'report';
    if (reason) {
      row(label, `not measured: ${reason}`, target, client === 'sqlite' ? false : null);
      continue;
    }
    await section(label, async () => {
      const host = await startHost(client, { MAINTENANCE_CONCURRENCY: String(concurrency) });
      try {
        await host.call('seed', { count: 1000, schedule: '0 * * * *', dueAgoMs: 2 * 3_600_000 });
        // The sandbox child starts on the first run; start it first so the figure is the steady rate.
        const warm = await host.call('seed', { count: 1, schedule: '0 0 1 1 *' });
        await host.call('run-now', { taskId: warm.ids[0] });
        const woke = await host.call('wake');
        const perSecond = woke.succeeded / (woke.ms / 1000);
        rates[concurrency] = perSecond;
        row(
          label,
          `**${perSecond.toFixed(0)}/s** (${woke.succeeded} of ${woke.ran} succeeded in ${(woke.ms / 1000).toFixed(1)} s)`,
          target,
          client === 'sqlite' ? perSecond >= 50 : null
        );
      } finally {
        await host.stop();
      }
    });
  }
  // Side by side, in the same run: what running four at once gains over one after another.
  if (rates[1] && rates[4]) {
    const ratio = rates[4] / rates[1];
    const goal = client !== 'sqlite';
    row(
      `3. 1,000 due no-op tasks, concurrency 4 vs 1 (${client})`,
      `**${ratio.toFixed(2)}×** (${rates[4].toFixed(0)}/s vs ${rates[1].toFixed(0)}/s)`,
      goal ? '≥ 2.5×' : 'report',
      goal ? ratio >= 2.5 : null
    );
  }
}

// 5: what the plugin adds to an idle Strapi's memory, sandbox child included.
await section('5. memory', async () => {
  /** Resident memory of Strapi plus its sandbox child, and Strapi's live JS heap. */
  const measure = async (host) => {
    await sleep(3000);
    const { usage, sandboxPid } = await host.call('memory');
    return { rss: usage.rss + rssOf(sandboxPid), heap: usage.heapUsed };
  };
  const samples = { without: [], idle: [], warm: [], four: [], after: [] };
  // Four runs at once (the default concurrency), each busy for 4 s with a small working set.
  const FOUR_BODY =
    'const rows = new Array(2e5).fill(0);\nconst end = Date.now() + 4000;\n' +
    'let n = 0;\nwhile (Date.now() < end) n += 1;\nreturn rows.length + n;';
  for (let round = 0; round < 2; round += 1) {
    const bare = await startHost('sqlite', { MAINTENANCE_ENABLED: 'false' });
    samples.without.push(await measure(bare));
    await bare.stop();
    const host = await startHost('sqlite');
    try {
      samples.idle.push(await measure(host));
      const { ids } = await host.call('seed', { count: 1 });
      for (let index = 0; index < 20; index += 1) await host.call('run-now', { taskId: ids[0] });
      samples.warm.push(await measure(host));
      const four = await host.call('seed', { count: 4, body: FOUR_BODY });
      const together = await host.call('run-together', { taskIds: four.ids, sampleAfterMs: 2000 });
      if (together.inFlight !== 4 || together.statuses.some((status) => status !== 'succeeded')) {
        throw new Error(`4 runs at once: ${JSON.stringify(together)}`);
      }
      samples.four.push({
        rss: together.usage.rss + together.sandboxRss,
        heap: together.usage.heapUsed,
      });
      // What the 60 s idle time-out does, without waiting for it.
      await host.call('sandbox-stop');
      samples.after.push(await measure(host));
    } finally {
      await host.stop();
    }
  }
  const median = (values, field = 'rss') =>
    percentile(
      values.map((value) => value[field]),
      50
    );
  const base = median(samples.without);
  const added = (values, field = 'rss') =>
    (median(values, field) - median(samples.without, field)) / MB;
  row(
    '5. memory added to an idle Strapi, sandbox child warm (RSS of Strapi + child, vs the plugin disabled; median of 2)',
    `**${added(samples.warm).toFixed(1)} MB** (baseline ${(base / MB).toFixed(0)} MB)`,
    '≤ 40 MB',
    added(samples.warm) <= 40
  );
  row(
    '5. memory added while 4 runs go at once (RSS of Strapi + child, sampled mid-run; median of 2)',
    `**${added(samples.four).toFixed(1)} MB** (one run, warm: ${added(samples.warm).toFixed(1)} MB)`,
    '≤ 100 MB',
    added(samples.four) <= 100
  );
  row(
    '5. memory added, after the sandbox child stopped (idle)',
    `**${added(samples.after).toFixed(1)} MB** (before any run: ${added(samples.idle).toFixed(1)} MB; of which live JS heap: ${added(samples.after, 'heap').toFixed(1)} MB)`,
    '≈ 0 (≤ 5 MB)',
    added(samples.after) <= 5
  );
});

// 6: timer precision, |start − slot| over 100 slots on one instance with its timer on.
await section('6. timer precision', async () => {
  const host = await startHost('sqlite', { MAINTENANCE_AUTO_RUN: 'true' });
  try {
    const { ids } = await host.call('seed', { count: 5, schedule: '* * * * * *' });
    await sleep(22_000);
    const { runs } = await host.call('runs', { taskIds: ids });
    const drifts = runs
      .filter((run) => run.attempt === 1 && run.driftMs !== null)
      .sort((a, b) => Number(a.slot) - Number(b.slot))
      .slice(0, 100)
      .map((run) => Math.abs(run.driftMs));
    const p95 = percentile(drifts, 95);
    row(
      `6. timer precision, \\|start − slot\\| over ${drifts.length} slots (5 tasks every second, one instance, SQLite)`,
      `p50 ${ms(percentile(drifts, 50))}, **p95 ${ms(p95)}**, max ${ms(Math.max(...drifts))}`,
      'p95 ≤ 1 s',
      p95 <= 1000
    );
  } finally {
    await host.stop();
  }
});

writeFileSync(join(WORK, 'server.json'), JSON.stringify(rows, null, 2));
