// Run history at scale (issue 13): on each database, a history of BENCH_HISTORY_RUNS runs
// (default 1,000,000) of 50 tasks over 400 days, beside BENCH_HISTORY_TASKS tasks (default
// 10,000). The admin runs list (page 1, page 2000, the last page, each filter; the deep pages
// again by cursor) and tasks list through their controllers against the bare SQL of the same
// page; then the built-in "Purge run history" with its defaults (90 days, each task's last 20
// and its last failure) against the same rule in one bare DELETE (window functions; timed, then
// rolled back), with Strapi's RSS and the statements sent. `npm run bench -- run-history` runs
// it alone; BENCH_HISTORY_DATABASES (default all) picks the databases.
import { sampleRss } from './lib/hosts.mjs';
import { MB, count, createRows, eachDatabase } from './lib/scale.mjs';

const RUNS = Number(process.env.BENCH_HISTORY_RUNS ?? 1_000_000);
const TASKS = Number(process.env.BENCH_HISTORY_TASKS ?? 10_000);
const DATABASES = (process.env.BENCH_HISTORY_DATABASES ?? 'sqlite,postgres,mysql').split(',');
const HISTORY_TASKS = 50;
const DAYS = 400;
const PURGE = { olderThanDays: 90, keepLast: 20 };
const ms = (value) => `${value.toFixed(1)} ms`;

const { row, header, save } = createRows();

const lists = (taskId) => [
  ['page 1', { page: 1 }],
  ['page 2000', { page: 2000 }],
  [`page ${Math.ceil(RUNS / 25)} (the last)`, { page: Math.ceil(RUNS / 25) }],
  ['status failed, page 1', { status: 'failed' }],
  ['status failed, page 100', { status: 'failed', page: 100 }],
  ['trigger retry, page 1', { trigger: 'retry' }],
  ['one task, page 1', { task: taskId }],
  ['one task and status skipped, page 1', { task: taskId, status: 'skipped' }],
  ['started in one week 200 days ago, page 1', 'range'],
];

