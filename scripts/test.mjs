// `npm test`: the whole suite. The integration suite once per database (SQLite, then PostgreSQL
// and MariaDB/MySQL side by side); the browser suite, with the packaging test's marketplace install
// beside it; then the soak on PostgreSQL and MariaDB with, beside it, the unit and sandbox tests,
// and those and the SQLite integration suite again on Node 22; then the rest of the packaging test.
// On a machine busy with other work, nothing runs beside the browser suite or the soak.
// `npm test -- <phase>…` runs only the phases named. Locally a database server that does not answer
// is reported as skipped with the reason; under CI=true it is a failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { PLAYGROUND, ROOT } from './lib/playground-env.mjs';
import databaseServers from './lib/database-servers.cjs';
import { busyShare } from './lib/machine-load.mjs';
import { createPhases } from './lib/jest-phases.mjs';

const { unavailableReason } = databaseServers;

const isCI = ['true', '1'].includes(String(process.env.CI).toLowerCase());

// Node's on-disk compile cache for every process the suite starts (jest and its workers, the CLI,
// Strapi instances and the soak's `strapi start`, sandbox children, the admin builds): hundreds of
// processes load the same modules, and compiling them again was about a quarter of their start.
// Code jest runs in its per-file sandboxes does not go through it (tests/helpers/spec-group.ts).
process.env.NODE_COMPILE_CACHE ??= path.join(ROOT, '.tmp', 'node-compile-cache');
const only = process.argv.slice(2);
const reportDir = path.join(ROOT, '.tmp', 'jest');
rmSync(reportDir, { recursive: true, force: true });
mkdirSync(reportDir, { recursive: true });

const { jest, totals, lines, childCpuSeconds } = createPhases(reportDir);
const cpuAtStart = childCpuSeconds();

// Jest's default is one worker fewer than cores: one worker on a two-core machine. The integration
// suites mostly wait (on databases, sandbox processes, lease and timer periods), so they get more
// workers than cores (measured on two cores: SQLite 267 s with one worker, 147 s with three).
const UNIT_WORKERS = '--maxWorkers=2';
const INTEGRATION_WORKERS = '--maxWorkers=3';
const SERVER_PASS_WORKERS = '--maxWorkers=3';

const wanted = (name) => only.length === 0 || only.includes(name);

/**
 * Whether the machine is busy with work that is not ours (over a quarter of its CPU), measured
 * between phases, when nothing of the suite runs: phases that would run side by side then run one
 * after the other, and `then` says so.
 */
const OTHERS_BUSY_SHARE = 0.25;
const busyWithOthers = async (then) => {
  const share = await busyShare(3_000);
  if (share === null || share <= OTHERS_BUSY_SHARE) return false;
  console.log(
    `\nThe machine is busy with other work (${Math.round(share * 100)}% of its CPU over 3 s): ${then}.`
  );
  return true;
};

/** Whether a database server answers; if not, a skip with the reason locally, a failure in CI. */
const databaseUsable = async (client, label) => {
  const reason = await unavailableReason(client);
  if (!reason) return true;
  if (isCI) {
    totals.failed += 1;
    lines.push(`${label} (${client}): FAILED, the database is required in CI: ${reason}`);
  } else {
    totals.skipped += 1;
    lines.push(`${label} (${client}): SKIPPED: ${reason}`);
  }
  return false;
};

// The playground is compiled once here for every phase that boots it (tests/setup/compile-playground.js
// skips its own compile then): the soak and the Node 22 pass run side by side below.
const bootsPlayground =
  only.length === 0 || only.some((name) => !['unit', 'e2e', 'package'].includes(name));
if (bootsPlayground) {
  const compiled = spawnSync(
    process.execPath,
    ['-e', "require('@strapi/strapi').compileStrapi({ appDir: process.argv[1] })", PLAYGROUND],
    { cwd: ROOT, stdio: 'inherit' }
  );
  if (compiled.status !== 0) {
    console.error('npm test: the playground did not compile');
    process.exit(1);
  }
  process.env.PLAYGROUND_COMPILED = '1';
}

