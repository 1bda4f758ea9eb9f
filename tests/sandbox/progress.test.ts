/**
 * ctx.progress(done, total?, message?) and the live view of a run (issue 14): the guest checks
 * its arguments and throws a clear error for bad ones; the latest report reaches the parent with
 * the log, while the run goes (onUpdate) and in its result.
 */
import type { Sandbox } from '../../server/src/sandbox';
import type { LiveState } from '../../server/src/sandbox/run-record';
import { METHODS, SMALL, handler, runScript, startSandbox } from './helpers';

jest.setTimeout(30_000);

let sandbox: Sandbox;

beforeAll(() => {
  sandbox = startSandbox();
});

afterAll(async () => {
  await sandbox.stop();
});

describe('ctx.progress', () => {
  test('Given reports, When the run ends, Then its result carries the latest one', async () => {
    const run = await runScript(
      sandbox,
      "ctx.progress(1, 10); ctx.progress(4, 10, 'four of ten'); return 'ok';"
    );
    expect(run.status).toBe('succeeded');
    expect(run.progress).toEqual({
      done: 4,
      total: 10,
      message: 'four of ten',
      at: expect.any(Number),
    });
  });

  test('Given a report without a total, When the run ends, Then total and message are null', async () => {
    const run = await runScript(sandbox, 'ctx.progress(250);');
    expect(run.progress).toMatchObject({ done: 250, total: null, message: null });
  });

  test('Given no report, When the run ends, Then the result has no progress', async () => {
    const run = await runScript(sandbox, "return 'quiet';");
    expect(run).not.toHaveProperty('progress');
  });

  test('Given a long message, When reported, Then 200 characters are kept', async () => {
    const run = await runScript(sandbox, "ctx.progress(1, 2, 'x'.repeat(500));");
    expect(run.progress?.message).toBe('x'.repeat(200));
  });

  test.each([
    [
      'ctx.progress()',
      'TypeError',
      'ctx.progress: done must be a finite number, 0 or more (got undefined)',
    ],
    [
      "ctx.progress('3')",
      'TypeError',
      'ctx.progress: done must be a finite number, 0 or more (got 3)',
    ],
    [
      'ctx.progress(-1)',
      'TypeError',
      'ctx.progress: done must be a finite number, 0 or more (got -1)',
    ],
    [
      'ctx.progress(NaN)',
      'TypeError',
      'ctx.progress: done must be a finite number, 0 or more (got NaN)',
    ],
    [
      'ctx.progress(Infinity)',
      'TypeError',
      'ctx.progress: done must be a finite number, 0 or more (got Infinity)',
    ],
    [
      'ctx.progress(1, 0)',
      'TypeError',
      'ctx.progress: total must be a finite number above 0, or left out (got 0)',
    ],
    [
      "ctx.progress(1, 'ten')",
      'TypeError',
      'ctx.progress: total must be a finite number above 0, or left out (got ten)',
    ],
    [
      'ctx.progress(11, 10)',
      'RangeError',
      'ctx.progress: done (11) must not be more than total (10)',
    ],
    [
      'ctx.progress(1, 10, { text: 1 })',
      'TypeError',
      'ctx.progress: message must be a string, or left out',
    ],
  ])(
    'Given %s, When the script runs, Then it fails with a %s naming the argument',
    async (call, name, message) => {
      const run = await runScript(sandbox, `${call};`);
      expect(run.status).toBe('failed');
      expect(run.error).toMatchObject({ name, message });
      expect(run).not.toHaveProperty('progress');
    }
  );

  test('Given a bad report caught by the script, When the run ends, Then the earlier report stands', async () => {
    const run = await runScript(
      sandbox,
      'ctx.progress(2, 5); try { ctx.progress(9, 5); } catch (e) { console.log(e.name); } return 1;'
    );
    expect(run.status).toBe('succeeded');
    expect(run.log.map((entry) => entry.message)).toEqual(['RangeError']);
    expect(run.progress).toMatchObject({ done: 2, total: 5 });
  });

  test('Given ctx.progress called many times, When the run ends, Then no host call was spent', async () => {
    const run = await runScript(sandbox, 'for (let i = 0; i <= 1000; i++) ctx.progress(i, 1000);');
    expect(run).toMatchObject({ status: 'succeeded', hostCalls: 0 });
    expect(run.progress).toMatchObject({ done: 1000, total: 1000 });
  });
});

test('Given a run that logs and reports while it waits, When the parent listens, Then it sees the log and progress before the run ends', async () => {
  const seen: LiveState[] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const done = sandbox.run(
    {
      code: "console.log('half way'); ctx.progress(1, 2, 'half'); await ctx.echo('x'); await ctx.wait(); return 'end';",
      data: {},
      methods: [...METHODS, 'wait'],
      limits: SMALL,
      onUpdate: (read) => {
        seen.push(read());
        if (seen.some((state) => state.progress)) release();
      },
    },
    async (method, args) => (method === 'wait' ? gate : handler(method, args))
  );
  await gate;
  const live = seen.at(-1)!;
  expect(live.log.map((entry) => entry.message)).toEqual(['half way']);
  expect(live.progress).toMatchObject({ done: 1, total: 2, message: 'half' });
  await expect(done).resolves.toMatchObject({ status: 'succeeded', result: 'end' });
});
