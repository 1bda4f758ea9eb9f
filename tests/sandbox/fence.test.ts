/**
 * Fenced runs (issue 14): a run under a lease is stopped by the sandbox process itself when
 * Strapi's process goes silent for longer than the run's fence, as a frozen (SIGSTOP) or blocked
 * Strapi would, since its lease may be taken over meanwhile. Here the parent's pings are spaced
 * out instead, which the sandbox process cannot tell apart from a parent that froze.
 */
import type { Sandbox } from '../../server/src/sandbox';
import { METHODS, SMALL, handler, startSandbox } from './helpers';

jest.setTimeout(30_000);

const sandboxes: Sandbox[] = [];
afterAll(async () => {
  await Promise.all(sandboxes.map((sandbox) => sandbox.stop()));
});

const waitingRun = (sandbox: Sandbox, fenceMs?: number, code = 'await ctx.never();') =>
  sandbox.run(
    {
      code,
      data: {},
      methods: METHODS,
      limits: { ...SMALL, wallMs: 10_000, cpuMs: 5_000 },
      ...(fenceMs === undefined ? {} : { fenceMs }),
    },
    handler
  );

test('Given a parent that sends nothing for longer than the fence, When a fenced run waits, Then the sandbox process stops it as lease lost, keeping its log', async () => {
  const sandbox = startSandbox({ heartbeatMs: 20_000, heartbeatTimeoutMs: 60_000 });
  sandboxes.push(sandbox);
  const run = await waitingRun(sandbox, 300, "console.log('before the wait'); await ctx.never();");
  expect(run).toMatchObject({
    status: 'killed',
    error: {
      name: 'LeaseLost',
      message: expect.stringMatching(
        /^lease lost: Strapi's process sent nothing for \d+ ms \(more than 300 ms\)/
      ),
    },
  });
  expect(run.log.map((entry) => entry.message)).toEqual(['before the wait']);
  expect(run.endedAt).toEqual(expect.any(Number));
});

/** A host whose `slow` answers after `ms`: nothing reaches the sandbox process meanwhile. */
const slowHost =
  (ms: number): typeof handler =>
  async (method, args) => {
    if (method === 'slow') await new Promise((resolve) => setTimeout(resolve, ms));
    return handler(method, args);
  };

test('Given a silent parent, When a run without a fence waits longer than a fence would allow, Then it is not stopped for it', async () => {
  const sandbox = startSandbox({ heartbeatMs: 20_000, heartbeatTimeoutMs: 60_000 });
  sandboxes.push(sandbox);
  const run = await sandbox.run(
    { code: 'await ctx.slow(); return 1;', data: {}, methods: METHODS, limits: SMALL },
    slowHost(1000)
  );
  expect(run).toMatchObject({ status: 'succeeded', result: 1 });
});

test('Given a parent that pings more often than the fence, When a fenced run waits five fences long, Then it ends on its own', async () => {
  const sandbox = startSandbox({ heartbeatMs: 100 });
  sandboxes.push(sandbox);
  const run = await sandbox.run(
    {
      code: 'await ctx.slow(); return "done";',
      data: {},
      methods: METHODS,
      limits: SMALL,
      fenceMs: 300,
    },
    slowHost(1500)
  );
  expect(run).toMatchObject({ status: 'succeeded', result: 'done' });
});