const measure = async (host, client) => {
  const seeded = Date.now();
  const { ids } = await host.call('seed', { count: TASKS });
  const taskIds = [...ids].sort((a, b) => a - b).slice(0, HISTORY_TASKS);
  await host.call('history-seed', { runs: RUNS, taskIds, days: DAYS });
  console.log(
    `[${client}] seeded ${count(TASKS)} tasks and ${count(RUNS)} runs in ${(Date.now() - seeded) / 1000} s`
  );
  const where = `8. ${client}, ${count(RUNS)} runs:`;
  for (const [label, shape] of lists(taskIds[0])) {
    const weekStart = Date.now() - 200 * 24 * 3600 * 1000;
    const query =
      shape === 'range'
        ? { from: weekStart, to: weekStart + 7 * 24 * 3600 * 1000 }
        : { pageSize: 25, ...shape };
    const { route, floor, rows: listed, pagination } = await host.call('history-list', { query });
    row(
      `${where} runs list, ${label} (p50, through the controller) vs the bare \`SELECT\` of the page`,
      `**${ms(route.p50)}** vs ${ms(floor.p50)} = ${(route.p50 / floor.p50).toFixed(1)}× (p95 ${ms(route.p95)}; ${listed} rows, total ${count(pagination.total)}${pagination.totalCapped ? '+' : ''})`,
      '≤ 50 ms',
      route.p50 <= 50
    );
  }
  // The deep pages again, read by cursor (keyset paging): the same rows, at the cost of page 1.
  const deep = [
    ['page 2000', {}, 1999 * 25],
    [`page ${Math.floor(RUNS / 50) + 1} (the middle)`, {}, Math.floor(RUNS / 50) * 25],
    ['the last page', {}, 'last'],
    ['status failed, page 100', { status: 'failed' }, 99 * 25],
  ];
  for (const [label, filters, depth] of deep) {
    const answer = await host.call('history-cursor', { filters, depth });
    if (answer.shorter) {
      row(
        `${where} runs list, ${label} by cursor`,
        'not measured: the history is shorter',
        '–',
        null
      );
      continue;
    }
    const { route, offsetFloor, keysetFloor, rows: listed, same } = answer;
    row(
      `${where} runs list, ${label} by cursor (p50, through the controller) vs the bare \`SELECT\` of the page by offset / by keyset`,
      `**${ms(route.p50)}** vs ${ms(offsetFloor.p50)} / ${ms(keysetFloor.p50)} (p95 ${ms(route.p95)}; ${listed} rows, ${same ? 'the rows of the offset page' : '**not the rows of the offset page**'})`,
      '≤ 50 ms',
      route.p50 <= 50 && same
    );
  }
  const tasks = await host.call('history-tasks', { query: {} });
  row(
    `${where} tasks list page 1 of ${count(tasks.total)} tasks, each with its last run (p50) vs a bare page of the tasks table`,
    `**${ms(tasks.route.p50)}** vs ${ms(tasks.floor.p50)} = ${(tasks.route.p50 / tasks.floor.p50).toFixed(1)}× (p95 ${ms(tasks.route.p95)})`,
    '≤ 50 ms',
    tasks.route.p50 <= 50
  );

  // What one run costs whatever it deletes (task, sandbox, run record, one empty batch).
  const idle = await host.call('scale-run', {
    key: 'purge-run-history',
    params: { ...PURGE, olderThanDays: 36_500 },
  });
  // The plugin's run first, then the floor on the same rows put back, with the cutoff the run
  // reports (`before`): taken first with its own clock, the floor's cutoff was seconds earlier, and
  // at a run every ~35 s (1,000,000 over 400 days) that could leave it one run short.
  await host.call('history-keep');
  await host.call('memory');
  await host.call('history-statements');
  const sampler = sampleRss(host.pid);
  const run = await host.call('scale-run', { key: 'purge-run-history', params: PURGE });
  const { base, peak } = sampler.stop();
  const { count: statements } = await host.call('history-statements');
  await host.call('history-put-back');
  const before = Date.parse(run.result?.before ?? '');
  const floor = await host.call('history-floor', {
    days: PURGE.olderThanDays,
    keepLast: PURGE.keepLast,
    ...(Number.isFinite(before) ? { cutoff: before } : {}),
  });
  const deleted = run.result?.deleted ?? 0;
  const ratio = run.ms / floor.ms;
  row(
    `${where} purge run history (90 days, keep last 20), built-in with its defaults, vs the same rule in one bare \`DELETE\``,
    `${(run.ms / 1000).toFixed(2)} s vs floor ${(floor.ms / 1000).toFixed(2)} s = **${ratio.toFixed(2)}×** (${run.status}, ${run.result?.batches ?? '?'} batches, ${count(statements)} statements; a run with nothing to delete takes ${(idle.ms / 1000).toFixed(2)} s, without it ${((run.ms - idle.ms) / floor.ms).toFixed(2)}×)`,
    '≤ 2×',
    ratio <= 2
  );
  row(
    `${where} the purge deletes exactly what the bare \`DELETE\` deletes`,
    `${count(deleted)} vs ${count(floor.rows)}`,
    'equal',
    run.status === 'succeeded' && deleted === floor.rows
  );
  const added = (peak - base) / MB;
  row(
    `${where} Strapi RSS during the purge (peak − before)`,
    `**+${added.toFixed(1)} MB** (before ${(base / MB).toFixed(0)} MB)`,
    '≤ +10 MB',
    added <= 10
  );
};

console.log(`Run history at scale, Node ${process.version}, ${new Date().toISOString()}`);
console.log(
  `Sizes: ${count(RUNS)} runs of ${HISTORY_TASKS} tasks over ${DAYS} days; ${count(TASKS)} tasks\n`
);
header();

await eachDatabase(DATABASES, row, (client) => `8. ${client}: run history`, measure);

save('run-history');