// SQLite alone, then PostgreSQL and MariaDB side by side: much of their time is spent waiting on
// the database servers (and on lease and timer periods), which the other pass fills: the whole
// `npm test` keeps about 1.3 of the two cores busy. Three workers each, as the SQLite pass has
// (with two each, both passes' workers were busy from start to end). The MariaDB pass's output
// is printed when it ends.
const integration = async (client, { workers = INTEGRATION_WORKERS, logFile } = {}) => {
  if (!wanted(client)) return;
  if (!(await databaseUsable(client, 'integration'))) return;
  await jest(`integration-${client}`, ['--selectProjects', 'integration', workers], {
    env: { TEST_DB: client },
    logFile,
  });
};
await integration('sqlite');
await Promise.all([
  integration('postgres', { workers: SERVER_PASS_WORKERS }),
  integration('mysql', {
    workers: SERVER_PASS_WORKERS,
    logFile: path.join(reportDir, 'integration-mysql.log'),
  }),
]);

// Two browser files at a time: each has its own Strapi and Chromium, and most of their time is
// spent waiting for the page (jest's default on two cores is one worker).
//
// The marketplace install (`npm pack`, then a fresh site of its own in a temporary directory)
// shares nothing with the playground: on a machine with cores to spare it runs beside the browser
// suite, which spends most of its time waiting for pages; the rest of the packaging test stays
// last (below).
const E2E = ['--selectProjects', 'e2e', '--maxWorkers=2'];
const PACKAGE = ['--selectProjects', 'package', '--runInBand'];
const INSTALL_TEST = 'tests/package/marketplace-install.test.ts';
const DEMO_TEST = 'tests/package/demo.test.ts';
let installTested = false;
if (wanted('e2e')) {
  if (wanted('package') && !(await busyWithOthers('the packaging test runs last, alone'))) {
    installTested = true;
    await Promise.all([
      jest('e2e', E2E),
      jest('package-install', [...PACKAGE, INSTALL_TEST], {
        logFile: path.join(reportDir, 'package-install.log'),
      }),
    ]);
  } else await jest('e2e', E2E);
}

// The same unit and sandbox tests and the SQLite integration suite again on Node 22, which the
// package supports too: isolated-vm loads another prebuild there and V8 12 behaves differently
// (see docs/sandbox.md). Node 22 comes from .ci/node22, outside the root manifest, whose `node`
// bin would fight Node 24's. `npm test -- node22` runs only these.
const node22 = path.join(ROOT, '.ci', 'node22', 'node_modules', 'node', 'bin', 'node');
const onNode22 = { PATH: `${path.dirname(node22)}${path.delimiter}${process.env.PATH}` };
const node22Runs = [
  ['unit-node22', ['--selectProjects', 'unit', 'admin', 'sandbox', UNIT_WORKERS], {}],
  [
    'integration-sqlite-node22',
    ['--selectProjects', 'integration', INTEGRATION_WORKERS],
    { TEST_DB: 'sqlite' },
  ],
].filter(([label]) => wanted('node22') || wanted(label));

// The soak (several real Strapi processes for a few minutes per database), one database at a
// time: `npm test -- soak` runs only it, `soak-postgres` one database. Its clock is mostly windows
// of wall time in which the machine has cores to spare, so the unit and Node 22 passes run beside it (their
// output printed as each phase ends). The soak asserts no timing, only slots run exactly once, so
// a busy machine is a condition it must hold under (tests/soak).
const soakReports = [];
rmSync(path.join(ROOT, '.tmp', 'soak'), { recursive: true, force: true });
const soak = async (label, file, client) => {
  if (!(await databaseUsable(client, label))) return;
  await jest(label, [file, '--selectProjects', 'soak'], { env: { TEST_DB: client } });
  for (const name of [client, `${client}-restart`, `${client}-faults`]) {
    const report = path.join(ROOT, '.tmp', 'soak', `${name}.md`);
    if (existsSync(report)) soakReports.push(readFileSync(report, 'utf8'));
  }
};
// PostgreSQL and MariaDB, what sites with several instances run, in every `npm test`; SQLite's
// (two processes on one file) only when asked, `npm test -- soak-sqlite`: the integration suite
// already races several processes on SQLite in every run (racing, timer-instances).
const SOAKED = ['postgres', 'mysql'];
const soakWanted = (client) =>
  only.includes(`soak-${client}`) ||
  (SOAKED.includes(client) && (wanted('soak') || wanted(`soak-${client}`)));
