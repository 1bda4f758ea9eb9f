import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { locateChildFile, type Sandbox } from '../../server/src/sandbox';
import { ROOT, fixture, parked, runScript, sleep, startSandbox } from './helpers';

jest.setTimeout(30_000);

const sandboxes: Sandbox[] = [];
const track = (sandbox: Sandbox) => {
  sandboxes.push(sandbox);
  return sandbox;
};

afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((sandbox) => sandbox.stop()));
});

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// Generous: starting a sandbox process takes seconds on a loaded machine; this is no speed test.
const waitFor = async (condition: () => boolean, timeoutMs = 60_000, intervalMs = 20) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(intervalMs);
  }
};

const hasProc = existsSync('/proc/self/maps');

describe('process lifecycle', () => {
  test('Given a new sandbox, When nothing ran yet, Then no process is running', () => {
    const sandbox = track(startSandbox());
    expect(sandbox.status()).toEqual({ running: false, runsInFlight: 0, restarts: 0, kills: 0 });
  });

  test('Given a first run, When it ends, Then a process is running with its pid and start time', async () => {
    const sandbox = track(startSandbox());
    const before = Date.now();
    await runScript(sandbox, 'return 1;');
    const status = sandbox.status();
    expect(status).toMatchObject({ running: true, runsInFlight: 0, restarts: 0, kills: 0 });
    expect(isAlive(status.pid as number)).toBe(true);
    expect(status.startedAt).toBeGreaterThanOrEqual(before);
  });

  test('Given an idle period, When it passes, Then the process stops', async () => {
    const sandbox = track(startSandbox({ idleMs: 150 }));
    await runScript(sandbox, 'return 1;');
    const { pid } = sandbox.status();
    await waitFor(() => !sandbox.status().running);
    await waitFor(() => !isAlive(pid as number));
    expect(sandbox.status().kills).toBe(0);
  });

  test('Given a process stopped for idleness, When another run comes, Then a new process starts lazily', async () => {
    const sandbox = track(startSandbox({ idleMs: 150 }));
    await runScript(sandbox, 'return 1;');
    const first = sandbox.status().pid;
    await waitFor(() => !sandbox.status().running);
    const run = await runScript(sandbox, 'return 2;');
    expect(run).toMatchObject({ status: 'succeeded', result: 2 });
    expect(sandbox.status()).toMatchObject({ running: true, restarts: 1, kills: 0 });
    expect(sandbox.status().pid).not.toBe(first);
  });

  test('Given a process killed between runs, When the next run comes, Then it runs in a fresh process', async () => {
    const sandbox = track(startSandbox());
    await runScript(sandbox, 'return 1;');
    const first = sandbox.status().pid as number;
    process.kill(first, 'SIGKILL');
    await waitFor(() => !sandbox.status().running);
    const run = await runScript(sandbox, 'return 2;');
    expect(run).toMatchObject({ status: 'succeeded', result: 2 });
    expect(sandbox.status()).toMatchObject({ running: true, restarts: 1, kills: 1 });
  });

  test('Given a process killed during a run, When it dies, Then that run ends as killed', async () => {
    const sandbox = track(startSandbox());
    const before = parked.count;
    const pending = runScript(sandbox, `console.log('before'); await ctx.never();`);
    // Killed the moment the call arrives: the line logged before it must already be recorded.
    await waitFor(() => parked.count > before, 60_000, 1);
    process.kill(sandbox.status().pid as number, 'SIGKILL');
    const run = await pending;
    expect(run).toMatchObject({
      status: 'killed',
      error: { name: 'KilledError', message: expect.stringContaining('signal SIGKILL') },
    });
    expect(run.log.map((entry) => entry.message)).toEqual(['before']);
  });

  test('Given runs in flight, When the sandbox stops, Then they end as killed and no process is left', async () => {
    const sandbox = track(startSandbox());
    const before = parked.count;
    const pending = runScript(sandbox, 'await ctx.never();');
    await waitFor(() => parked.count > before);
    const { pid } = sandbox.status();
    await sandbox.stop();
    await expect(pending).resolves.toMatchObject({
      status: 'killed',
      error: { message: 'The sandbox was stopped' },
    });
    expect(sandbox.status()).toMatchObject({ running: false, kills: 0 });
    expect(isAlive(pid as number)).toBe(false);
  });

  test('Given a stopped sandbox, When a run comes, Then it starts again', async () => {
    const sandbox = track(startSandbox());
    await runScript(sandbox, 'return 1;');
    await sandbox.stop();
    await expect(runScript(sandbox, 'return 3;')).resolves.toMatchObject({ result: 3 });
  });
});

