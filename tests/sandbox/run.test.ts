/**
 * A run in the sandbox, one sandbox started for the file: results, ctx data, console, host calls,
 * errors, compile, concurrency, wrong requests, cancel. Long because each is a handful of cases,
 * and each further file would start another sandbox process in both unit passes.
 */
import type { Sandbox } from '../../server/src/sandbox';
import { SMALL, recorded, runScript, sleep, startSandbox } from './helpers';

jest.setTimeout(30_000);

let sandbox: Sandbox;

beforeAll(() => {
  sandbox = startSandbox();
});

afterAll(async () => {
  await sandbox.stop();
});

describe('results', () => {
  test('Given a script that returns a value, When it runs, Then it succeeds with that value', async () => {
    const run = await runScript(sandbox, 'return { answer: 6 * 7, list: [1, "two", null] };');
    expect(run.status).toBe('succeeded');
    expect(run.result).toEqual({ answer: 42, list: [1, 'two', null] });
  });

  test('Given a script that returns nothing, When it runs, Then it succeeds without a result', async () => {
    const run = await runScript(sandbox, 'const x = 1;');
    expect(run).toMatchObject({ status: 'succeeded', log: [], logTruncated: false });
    expect(run).not.toHaveProperty('result');
  });

  test('Given a script, When it runs, Then the result reports its CPU and wall time', async () => {
    const run = await runScript(
      sandbox,
      'let n = 0; for (let i = 0; i < 1e6; i++) n += i; return n;'
    );
    expect(run.cpuMs).toBeGreaterThanOrEqual(0);
    expect(run.wallMs).toBeGreaterThanOrEqual(run.cpuMs - 5);
  });

  test('Given a return value over resultBytes, When it runs, Then it fails with the limit named', async () => {
    const run = await runScript(sandbox, `return 'é'.repeat(${SMALL.resultBytes});`);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({
      name: 'RangeError',
      message: expect.stringContaining('resultBytes'),
    });
  });

  test('Given a return value that is not JSON, When it runs, Then it fails with a TypeError', async () => {
    const run = await runScript(sandbox, 'return 10n;');
    expect(run.status).toBe('failed');
    expect(run.error?.name).toBe('TypeError');
  });
});

describe('ctx data', () => {
  test('Given data fields, When the script reads ctx, Then it sees them', async () => {
    const run = await runScript(sandbox, 'return [ctx.params.limit, ctx.dryRun, ctx.task.name];', {
      data: { params: { limit: 10 }, dryRun: true, task: { name: 'cleanup' } },
    });
    expect(run.result).toEqual([10, true, 'cleanup']);
  });

  test('Given data fields, When the script changes them, Then they are frozen', async () => {
    const run = await runScript(
      sandbox,
      `'use strict';
       try { ctx.params.nested.x = 2; return 'changed'; } catch (error) { return error.name; }`,
      { data: { params: { nested: { x: 1 } } } }
    );
    expect(run.result).toBe('TypeError');
  });

  test('Given method paths, When the script lists ctx, Then namespaces and methods are there', async () => {
    const run = await runScript(
      sandbox,
      'return [Object.keys(ctx), Object.keys(ctx.entries), typeof ctx.state.get];',
      { data: { dryRun: false }, methods: ['entries.count', 'state.get', 'log'] }
    );
    expect(run.result).toEqual([
      ['dryRun', 'entries', 'state', 'log', 'progress'],
      ['count'],
      'function',
    ]);
  });
});

