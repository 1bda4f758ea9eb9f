/**
 * One run cannot hurt another: work a script leaves behind after its result runs nowhere, and a
 * run in flight when its process is replaced because of another run is started again.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { HostCallHandler, Sandbox, SandboxRunResult } from '../../server/src/sandbox';
import { SMALL, fixture, handler, runScript, sleep, startSandbox } from './helpers';

jest.setTimeout(60_000);

const hasProc = existsSync('/proc/self/stat');

const sandboxes: Sandbox[] = [];
const track = (sandbox: Sandbox) => {
  sandboxes.push(sandbox);
  return sandbox;
};

afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((sandbox) => sandbox.stop()));
});

const waitFor = async (condition: () => boolean, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
};

/** CPU time (user + system) the process has used, in ms. */
const cpuOf = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100;
};

/**
 * `ctx.wait()` parks until the test opens the gate: a call made while it is shut never settles,
 * so a run is surely in flight; one made after it opens answers at once.
 */
const gate = () => {
  const state = { calls: 0, open: false };
  const onHostCall: HostCallHandler = async (method, args) => {
    if (method !== 'wait') return handler(method, args);
    state.calls += 1;
    return state.open ? 'open' : new Promise(() => {});
  };
  return { state, onHostCall };
};

const WAITER = `console.log('starts'); await ctx.wait(); return 'done';`;

const runLabelled = (
  sandbox: Sandbox,
  onHostCall: HostCallHandler,
  label: string,
  code: string,
  limits: Partial<typeof SMALL> = {}
): Promise<SandboxRunResult> =>
  sandbox.run(
    { code, data: {}, methods: ['wait'], label, limits: { ...SMALL, wallMs: 30_000, ...limits } },
    onHostCall
  );

const messages = (run: SandboxRunResult) => run.log.map((entry) => entry.message);

/**
 * A callback queued to run just after the script's result is taken: the bootstrap takes it a few
 * microtasks after the script returns, and the callback comes 20 microtasks after its return.
 */
const AFTER_RETURN = `let later = Promise.resolve();
  for (let i = 0; i < 20; i++) later = later.then(() => {});`;

describe('work a script leaves scheduled after it returns', () => {
  test.each([
    ['a CPU-spinning callback', `${AFTER_RETURN} later.then(function spin() { for (;;) {} });`],
    // A built-in that V8 cannot interrupt: measured before the fix, it grew the process to
    // 1.4 GB and kept a core busy for seconds after the run had been reported.
    ['a memory-growing callback', `${AFTER_RETURN} later.then(() => new Array(1e8).fill(0));`],
    ['a callback on a pending host call', `ctx.slow().then(function spin() { for (;;) {} });`],
  ])(
    'Given a script that returns while leaving %s, When a normal run starts right after, Then both end normally and the process does not stay busy',
    async (_name, leftBehind) => {
      if (!hasProc) return;
      const sandbox = track(startSandbox());
      await runScript(sandbox, 'return 0;');
      const { pid } = sandbox.status();
      const cpuBefore = cpuOf(pid as number);

      const first = await runScript(sandbox, `${leftBehind}\nreturn 'returned';`, {
        limits: { cpuMs: 20_000, wallMs: 30_000, memoryMb: 64 },
      });
      const next = await runScript(sandbox, 'return await ctx.add(1, 1);');
      await sleep(1_000);

      expect(first).toMatchObject({ status: 'succeeded', result: 'returned' });
      expect(next).toMatchObject({ status: 'succeeded', result: 2 });
      // Nothing had to be killed, and three tiny runs plus a second of quiet cost far less than
      // the second of CPU a callback still running would have used.
      expect(sandbox.status()).toMatchObject({ pid, kills: 0 });
      expect(cpuOf(pid as number) - cpuBefore).toBeLessThan(600);
    }
  );

  test('Given a run ended by its CPU limit inside a built-in that cannot be interrupted, When its isolate keeps running, Then the process is replaced and the run keeps its own status', async () => {
    const sandbox = track(startSandbox());
    await runScript(sandbox, 'return 0;');
    const { pid } = sandbox.status();

    const run = await runScript(sandbox, 'new Array(1e8).fill(0); return 1;', {
      limits: { cpuMs: 50, memoryMb: 256, wallMs: 30_000 },
    });
    await waitFor(() => sandbox.status().kills === 1);

    expect(run).toMatchObject({ status: 'timed-out', error: { name: 'TimeoutError' } });
    const next = await runScript(sandbox, 'return 2;');
    expect(next).toMatchObject({ status: 'succeeded', result: 2 });
    expect(sandbox.status().pid).not.toBe(pid);
  });
});