const soakLane = async () => {
  for (const client of ['postgres', 'mysql', 'sqlite']) {
    if (!soakWanted(client)) continue;
    await soak(`soak-${client}`, 'tests/soak/cluster.test.ts', client);
  }
  // The whole fault matrix (tests/soak/faults.test.ts), too long for every run: only when asked,
  // `npm test -- soak-faults` (both servers) or `soak-faults-postgres` / `soak-faults-mysql`.
  for (const client of ['postgres', 'mysql']) {
    if (!only.includes('soak-faults') && !only.includes(`soak-faults-${client}`)) continue;
    await soak(`soak-faults-${client}`, 'tests/soak/faults.test.ts', client);
  }
};
// Beside the soak: the unit and sandbox tests (Node 24), then the Node 22 passes. The unit phase
// writes nothing the soak's instances read, and the soak leaves a core idle for much of its time.
// (Lowering their priority was tried: beside a CPU hog the soak's load stayed at 27 calls a second
// of 60 all the same, and the sandbox tests, niced, ran past their wall-clock limits.)
const soakRuns = ['postgres', 'mysql', 'sqlite'].some(soakWanted);
/** `logged`: the phases run beside the soak, so their output is printed as each one ends. */
const besideTheSoak = async (logged) => {
  if (wanted('unit'))
    await jest('unit', ['--selectProjects', 'unit', 'admin', 'sandbox', UNIT_WORKERS], {
      logFile: logged ? path.join(reportDir, 'unit.log') : undefined,
    });
  await node22Lane(logged);
};
const node22Lane = async (logged) => {
  if (node22Runs.length === 0) return;
  if (!existsSync(node22)) {
    const reason = `Node 22 is not installed (npm ci --prefix .ci/node22)`;
    totals[isCI ? 'failed' : 'skipped'] += 1;
    lines.push(`node22: ${isCI ? 'FAILED, Node 22 is required in CI' : 'SKIPPED'}: ${reason}`);
    return;
  }
  for (const [label, args, env] of node22Runs) {
    await jest(label, args, {
      env: { ...onNode22, ...env },
      node: node22,
      logFile: logged ? path.join(reportDir, `${label}.log`) : undefined,
    });
  }
};
// Side by side only on a machine that has the cores to spare: beside other work, the soak's
// instances, their sandbox processes and the sandbox tests' wall-clock limits starved each other
// (a CI run beside a CPU hog: load 14 on two cores, runs ended `killed`, the soak's runs never
// caught up). Then the phases run one after the other, which costs the time they would have shared.
if (soakRuns && (await busyWithOthers('the unit and Node 22 passes run after the soak'))) {
  await soakLane();
  await besideTheSoak(false);
} else await Promise.all([soakLane(), besideTheSoak(soakRuns)]);

// Last, after the soak, whose instances load dist/ (the demo test builds the plugin if its sources
// changed) and the browser suite, which boots the playground (the demo test builds its admin).
if (wanted('package')) {
  if (installTested) await jest('package-demo', [...PACKAGE, DEMO_TEST]);
  else await jest('package', PACKAGE);
}

if (soakReports.length > 0) {
  console.log('\n━━ soak reports ━━\n');
  console.log(soakReports.join('\n'));
}

console.log('\n━━ summary ━━');
for (const line of lines) console.log(line);
const cpuAtEnd = childCpuSeconds();
if (cpuAtStart !== null && cpuAtEnd !== null)
  console.log(`CPU of every phase together: ${Math.round(cpuAtEnd - cpuAtStart)} s`);
console.log(`\nTotal: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