describe('console', () => {
  test('Given ctx.log, When the script calls it, Then it writes to the run log like console.log', async () => {
    const run = await runScript(sandbox, `ctx.log('via ctx', 1); return typeof ctx.log;`);
    expect(run.result).toBe('function');
    expect(run.log.map(({ level, message }) => [level, message])).toEqual([['log', 'via ctx 1']]);
  });

  test('Given console calls at every level, When it runs, Then the log keeps levels and order', async () => {
    const before = Date.now();
    const run = await runScript(
      sandbox,
      `console.log('a'); console.info('b'); console.warn('c'); console.error('d'); console.debug('e');`
    );
    expect(run.log.map(({ level, message }) => [level, message])).toEqual([
      ['log', 'a'],
      ['info', 'b'],
      ['warn', 'c'],
      ['error', 'd'],
      ['debug', 'e'],
    ]);
    for (const entry of run.log) {
      expect(entry.at).toBeGreaterThanOrEqual(before);
      expect(entry.at).toBeLessThanOrEqual(Date.now());
    }
  });

  test('Given console arguments of several types, When logged, Then they are rendered on one line', async () => {
    const run = await runScript(
      sandbox,
      `console.log('count', 3, { a: [1] }, null, undefined, true);
       console.log(new RangeError('bad'));`
    );
    expect(run.log[0].message).toBe('count 3 {"a":[1]} null undefined true');
    expect(run.log[1].message).toMatch(/^RangeError: bad\n\s+at /);
  });

  test('Given a line over logLineBytes, When logged, Then it is cut on a character and marked', async () => {
    const run = await runScript(sandbox, `console.log('😀'.repeat(${SMALL.logLineBytes}));`);
    const [entry] = run.log;
    expect(entry.message.endsWith('…[truncated]')).toBe(true);
    const kept = entry.message.slice(0, -'…[truncated]'.length);
    expect(Buffer.byteLength(kept)).toBeLessThanOrEqual(SMALL.logLineBytes);
    expect(kept).toBe('😀'.repeat(SMALL.logLineBytes / 4));
    expect(run.logTruncated).toBe(true);
  });

  test('Given more lines than logLines, When logged, Then the rest are counted in a final entry', async () => {
    const run = await runScript(
      sandbox,
      'for (let i = 0; i < 1000; i++) console.log(i); return 1;'
    );
    expect(run.status).toBe('succeeded');
    expect(run.log).toHaveLength(SMALL.logLines + 1);
    expect(run.log[SMALL.logLines - 1].message).toBe(String(SMALL.logLines - 1));
    expect(run.log[SMALL.logLines]).toMatchObject({
      level: 'warn',
      message: `[log truncated: ${1000 - SMALL.logLines} more lines dropped]`,
    });
    expect(run.logTruncated).toBe(true);
  });

  test('Given more bytes than logBytes, When logged, Then the kept entries fit in logBytes', async () => {
    const run = await runScript(
      sandbox,
      `for (let i = 0; i < 40; i++) console.log('y'.repeat(200));`
    );
    const kept = run.log.filter((entry) => !entry.message.startsWith('[log truncated'));
    const bytes = kept.reduce((sum, entry) => sum + Buffer.byteLength(entry.message), 0);
    expect(bytes).toBeLessThanOrEqual(SMALL.logBytes);
    expect(kept).toHaveLength(Math.floor(SMALL.logBytes / 200));
    expect(run.log.at(-1)?.message).toBe(`[log truncated: ${40 - kept.length} more lines dropped]`);
  });
});

describe('host calls', () => {
  test('Given a ctx method, When the script calls it, Then arguments and result make the round trip', async () => {
    const run = await runScript(sandbox, 'return await ctx.add(2, 3);');
    expect(run).toMatchObject({ status: 'succeeded', result: 5, hostCalls: 1 });
  });

  test('Given nested method paths, When called, Then the host sees the dotted name', async () => {
    const run = await runScript(
      sandbox,
      `return [await ctx.entries.count(), await ctx.state.get('k')];`
    );
    expect(run.result).toEqual([42, { key: 'k', value: 'stored' }]);
  });

  test('Given arguments, When a method is called, Then the host receives them parsed from JSON', async () => {
    recorded.length = 0;
    await runScript(sandbox, `await ctx.record({ when: new Date(0), list: [1, undefined] }, 'x');`);
    expect(recorded).toEqual([[{ when: '1970-01-01T00:00:00.000Z', list: [1, null] }, 'x']]);
  });

  test('Given a host method that throws, When called, Then the script can catch the same name and message', async () => {
    const run = await runScript(
      sandbox,
      `try { await ctx.fail(); } catch (error) { return [error instanceof Error, error.name, error.message]; }`
    );
    expect(run.result).toEqual([true, 'TypeError', 'the host said no']);
  });

  test('Given a host result over argBytes, When called, Then the script gets a RangeError', async () => {
    const run = await runScript(
      sandbox,
      `try { await ctx.big(); } catch (error) { return error.name + ': ' + error.message; }`
    );
    expect(run.result).toMatch(/^RangeError: .*argBytes/);
  });

  test('Given the hostCalls budget, When the script exceeds it, Then it can catch the budget error', async () => {
    const run = await runScript(
      sandbox,
      `let ok = 0;
       try { for (;;) { await ctx.echo(1); ok++; } } catch (error) { return [ok, error.message]; }`,
      { limits: { hostCalls: 5 } }
    );
    expect(run.result).toEqual([5, expect.stringContaining('host call budget exhausted')]);
    expect(run.hostCalls).toBe(5);
  });

  test('Given the in-flight cap, When the script starts more calls at once, Then the extra ones throw catchably', async () => {
    const run = await runScript(
      sandbox,
      `const started = [];
       const refused = [];
       for (let i = 0; i < 4; i++) {
         try { started.push(ctx.slow()); } catch (error) { refused.push(error.message); }
       }
       return [await Promise.all(started), refused];`,
      { limits: { hostCallsInFlight: 2 } }
    );
    expect(run.result).toEqual([
      ['slow', 'slow'],
      [
        expect.stringContaining('too many host calls in flight'),
        expect.stringContaining('too many host calls in flight'),
      ],
    ]);
  });

  test('Given arguments that are not JSON, When a method is called, Then it throws a TypeError at the call', async () => {
    const run = await runScript(
      sandbox,
      `try { ctx.echo(1n); } catch (error) { return error.name; }`
    );
    expect(run.result).toBe('TypeError');
  });

  test('Given a host call still pending, When the script returns, Then the run ends without waiting', async () => {
    const run = await runScript(sandbox, `ctx.never(); return 'left';`);
    expect(run).toMatchObject({ status: 'succeeded', result: 'left' });
  });
});

