/**
 * Hostile scripts against a real Strapi: each ends with the status that names what it did, Strapi
 * keeps answering HTTP within a second while it runs, the next normal run succeeds, and nothing on
 * the host changed. (tests/sandbox/hostile.test.ts covers many more against the sandbox alone.)
 */
import { runScript, service, uniqueName } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false' });

const LIMITS = { timeLimitMs: 1000, memoryLimitMb: 32, wallTimeLimitMs: 3000 };
// On a busy machine, allocating hundreds of megabytes can take longer than the tight clocks above;
// memory cases get room on the clocks so that only the memory limit can end them.
const MEMORY_CASE_LIMITS = { timeLimitMs: 10_000, wallTimeLimitMs: 20_000 };

/** Runs the body as a task with tight limits while measuring how fast Strapi answers meanwhile. */
const runWhileProbing = async (body: string, limits: Partial<typeof LIMITS> = {}) => {
  const { strapi } = app.current;
  const script = await service(strapi, 'scripts').create({ name: uniqueName('hostile'), body });
  const task = await service(strapi, 'tasks').create({
    name: uniqueName('task'),
    script: script.id,
    schedule: '0 0 1 1 *',
    timezone: 'UTC',
    ...LIMITS,
    ...limits,
  });
  let running = true;
  const latencies: number[] = [];
  const probe = (async () => {
    while (running) {
      const started = Date.now();
      const response = await app.current.http().get('/_health');
      latencies.push(Date.now() - started);
      expect(response.status).toBe(204);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const run = await service(strapi, 'scheduler').runNow(task.id);
  running = false;
  await probe;
  return { run: run!, worstLatency: Math.max(...latencies) };
};

type Case = [
  label: string,
  body: string,
  status: string,
  message: RegExp,
  limits?: Partial<typeof LIMITS>,
];

const HOSTILE: Case[] = [
  ['a synchronous endless loop', 'for (;;) {}', 'timed-out', /cpu/i],
  ['an endless loop after a host call', 'await ctx.state.get();\nfor (;;) {}', 'timed-out', /cpu/i],
  ['a promise that never settles', 'await new Promise(() => {});', 'timed-out', /wall/i],
  [
    'an array memory bomb',
    'const a = []; for (;;) a.push(new Array(1e5).fill(1));',
    'memory-exceeded',
    /memory/i,
    MEMORY_CASE_LIMITS,
  ],
  [
    'new Array(1e8).fill(0)',
    'new Array(1e8).fill(0);',
    'memory-exceeded',
    /memory/i,
    MEMORY_CASE_LIMITS,
  ],
  // 10,000 database reads take seconds on PostgreSQL and MariaDB; the budget must end it, not the clock.
  [
    'a flood of host calls',
    'for (;;) await ctx.state.get();',
    'failed',
    /host call/i,
    { wallTimeLimitMs: 60_000 },
  ],
  [
    'a process escape through a ctx function',
    "return ctx.state.get.constructor('return process')().env;",
    'failed',
    /process/,
  ],
  ['a require', "return require('fs').readFileSync('/etc/passwd', 'utf8');", 'failed', /require/],
  ['a 10 MB result', "return 'x'.repeat(10 * 1024 * 1024);", 'failed', /result/i],
  [
    'prototype pollution',
    "Object.prototype.polluted = 'yes'; ({}).__proto__.hacked = 1; return 'done';",
    'succeeded',
    /./,
  ],
];

describe.each(HOSTILE)('a script with %s', (_label, body, status, message, limits) => {
  test(`Given it runs in Strapi, Then it ends ${status}, Strapi answers within a second, and the next run succeeds`, async () => {
    const envBefore = JSON.stringify(process.env);
    const { run, worstLatency } = await runWhileProbing(body, limits);

    expect(run.status).toBe(status);
    if (status !== 'succeeded') expect(run.error?.message).toMatch(message);
    expect(worstLatency).toBeLessThan(1000);

    const next = await runScript(app.current.strapi, 'return 1 + 1;');
    expect(next.run).toMatchObject({ status: 'succeeded', result: 2 });

    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(process.env)).toBe(envBefore);
  });
});
