// Sandbox latency, end to end: a no-op script through the parent, IPC, the sandbox process and a
// fresh isolate, next to a plain `new Function` call measured in the same run. Prints a markdown
// table; the targets are for reading, not asserted.
// Usage (Node 22 or 24, e.g. through npx so node_modules/.bin/node is used):
//   node scripts/build-sandbox-child.mjs && node bench/sandbox.mjs
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildSandboxChild } from '../scripts/build-sandbox-child.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const COLD_RUNS = 15;
const WARM_RUNS = 300;
const BASELINE_RUNS = 10_000;

if (Number(process.versions.node.split('.')[0]) < 22) {
  console.error(
    `isolated-vm needs Node 22 or 24; this is ${process.version} (try: npx node bench/sandbox.mjs)`
  );
  process.exit(1);
}

if (!existsSync(join(ROOT, 'dist', 'sandbox-child.js'))) await buildSandboxChild();

// The host is TypeScript; bundle it next to the repository so it finds dist/sandbox-child.js.
const hostFile = join(ROOT, '.tmp', 'bench', 'sandbox-host.cjs');
mkdirSync(dirname(hostFile), { recursive: true });
await build({
  entryPoints: [join(ROOT, 'server', 'src', 'sandbox', 'index.ts')],
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  outfile: hostFile,
  logLevel: 'warning',
});
const { createSandbox } = createRequire(import.meta.url)(hostFile);

const NO_OP = { code: 'return 1;', data: {}, methods: [] };
const HOST_CALL = { code: 'return await ctx.echo(1);', data: {}, methods: ['echo'] };
const handler = async (_method, args) => args[0];

const percentile = (samples, p) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

const time = async (fn) => {
  const started = performance.now();
  const outcome = await fn();
  return { ms: performance.now() - started, outcome };
};

const expectOne = (result) => {
  if (result.status !== 'succeeded' || result.result !== 1) {
    throw new Error(`unexpected run result: ${JSON.stringify(result)}`);
  }
};

const baseline = [];
for (let i = 0; i < BASELINE_RUNS; i += 1) {
  const { ms } = await time(async () => new Function('ctx', 'console', 'return 1;')({}, console));
  baseline.push(ms);
}

const cold = [];
for (let i = 0; i < COLD_RUNS; i += 1) {
  const sandbox = createSandbox();
  const { ms, outcome } = await time(() => sandbox.run(NO_OP, handler));
  expectOne(outcome);
  cold.push(ms);
  await sandbox.stop();
}

const sandbox = createSandbox();
const warm = [];
const warmHostCall = [];
for (let i = 0; i < 30; i += 1) await sandbox.run(NO_OP, handler);
for (let i = 0; i < WARM_RUNS; i += 1) {
  const noOp = await time(() => sandbox.run(NO_OP, handler));
  expectOne(noOp.outcome);
  warm.push(noOp.ms);
  const withCall = await time(() => sandbox.run(HOST_CALL, handler));
  expectOne(withCall.outcome);
  warmHostCall.push(withCall.ms);
}
await sandbox.stop();

const row = (name, samples, target) =>
  `| ${name} | ${samples.length} | ${percentile(samples, 50).toFixed(3)} | ${percentile(samples, 95).toFixed(3)} | ${target} |`;

console.log(`Sandbox latency, Node ${process.version}, ${new Date().toISOString()}\n`);
console.log('| scenario | runs | p50 ms | p95 ms | target |');
console.log('| --- | --- | --- | --- | --- |');
console.log(row('`new Function` no-op, same process (baseline)', baseline, '–'));
console.log(row('sandbox no-op, warm process', warm, 'p50 ≤ 5 ms'));
console.log(row('sandbox one host call, warm process', warmHostCall, '–'));
console.log(row('sandbox no-op, cold (process start)', cold, '≤ 300 ms'));

// For the summary scripts/bench.mjs writes to docs/benchmarks.md.
const p50 = (samples) => percentile(samples, 50);
const summary = [
  {
    measure: '4. sandbox no-op run, warm process (p50), vs `new Function` in the same process',
    figure: `**${p50(warm).toFixed(2)} ms** vs ${(p50(baseline) * 1000).toFixed(1)} µs (p95 ${percentile(warm, 95).toFixed(2)} ms)`,
    target: 'p50 ≤ 5 ms',
    met: p50(warm) <= 5,
  },
  {
    measure: '4. sandbox no-op run, cold (new sandbox process, p50)',
    figure: `**${p50(cold).toFixed(0)} ms** (p95 ${percentile(cold, 95).toFixed(0)} ms)`,
    target: '≤ 300 ms',
    met: p50(cold) <= 300,
  },
];
writeFileSync(join(ROOT, '.tmp', 'bench', 'sandbox.json'), JSON.stringify(summary, null, 2));