describe('errors', () => {
  test('Given a throw on line 3, When it runs, Then the error points at line 3 of the script as typed', async () => {
    const run = await runScript(sandbox, `const a = 1;\nconst b = 2;\nthrow new Error('boom');`);
    expect(run.status).toBe('failed');
    expect(run.error).toEqual({
      name: 'Error',
      message: 'boom',
      stack: 'Error: boom\n    at script.js:3:7',
      line: 3,
      column: 7,
    });
  });

  test('Given a throw inside a nested function, When it runs, Then the stack names only script frames', async () => {
    const run = await runScript(
      sandbox,
      `function inner() {\n  null.x;\n}\nawait ctx.echo(1);\ninner();`
    );
    expect(run.error).toMatchObject({ name: 'TypeError', line: 2, column: 8 });
    const frames = run.error?.stack?.split('\n').slice(1) ?? [];
    expect(frames.length).toBeGreaterThan(0);
    for (const frame of frames) expect(frame).toMatch(/script\.js:\d+:\d+/);
  });

  test('Given a syntax error on line 2, When it runs, Then it fails with line and column', async () => {
    const run = await runScript(sandbox, `const a = 1;\nconst b = ;`);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ name: 'SyntaxError', line: 2, column: 11 });
  });

  test('Given a promise rejected with no handler, When the task ends, Then the run fails as Node would', async () => {
    const run = await runScript(
      sandbox,
      `await null;\nPromise.reject(new RangeError('late'));\nawait ctx.slow();`
    );
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({
      name: 'RangeError',
      message: 'Unhandled promise rejection: late',
      line: 2,
      column: 16,
    });
  });

  test('Given a thrown non-error, When it runs, Then the message renders the value', async () => {
    const run = await runScript(sandbox, `throw { code: 'E_GONE' };`);
    expect(run.error).toMatchObject({ name: 'Error', message: '{"code":"E_GONE"}' });
  });
});

describe('compile', () => {
  test('Given valid code, When compiled, Then it is ok', async () => {
    await expect(
      sandbox.compile('const n = await ctx.entries.count();\nreturn n;')
    ).resolves.toEqual({ ok: true });
  });

  test('Given a syntax error on line 2, When compiled, Then it reports message, line and column', async () => {
    await expect(sandbox.compile('const a = 1;\nconst b = ;')).resolves.toEqual({
      ok: false,
      message: "Unexpected token ';'",
      line: 2,
      column: 11,
    });
  });

  test('Given an unclosed block, When compiled, Then the error sits at the end of the last line', async () => {
    await expect(sandbox.compile('if (x) {\n  y();')).resolves.toMatchObject({
      ok: false,
      line: 2,
      column: 7,
    });
  });

  test('Given an unclosed parenthesis, When compiled, Then the message says something is not closed instead of naming the wrapper', async () => {
    const compiled = await sandbox.compile('return (1 +');
    expect(compiled).toMatchObject({
      ok: false,
      line: 1,
      message: expect.stringContaining('The script ends before something it opened is closed'),
    });
  });

  test('Given an endless loop, When compiled, Then nothing runs and the answer comes at once', async () => {
    const started = Date.now();
    await expect(sandbox.compile('for (;;) {}')).resolves.toEqual({ ok: true });
    expect(Date.now() - started).toBeLessThan(SMALL.cpuMs);
  });

  test('Given a body that closes its wrapper, When compiled, Then it is refused', async () => {
    const result = await sandbox.compile('}); for (;;) {}; (async function () {');
    expect(result).toMatchObject({
      ok: false,
      message: expect.stringContaining('closes its own function body'),
    });
  });
});