describe('runs in flight when their process is replaced', () => {
  test('Given a long run A, When run B bombs the process so it is replaced, Then A is started again and succeeds, saying why, and B ends memory-exceeded', async () => {
    const sandbox = track(startSandbox());
    const { state, onHostCall } = gate();
    const a = runLabelled(sandbox, onHostCall, 'run A', WAITER);
    await waitFor(() => state.calls === 1);
    state.open = true;

    // Room on the clocks, so that only the memory limit can end it even on a busy machine.
    const b = await runLabelled(sandbox, onHostCall, 'run B', 'new Array(1e8).fill(0);', {
      cpuMs: 20_000,
    });

    expect(b).toMatchObject({ status: 'memory-exceeded', error: { name: 'MemoryError' } });
    const run = await a;
    expect(run).toMatchObject({ status: 'succeeded', result: 'done' });
    expect(messages(run)).toEqual([
      'starts',
      expect.stringMatching(
        /^\[sandbox\] The sandbox process was replaced because of another run \(run B\); this run was started again \(restart 1 of at most 2\)/
      ),
      'starts',
    ]);
    expect(sandbox.status()).toMatchObject({ kills: 1, runsInFlight: 0 });
  });

  test('Given run A in flight, When the isolate of run B is lost to a fatal out-of-memory (as on Node 22), Then B ends memory-exceeded, the process is replaced because of B, and A is started again and succeeds', async () => {
    const warnings: string[] = [];
    const logger = { debug() {}, warn: (line: string) => warnings.push(line), error() {} };
    const sandbox = track(startSandbox({ childFile: fixture('wedging-child.js'), logger }));
    const a = runLabelled(sandbox, handler, 'run A', 'return 1;');
    const b = await runLabelled(sandbox, handler, 'run B', 'wedge');

    expect(b).toMatchObject({ status: 'memory-exceeded', error: { name: 'MemoryError' } });
    const run = await a;
    expect(run.status).toBe('succeeded');
    expect(messages(run)).toEqual([expect.stringContaining('because of another run (run B)')]);
    expect(warnings).toContainEqual(
      expect.stringContaining(
        'The isolate of run B could not be stopped (Catastrophic out-of-memory error)'
      )
    );
    expect(sandbox.status()).toMatchObject({ kills: 1, runsInFlight: 0 });
  });

  test('Given runs A and B, When the host kills the process because B outlived its wall time, Then B ends killed and A is started again', async () => {
    const sandbox = track(
      startSandbox({ childFile: fixture('silent-child.js'), wallGraceMs: 200 })
    );
    const { onHostCall } = gate();
    const a = runLabelled(sandbox, onHostCall, 'run A', WAITER, { wallMs: 2_000 });
    const b = await runLabelled(sandbox, onHostCall, 'run B', WAITER, { wallMs: 300 });

    expect(b).toMatchObject({
      status: 'killed',
      error: { message: expect.stringContaining('wall-time limit of 300 ms') },
    });
    // The process that never ends a run cannot let A succeed; A ends on its own deadline.
    const run = await a;
    expect(messages(run)).toEqual([expect.stringContaining('because of another run (run B)')]);
    expect(run.error?.message).toContain('wall-time limit of 2000 ms');
  });

  test('Given two runs in flight, When their process dies and no run can be blamed, Then both are started again and succeed', async () => {
    const sandbox = track(startSandbox());
    const { state, onHostCall } = gate();
    const a = runLabelled(sandbox, onHostCall, 'run A', WAITER);
    const c = runLabelled(sandbox, onHostCall, 'run C', WAITER);
    await waitFor(() => state.calls === 2);
    state.open = true;

    process.kill(sandbox.status().pid as number, 'SIGKILL');

    for (const run of await Promise.all([a, c])) {
      expect(run).toMatchObject({ status: 'succeeded', result: 'done' });
      expect(messages(run)[1]).toMatch(/with 2 runs in it, none of which could be blamed/);
    }
  });

  test('Given runs started again twice already, When their process dies a third time, Then they end killed with a clear error', async () => {
    const sandbox = track(startSandbox());
    const { state, onHostCall } = gate();
    const a = runLabelled(sandbox, onHostCall, 'run A', WAITER);
    const c = runLabelled(sandbox, onHostCall, 'run C', WAITER);
    for (let death = 1; death <= 3; death += 1) {
      // Both runs are parked in the current process before it is killed.
      await waitFor(() => state.calls === 2 * death);
      process.kill(sandbox.status().pid as number, 'SIGKILL');
    }

    for (const run of await Promise.all([a, c])) {
      expect(run).toMatchObject({
        status: 'killed',
        error: {
          name: 'KilledError',
          message: expect.stringMatching(/already been started again 2 times .*not started again/),
        },
      });
      expect(messages(run).filter((line) => line.startsWith('[sandbox]'))).toHaveLength(2);
    }
    expect(sandbox.status()).toMatchObject({ kills: 3, runsInFlight: 0 });
  });
});
