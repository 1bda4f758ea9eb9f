// The phases of `npm test` (scripts/test.mjs): each one a jest run whose JSON report is added to
// the run's totals, with a summary line that says how long it took and, when it ran alone, its CPU.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './playground-env.mjs';

export const createPhases = (reportDir) => {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  const lines = [];

  /**
   * CPU seconds used so far by this process's finished children (and theirs): Linux adds a child's
   * time to its parent's when the parent reaps it. Printed per phase and for the whole run, since a
   * suite's wall time on a shared two-core machine says little without it. Null off Linux.
   */
  const ticksPerSecond =
    Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;
  const childCpuSeconds = () => {
    try {
      const stat = readFileSync('/proc/self/stat', 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[13]) + Number(fields[14])) / ticksPerSecond;
    } catch {
      return null;
    }
  };
  /** Phases running now; a phase that ever ran beside another gets no CPU figure of its own. */
  const running = new Set();

  /**
   * Runs one jest phase and adds its counts to the totals. Its summary line keeps the place the
   * phase was started in, whatever order phases end in. With `logFile`, the output goes there and is
   * printed in one piece when the phase ends (for a phase that runs beside another one).
   */
  const jest = async (label, args, { env = {}, node = process.execPath, logFile } = {}) => {
    const outputFile = path.join(reportDir, `${label}.json`);
    const started = Date.now();
    const cpuBefore = childCpuSeconds();
    const phase = { beside: running.size > 0 };
    for (const other of running) other.beside = true;
    running.add(phase);
    const slot = lines.push(`${label}: still running`) - 1;
    console.log(
      `\n━━ ${label} ━━${logFile ? ` (beside another phase; printed when it ends)` : ''}`
    );
    const log = logFile ? openSync(logFile, 'w') : undefined;
    const { status, signal } = await new Promise((resolve) => {
      const child = spawn(
        node,
        [
          path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'),
          ...args,
          '--json',
          `--outputFile=${outputFile}`,
        ],
        {
          cwd: ROOT,
          stdio: log === undefined ? 'inherit' : ['ignore', log, log],
          env: { ...process.env, ...env },
        }
      );
      child.on('exit', (code, killedBy) => resolve({ status: code, signal: killedBy }));
    });
    if (log !== undefined) {
      closeSync(log);
      console.log(`\n━━ ${label} (its output) ━━\n${readFileSync(logFile, 'utf8')}`);
    }
    running.delete(phase);
    const cpuAfter = childCpuSeconds();
    const cpu =
      phase.beside || cpuBefore === null || cpuAfter === null
        ? ''
        : `, CPU ${Math.round(cpuAfter - cpuBefore)} s`;
    const seconds = ` (${Math.round((Date.now() - started) / 1000)} s${cpu})`;
    let report;
    try {
      report = JSON.parse(readFileSync(outputFile, 'utf8'));
    } catch {
      totals.failed += 1;
      lines[slot] = `${label}: jest did not report (exit ${status ?? signal})${seconds}`;
      return;
    }
    // numFailedTestSuites also counts the suites whose tests failed; only those that failed to run
    // (an error while loading a file, or in a hook outside any test) add to the failures, once each.
    const suitesNotRun = report.numRuntimeErrorTestSuites ?? 0;
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests + suitesNotRun;
    totals.skipped += report.numPendingTests + report.numTodoTests;
    // Jest can exit non-zero with every test passed (an error after a suite's environment was torn
    // down, a global teardown that threw): a failure too, named so that it is looked for.
    const silentExit = status !== 0 && report.numFailedTests === 0 && suitesNotRun === 0;
    if (silentExit) totals.failed += 1;
    lines[slot] =
      `${label}: ${report.numPassedTests} passed, ${report.numFailedTests} failed` +
      (suitesNotRun ? `, ${suitesNotRun} suite(s) failed to run` : '') +
      (silentExit ? `, but jest exited ${status ?? signal}: see its output` : '') +
      seconds;
  };

  return { jest, totals, lines, childCpuSeconds };
};