describe('concurrency', () => {
  test('Given several runs at once, When they overlap, Then each gets its own isolate and result', async () => {
    const runs = await Promise.all(
      [1, 2, 3, 4].map((n) =>
        runScript(
          sandbox,
          `globalThis.mine = ${n}; await ctx.slow(); return [globalThis.mine, ctx.params.n];`,
          {
            data: { params: { n } },
          }
        )
      )
    );
    expect(runs.map((run) => run.result)).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
    ]);
  });

  test('Given runs in flight, When status is read, Then it counts them', async () => {
    const pending = runScript(sandbox, `await ctx.slow(); await ctx.slow(); return 1;`);
    await sleep(20);
    expect(sandbox.status().runsInFlight).toBe(1);
    await pending;
    expect(sandbox.status().runsInFlight).toBe(0);
  });
});

describe('requests the plugin gets wrong', () => {
  test('Given an unknown limit, When run, Then it rejects', async () => {
    await expect(
      sandbox.run(
        { code: '', data: {}, methods: [], limits: { cpuSeconds: 1 } as never },
        async () => null
      )
    ).rejects.toThrow(RangeError);
  });

  test('Given a limit out of bounds, When run, Then it rejects', async () => {
    await expect(
      sandbox.run({ code: '', data: {}, methods: [], limits: { memoryMb: 2 } }, async () => null)
    ).rejects.toThrow(/memoryMb/);
  });

  test('Given a method path that collides with a data key, When run, Then it rejects', async () => {
    await expect(
      sandbox.run({ code: '', data: { state: {} }, methods: ['state.get'] }, async () => null)
    ).rejects.toThrow(/collides/);
  });

  test('Given a method path with __proto__, When run, Then it rejects', async () => {
    await expect(
      sandbox.run({ code: '', data: {}, methods: ['__proto__.x'] }, async () => null)
    ).rejects.toThrow(TypeError);
  });
});

describe('cancel', () => {
  // Stopping a run from the parent (a task whose next slot replaces it, issue 14): the run's
  // signal aborted disposes its isolate and ends it `killed` with the reason; runs beside it go on.
  const busy = (ms: number, result: string) =>
    `const end = Date.now() + ${ms}; while (Date.now() < end) {} return '${result}';`;

  const run = (code: string, signal?: AbortSignal) =>
    sandbox.run(
      { code, data: {}, methods: [], limits: { ...SMALL, cpuMs: 10_000, wallMs: 10_000 }, signal },
      async () => undefined
    );

  test('Given a busy run, When its signal is aborted, Then it ends killed at once with the reason', async () => {
    const stop = new AbortController();
    const started = Date.now();
    const going = run(busy(8000, 'never'), stop.signal);
    await sleep(300);
    stop.abort('replaced by a newer slot');
    const result = await going;
    expect(result).toMatchObject({
      status: 'killed',
      error: { name: 'Cancelled', message: 'replaced by a newer slot' },
    });
    expect(Date.now() - started).toBeLessThan(4000);
  });

  test('Given two runs, When one is stopped, Then the other ends as it would have', async () => {
    const stop = new AbortController();
    const stopped = run(busy(8000, 'never'), stop.signal);
    const other = run(busy(1000, 'done'));
    await sleep(200);
    stop.abort('stop');
    expect((await stopped).status).toBe('killed');
    expect(await other).toMatchObject({ status: 'succeeded', result: 'done' });
  });

  test('Given a signal already aborted, When the run is asked for, Then it does not start', async () => {
    const stop = new AbortController();
    stop.abort('too late');
    expect(await run('return 1;', stop.signal)).toMatchObject({
      status: 'failed',
      error: { message: 'too late' },
    });
  });
});
