// `npm run bench`: builds what it needs, runs every benchmark under bench/ one after another (each
// prints its own table), then prints one summary table (target, figure, met or missed) and writes
// it to docs/benchmarks.md with a description of the machine. Figures to read, not assertions:
// the test suite never times anything. `npm run bench -- sandbox` runs only the named ones and
// writes docs/benchmarks.local.md instead.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PLAYGROUND, ROOT } from './lib/playground-env.mjs';

const only = process.argv.slice(2);
const benches = readdirSync(path.join(ROOT, 'bench'))
  .filter((file) => file.endsWith('.mjs'))
  .filter((file) => only.length === 0 || only.some((name) => file.includes(name)))
  .sort();

// A fresh clone has neither the plugin's dist/ nor the playground's compiled dist/.
const step = (label, command, args, cwd = ROOT) => {
  console.log(`[bench] ${label}…`);
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
step('building the plugin', 'npm', ['run', '--silent', 'build']);
step('compiling the playground', process.execPath, [
  '-e',
  `require('@strapi/strapi').compileStrapi({ appDir: ${JSON.stringify(PLAYGROUND)} })`,
]);

const rowsDir = path.join(ROOT, '.tmp', 'bench');
const sections = [
  'sandbox',
  'server',
  'scale-delete',
  'run-history',
  'scale-orphans',
  'builtins-scale',
];
for (const name of sections) rmSync(path.join(rowsDir, `${name}.json`), { force: true });

let failed = 0;
const started = Date.now();
const loadAtStart = os.loadavg();
for (const file of benches) {
  console.log(`\n## ${file.replace(/\.mjs$/, '')}\n`);
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bench', file)], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) failed += 1;
}

const rows = sections
  .map((name) => path.join(rowsDir, `${name}.json`))
  .filter((file) => existsSync(file))
  .flatMap((file) => JSON.parse(readFileSync(file, 'utf8')))
  .sort((a, b) => a.measure.localeCompare(b.measure, 'en', { numeric: true }));

const version = (command, args) => {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .trim()
      .split('\n')[0];
  } catch {
    return 'not available';
  }
};
const cpus = os.cpus();
const machine = [
  `- ${new Date().toISOString().slice(0, 10)}, ${os.type()} ${os.release()} ${os.arch()}`,
  `- CPU: ${cpus[0]?.model ?? 'unknown'}, ${cpus.length} cores; memory ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
  `- Node ${process.version}; ${version('psql', ['--version'])}; ${version('mariadb', ['--version']).split(',')[0]}`,
  `- load average (1, 5, 15 min) when the run began: ${loadAtStart.map((value) => value.toFixed(1)).join(', ')}; when it ended: ${os
    .loadavg()
    .map((value) => value.toFixed(1))
    .join(', ')} (the machine may be shared with other test runs)`,
  `- the whole run took ${Math.round((Date.now() - started) / 1000)} s`,
];

const table = [
  '| measure | figure | target | met |',
  '| --- | --- | --- | --- |',
  ...rows.map(
    (row) =>
      `| ${row.measure} | ${row.figure} | ${row.target} | ${row.met === null ? '–' : row.met ? 'met' : '**missed**'} |`
  ),
].join('\n');

console.log('\n## summary\n');
console.log(table);

const document = `# Benchmarks

Written by \`npm run bench\` (scripts/bench.mjs, bench/*.mjs); run it again to measure your own
machine. These are figures to read, not test assertions, and they are not tuned to their
targets: a target missed says **missed**. How each is measured is described below the table.
On a shared two-core machine repeated runs can differ by a factor of two or more: read them as
orders of magnitude.

${machine.join('\n')}

${table}

## How they are measured

1. The playground is started as \`strapi start\` starts it (bench/lib/host.cjs), on SQLite, with
   10 tasks none of which is due. A load generator in the benchmark's own process (a closed loop
   of keep-alive connections, like autocannon) calls, for the same time and with the same number
   of connections, \`GET /api/bench/ping\`, a route of the playground that does one query by
   primary key, then \`GET /api/maintenance/runMaintenanceTasks\` (see below for what each call
   does).
2. The same route, one connection at a time, with 10 tasks and then with 10,000 (cloned in bulk,
   none due).
3. 1,000 tasks created due, on a fresh database per server; the figure is one wake-up of one
   instance running all of them (no-op scripts in the sandbox, a run record each) divided by its
   duration. The sandbox child is started first.
4. bench/sandbox.mjs: the sandbox alone, outside Strapi (see docs/sandbox.md).
5. Resident memory of the Strapi process plus its sandbox child, after two garbage collections,
   against the same site with the plugin disabled (\`MAINTENANCE_ENABLED=false\`), on fresh
   databases; median of two rounds. "Warm" is after 20 runs; "idle" is after the sandbox child
   was stopped the way its 60 s idle time-out stops it.
6. One instance with its timer on and 5 tasks every second; \`driftMs\` of the first 100 slots'
   runs (start minus slot, as recorded in the run history).
7. bench/scale-delete.mjs (\`npm run bench -- scale-delete\`): on each database, the playground in
   production mode with \`BENCH_SCALE_ARTICLES\` article documents (default 200,000; written
   straight to the table, half of them 180 days old, half of each with a published row too), then
   \`BENCH_SCALE_GUIDES\` guide documents (default 2,000, through the Document Service: nested
   components, a dynamic zone, media, relations both ways, English and French, published; half
   old). For each type: the floor first, one \`DELETE … WHERE created_at < cutoff\` timed in a
   transaction that is then rolled back, so the run that follows works on the very same rows; then
   one run of the built-in *Delete old entries* with only \`uid\` and \`olderThanDays: 90\` given
   (its defaults otherwise), timed from Run now to the run's end. Strapi's RSS is sampled every
   100 ms during the run (peak minus the value after two garbage collections just before). Steady
   traffic, two callers of the public route and two of \`GET /api/articles\` (an API token), each
   one request every 50 ms, runs for 5 s before the run (idle) and throughout the run; a. to e. are
   the time against the floor, whether one run deleted every old document, the memory, and the two
   p95 latencies against idle.
8. bench/run-history.mjs (\`npm run bench -- run-history\`): on each database, the playground in
   production mode with \`BENCH_HISTORY_TASKS\` tasks (default 10,000, cloned in bulk) and
   \`BENCH_HISTORY_RUNS\` runs (default 1,000,000) of 50 of them spread evenly over 400 days
   (written straight to the table, then the table's statistics taken as autovacuum or ANALYZE
   would). The runs list and the tasks list are timed through their controllers (what the admin
   route does, without HTTP and authentication; p50 of 20 calls after 2) against the bare
   \`SELECT\` of the same page (no count). Then one run of the built-in *Purge run history* with
   its defaults (90 days, last 20 per task), timed from Run now to the run's end, with Strapi's
   RSS sampled every 100 ms and the statements it sent counted; then the rows it deleted are put
   back (untimed) and the floor deletes by the same keep rule, at the very cutoff the run reports,
   in one \`DELETE\` with window functions (on MariaDB, each task's thresholds into a table, then
   one \`DELETE\` joined to it), committed and timed, its rows put back after.
9. bench/scale-orphans.mjs (\`npm run bench -- orphans\`): on each database, the playground in
   production mode with \`BENCH_ORPHANS_FILES\` media files (default 50,000, uploaded 60 days
   ago, each with a thumbnail: 3 in 10 an article's cover, 1 in 10 mentioned by its URL or its
   thumbnail's in an article's body, 6 in 10 orphans), then article documents (a draft row each,
   every other one a published row too) grown through \`BENCH_ORPHANS_SIZES\` (default 100,000,
   200,000 and 400,000), all written straight to the tables. First one run that finds nothing
   (the sandbox started; its time is the fixed cost of a run). At each size: one run of the
   built-in *Remove orphaned media* reporting only (\`remove: false\`, 30 days, \`maxFiles\` at
   its maximum, 10,000), timed from Run now to the run's end, under the same traffic and RSS
   sampling as 7 (d. to f.); then a script making the same \`ctx.media.findOrphans\` calls to the
   last page (no \`maxFiles\`), whose count must be every orphan; then the floor, as the issue
   puts it: the unlinked candidates by one bare \`SELECT\` (\`NOT EXISTS\` in the upload plugin's
   link table, uploaded before the cutoff), then one \`SELECT\` of every article body, each cut
   into tokens looked up among the candidates' hashes (the sweep itself also reads every other
   text column of every type and component, which the floor does not). g. is the built-in's
   time per article at each size; the figure is the largest size's against the smallest's.
10. bench/builtins-scale.mjs (\`npm run bench -- builtins-scale\`): on each database, the
    playground in production mode with rows written straight to their tables, half of each for
    its chore: \`BENCH_BUILTINS_SESSIONS\` sessions (default 100,000; half past their idle
    expiry), \`BENCH_BUILTINS_TOKENS\` API tokens and as many transfer tokens (default 10,000
    each; half expired 60 days ago, past the 30-day grace), \`BENCH_BUILTINS_VERSIONS\`
    content-history versions (default 100,000; half 180 days old) and \`BENCH_BUILTINS_EXPIRING\`
    published articles with their drafts (default 20,000; half expired). Tokens and unpublishing
    go one entry at a time through Strapi's services (revoke, the Document Service's unpublish),
    hence their smaller defaults. For each chore, the floor first: the rows its rule matches
    deleted by one bare \`DELETE\` per table, committed and timed (the tables copied before and
    the rows put back after, untimed, so the run works on the very same rows); then one run of
    the built-in (*Purge expired sessions and tokens* for sessions, then for tokens; *Trim
    content history*, 90 days; *Unpublish expired content* on \`expiresAt\`), with
    \`batchSize\` 1,000 and as many batches as the rows need, timed from Run now to the run's
    end with Strapi's RSS sampled every 100 ms; then what its rule still matches and whether
    every other row stayed.

## What the figures reflect

- **1.** Per call, the public route reads the tasks table once (four \`MIN()\`s, each one index
  seek); it re-reads the plugin settings and records the call (the health page's "last wake-up")
  at most once a second per instance. The bare route does one read by primary key. With the
  record written on every call this figure was 0.18× on SQLite here; with only the record
  throttled (settings read on every call), 0.65×. On PostgreSQL the route also sends one query
  per call, but a heavier one for the server to plan and run (measured one at a time here: 0.30
  ms for the route's four-\`MIN()\` statement against 0.13 ms for \`SELECT 1\`), and the server
  shares the same two cores with Strapi and the load generator. A per-instance cache of the next
  due instant would remove the query, at the price of a task changed on another instance being
  seen up to the cache's age later; it is not done.
- **2.** Each \`MIN()\` is one seek in an index that leads with the columns it filters on
  (\`enabled, paused_at, lease_owner\`); the lease-expiry one says \`IS NOT NULL\` so that it
  seeks past the free tasks' NULLs (without it, SQLite walked every task: ratio 3.3).
- **5.** The sandbox child is a Node process of its own (about 55 MB resident with isolated-vm
  loaded). What stays after the child has stopped is in Strapi's own process: a few MB of live
  JS heap (the plugin's code, its content types' metadata), the rest native memory that the
  process keeps after the plugin's boot work (its tables, indexes and seeding); it is the same
  before any run, and was not traced further. The child is what keeps a script from taking Strapi down (see
  docs/sandbox.md), so the warm figure is its price; it is paid only while runs are happening.

## Soak (tests, not benchmarks)

\`npm test -- soak\` (part of \`npm test\`) runs tests/soak/cluster.test.ts: 4 \`strapi start\`
processes on one PostgreSQL and one MariaDB database, 2 on one SQLite file, each with its timer on,
the public route called 60 times a second across them for 2 minutes, 20 tasks every 2 seconds plus
a slower one. A sandbox child and then a whole instance are SIGKILLed mid-run; on PostgreSQL and
MariaDB the server is also restarted mid-run in a second, 40-second test. The run table is then
read straight from the database: every slot of the window must have run exactly once (an
interrupted run's slot once more, on another instance), with no duplicate, no slot missed except
within 5 s of a task's creation or of the window's end, no run left running and no lease left held
(a loaded machine runs slots late, so the tasks get time to catch up with the window before they
are disabled). Each run
writes its report to .tmp/soak/<database>.md, which \`npm test\` prints at the end.

\`npm test -- soak-faults\` (not part of \`npm test\`: about 5 minutes per server) runs the whole fault
matrix, tests/soak/faults.test.ts, on PostgreSQL and on MariaDB: 4 instances, the route called 60
times a second, 10 tasks every 2 s and a slow one every 10 s, and five faults in one window, each
in the middle of a run of the slow task: a sandbox child SIGKILLed, the database server restarted,
the database server down for longer than the lease (15 s), an instance frozen with SIGSTOP for
longer than the lease and then resumed, an instance SIGKILLed. The same slot-by-slot checks apply,
and the runs in progress during the two database faults must have been stored by their own
instance after it (succeeded, the only run of their slot).
`;

const target = path.join(ROOT, 'docs', only.length === 0 ? 'benchmarks.md' : 'benchmarks.local.md');
writeFileSync(target, document);
// The table's columns are padded the way the repository's Prettier check wants them.
spawnSync(path.join(ROOT, 'node_modules', '.bin', 'prettier'), ['--write', target], {
  stdio: 'ignore',
});
console.log(`\n[bench] wrote ${path.relative(ROOT, target)}`);
process.exit(failed > 0 ? 1 : 0);