describe('a process that cannot be trusted', () => {
  test('Given a process whose main thread wedges, When heartbeats go unanswered, Then the parent kills it', async () => {
    const sandbox = track(
      startSandbox({
        childFile: fixture('deaf-child.js'),
        heartbeatMs: 50,
        heartbeatTimeoutMs: 300,
      })
    );
    // The heartbeat's own message (the wall limit's says "did not end within") shows that the
    // heartbeat, not the run's 60-s limit, ended it; no clock needed.
    const run = await runScript(sandbox, 'return 1;', { limits: { wallMs: 60_000 } });
    expect(run).toMatchObject({
      status: 'killed',
      error: { message: expect.stringContaining('stopped answering') },
    });
    expect(sandbox.status()).toMatchObject({ running: false, kills: 1 });
  });

  test('Given a healthy process, When the parent itself is blocked longer than the heartbeat timeout, Then the process is not killed', async () => {
    // Found by the benchmarks: Strapi busy with synchronous work for seconds (SQLite, a big
    // payload) read the queued answers only after judging the silence, and killed a healthy child.
    // A timeout of a second (a loaded machine can keep the niced process off the CPU for a while),
    // and the parent blocked well past it.
    const sandbox = track(startSandbox({ heartbeatMs: 50, heartbeatTimeoutMs: 1_000 }));
    expect(await runScript(sandbox, 'return 1;')).toMatchObject({ status: 'succeeded' });
    const pid = sandbox.status().pid;

    const blockedUntil = Date.now() + 2_500;
    while (Date.now() < blockedUntil) {
      // The parent's event loop is blocked; the child keeps answering pings into the pipe.
    }
    await sleep(200);

    expect(await runScript(sandbox, 'return 2;')).toMatchObject({ status: 'succeeded', result: 2 });
    expect(sandbox.status()).toMatchObject({ running: true, pid, kills: 0 });
  });

  test('Given a process that answers but never ends a run, When wall time plus grace passes, Then the parent kills it', async () => {
    const sandbox = track(
      startSandbox({ childFile: fixture('silent-child.js'), wallGraceMs: 200 })
    );
    const started = Date.now();
    const run = await runScript(sandbox, 'return 1;', { limits: { wallMs: 300 } });
    expect(run).toMatchObject({
      status: 'killed',
      error: { message: expect.stringContaining('wall-time limit of 300 ms') },
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  test('Given a process that never reports ready, When the start timeout passes, Then the run ends as killed', async () => {
    const sandbox = track(
      startSandbox({ childFile: fixture('mute-child.js'), startTimeoutMs: 300 })
    );
    const run = await runScript(sandbox, 'return 1;');
    expect(run).toMatchObject({
      status: 'killed',
      error: { message: expect.stringContaining('did not start') },
    });
  });

  test('Given a process that exits during a run, When it exits, Then the run ends as killed with its exit code', async () => {
    const sandbox = track(startSandbox({ childFile: fixture('crashing-child.js') }));
    const run = await runScript(sandbox, 'return 1;');
    expect(run).toMatchObject({
      status: 'killed',
      error: { message: expect.stringContaining('code 7') },
    });
    expect(sandbox.status().kills).toBe(1);
  });
});

describe('process boundary', () => {
  test('Given runs have happened, When the parent is inspected, Then it never loaded isolated-vm', async () => {
    if (!hasProc) return;
    const sandbox = track(startSandbox());
    await runScript(sandbox, 'return 1;');
    const childMaps = readFileSync(`/proc/${sandbox.status().pid}/maps`, 'utf8');
    expect(childMaps).toContain('isolated-vm');
    expect(readFileSync('/proc/self/maps', 'utf8')).not.toContain('isolated-vm');
  });

  test('Given secrets in the parent environment, When the process starts, Then it does not inherit them', async () => {
    if (!hasProc) return;
    process.env.SANDBOX_TEST_SECRET = 'hunter2';
    try {
      const sandbox = track(startSandbox());
      await runScript(sandbox, 'return 1;');
      const environ = readFileSync(`/proc/${sandbox.status().pid}/environ`, 'utf8');
      expect(environ).not.toContain('hunter2');
    } finally {
      delete process.env.SANDBOX_TEST_SECRET;
    }
  });

  test('Given the sources, When the child file is located, Then it is dist/sandbox-child.js of this package', () => {
    expect(locateChildFile(join(ROOT, 'server', 'src', 'sandbox'))).toBe(
      join(ROOT, 'dist', 'sandbox-child.js')
    );
    expect(locateChildFile(join(ROOT, 'dist', 'server'))).toBe(
      join(ROOT, 'dist', 'sandbox-child.js')
    );
  });

  test('Given a directory outside the package, When the child file is located, Then it throws', () => {
    expect(() => locateChildFile('/')).toThrow(/strapi-plugin-maintenance/);
  });
});
