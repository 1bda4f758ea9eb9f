// What the scale benches (issue 13) share: the table rows they print and save, the loop over the
// databases (a fresh playground on each, "not measured" and the reason when one is away or
// fails), and steady traffic on the site with Strapi's memory sampled while a chore runs.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { WORK, sampleRss, startHost } from './hosts.mjs';
import { load } from './load.mjs';

const require = createRequire(import.meta.url);
const { unavailableReason } = require('../../scripts/lib/database-servers.cjs');

export const MB = 1024 * 1024;
export const count = (value) => value.toLocaleString('en');
export const seconds = (ms, digits = 2) => `${(ms / 1000).toFixed(digits)} s`;

const ROUTE = '/api/maintenance/runMaintenanceTasks';
const GET = '/api/articles?pagination[pageSize]=10&sort=id:desc';

/** The rows of one bench: `row()` prints each as it comes, `save(name)` writes them for bench.mjs. */
export const createRows = () => {
  const rows = [];
  return {
    row(measure, figure, target, met) {
      rows.push({ measure, figure, target, met });
      console.log(
        `| ${measure} | ${figure} | ${target} | ${met === null ? '–' : met ? 'met' : 'MISSED'} |`
      );
    },
    header() {
      console.log('| measure | figure | target | met |');
      console.log('| --- | --- | --- | --- |');
    },
    save(name) {
      writeFileSync(join(WORK, `${name}.json`), JSON.stringify(rows, null, 2));
    },
  };
};

/**
 * `measure(host, client)` on a fresh playground (production mode) on each of `databases`; a
 * database that is away, or a bench that fails on it, gives one "not measured" row `label`.
 */
export const eachDatabase = async (databases, row, label, measure) => {
  for (const client of databases) {
    const reason = await unavailableReason(client);
    if (reason) {
      row(label(client), `not measured: ${reason}`, '–', null);
      continue;
    }
    let host;
    try {
      host = await startHost(client, { NODE_ENV: 'production' });
      await measure(host, client);
    } catch (error) {
      const message = String(error.message).split('\n')[0].slice(0, 300);
      row(label(client), `not measured: ${message}`, '–', null);
    } finally {
      await host?.stop();
    }
  }
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
 * `start()` (a run) with the traffic above for `idleMs` before it (idle) and throughout it
 * (busy), and Strapi's RSS sampled every 100 ms from just before it (after two GCs) to its end.
 */
export const underTraffic = async (host, token, idleMs, start) => {
  const idle = await traffic(host, token, { durationMs: idleMs });
  await host.call('memory');
  const sampler = sampleRss(host.pid);
  let done = false;
  const running = start().finally(() => {
    done = true;
  });
  const busy = await traffic(host, token, { durationMs: 3_600_000, until: () => done });
  const run = await running;
  return { run, idle, busy, ...sampler.stop() };
};

/**
 * The rows every chore under traffic reports: Strapi's RSS (against `rssTarget` MB, or only
 * reported when there is none), then each caller's p95 against idle.
 */
export const trafficRows = (row, where, { idle, busy, base, peak }, { rssTarget, letters }) => {
  const added = (peak - base) / MB;
  row(
    `${where} ${letters[0]}. Strapi RSS during the run (peak − before)`,
    `**+${added.toFixed(1)} MB** (before ${(base / MB).toFixed(0)} MB)`,
    rssTarget === null ? 'report' : `≤ +${rssTarget} MB`,
    rssTarget === null ? null : added <= rssTarget
  );
  ['public route', 'content-API GET'].forEach((name, index) => {
    const slower = busy[index].p95 / idle[index].p95;
    row(
      `${where} ${letters[index + 1]}. ${name} p95 during the run vs idle (2 callers, 20 req/s each)`,
      `${busy[index].p95.toFixed(1)} vs ${idle[index].p95.toFixed(1)} ms = **${slower.toFixed(2)}×** (${busy[index].requests} requests, errors ${busy[index].errors})`,
      '≤ 2×',
      slower <= 2 && busy[index].errors === 0
    );
  });
};
