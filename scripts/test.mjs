// `npm test`: the whole suite. Unit and sandbox tests once; the integration suite once per
// database (SQLite, PostgreSQL, MariaDB/MySQL); unit, sandbox and SQLite again on Node 22; the
// browser suite; the soak once per database;
// then the packaging test.
// Locally a database server
// that does not answer is reported as skipped with the reason; under CI=true it is a failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './lib/playground-env.mjs';
import databaseServers from './lib/database-servers.cjs';

const { unavailableReason } = databaseServers;

const isCI = ['true', '1'].includes(String(process.env.CI).toLowerCase());
const only = process.argv.slice(2);
const reportDir = path.join(ROOT, '.tmp', 'jest');
rmSync(reportDir, { recursive: true, force: true });
mkdirSync(reportDir, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

const jest = (label, args, env = {}, node = process.execPath) => {
  const outputFile = path.join(reportDir, `${label}.json`);
  const started = Date.now();
  console.log(`\n━━ ${label} ━━`);
  const result = spawnSync(
    node,
    [
      path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'),
      ...args,
      '--json',
      `--outputFile=${outputFile}`,
    ],
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } }
  );
  let report;
  try {
    report = JSON.parse(readFileSync(outputFile, 'utf8'));
  } catch {
    totals.failed += 1;
    lines.push(`${label}: jest did not report (exit ${result.status})`);
    return;
  }
  const failedSuites = report.numFailedTestSuites + (report.numRuntimeErrorTestSuites ?? 0);
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests + (report.numFailedTests === 0 ? failedSuites : 0);
  totals.skipped += report.numPendingTests + report.numTodoTests;
  // Jest can exit non-zero with every test passed (an error after a suite's environment was torn
  // down, a global teardown that threw): a failure too, named so that it is looked for.
  const silentExit = result.status !== 0 && report.numFailedTests === 0 && failedSuites === 0;
  if (silentExit) totals.failed += 1;
  lines.push(
    `${label}: ${report.numPassedTests} passed, ${report.numFailedTests} failed` +
      (failedSuites ? `, ${failedSuites} suite(s) failed to run` : '') +
      (silentExit ? `, but jest exited ${result.status ?? result.signal}: see its output` : '') +
      ` (${Math.round((Date.now() - started) / 1000)} s)`
  );
};

// Jest's default is one worker fewer than cores: one worker on a two-core machine. The integration
// suites mostly wait (on databases, sandbox processes, lease and timer periods), so they get more
// workers than cores (measured on two cores: SQLite 267 s with one worker, 147 s with three).
const UNIT_WORKERS = '--maxWorkers=2';
const INTEGRATION_WORKERS = '--maxWorkers=3';

const wanted = (name) => only.length === 0 || only.includes(name);

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

if (wanted('unit')) jest('unit', ['--selectProjects', 'unit', 'admin', 'sandbox', UNIT_WORKERS]);

for (const client of ['sqlite', 'postgres', 'mysql']) {
  if (!wanted(client)) continue;
  if (!(await databaseUsable(client, 'integration'))) continue;
  jest(`integration-${client}`, ['--selectProjects', 'integration', INTEGRATION_WORKERS], {
    TEST_DB: client,
  });
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
if (node22Runs.length > 0 && !existsSync(node22)) {
  const reason = `Node 22 is not installed (npm ci --prefix .ci/node22)`;
  totals[isCI ? 'failed' : 'skipped'] += 1;
  lines.push(`node22: ${isCI ? 'FAILED, Node 22 is required in CI' : 'SKIPPED'}: ${reason}`);
} else {
  for (const [label, args, env] of node22Runs) {
    jest(label, args, { ...onNode22, ...env }, node22);
  }
}

if (wanted('e2e')) jest('e2e', ['--selectProjects', 'e2e']);

// The soak (several real Strapi processes for a few minutes per database) after the integration
// suites, one database at a time: `npm test -- soak` runs only it, `soak-postgres` one database.
const soakReports = [];
rmSync(path.join(ROOT, '.tmp', 'soak'), { recursive: true, force: true });
const soak = async (label, file, client) => {
  if (!(await databaseUsable(client, label))) return;
  jest(label, [file, '--selectProjects', 'soak'], { TEST_DB: client });
  for (const name of [client, `${client}-restart`, `${client}-faults`]) {
    const report = path.join(ROOT, '.tmp', 'soak', `${name}.md`);
    if (existsSync(report)) soakReports.push(readFileSync(report, 'utf8'));
  }
};
for (const client of ['postgres', 'mysql', 'sqlite']) {
  if (!wanted('soak') && !wanted(`soak-${client}`)) continue;
  await soak(`soak-${client}`, 'tests/soak/cluster.test.ts', client);
}
// The whole fault matrix (tests/soak/faults.test.ts), too long for every run: only when asked,
// `npm test -- soak-faults` (both servers) or `soak-faults-postgres` / `soak-faults-mysql`.
for (const client of ['postgres', 'mysql']) {
  if (!only.includes('soak-faults') && !only.includes(`soak-faults-${client}`)) continue;
  await soak(`soak-faults-${client}`, 'tests/soak/faults.test.ts', client);
}

// One file at a time: the demo test rebuilds dist/ while the marketplace test packs it.
if (wanted('package')) jest('package', ['--selectProjects', 'package', '--runInBand']);

if (soakReports.length > 0) {
  console.log('\n━━ soak reports ━━\n');
  console.log(soakReports.join('\n'));
}

console.log('\n━━ summary ━━');
for (const line of lines) console.log(line);
console.log(`\nTotal: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
