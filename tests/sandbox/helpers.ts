import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  createSandbox,
  type HostCallHandler,
  type Sandbox,
  type SandboxLimits,
  type SandboxOptions,
  type SandboxRunResult,
} from '../../server/src/sandbox';

export const ROOT = join(__dirname, '..', '..');

/** Small limits keep the hostile cases fast. */
export const SMALL: SandboxLimits = {
  memoryMb: 32,
  cpuMs: 1_000,
  wallMs: 3_000,
  logLines: 50,
  logLineBytes: 256,
  logBytes: 4_096,
  resultBytes: 1_024,
  hostCalls: 100,
  hostCallsInFlight: 8,
  argBytes: 4_096,
};

let builtChild: string | undefined;

/**
 * Each jest worker bundles the child into a file of its own under .tmp: dist/ belongs to the
 * plugin build, which may be rewriting it while the tests run. .tmp sits inside the repository,
 * so the bundle still resolves isolated-vm from node_modules.
 */
export const buildChild = (): string => {
  if (builtChild) return builtChild;
  const worker = process.env.JEST_WORKER_ID ?? String(process.pid);
  const outfile = join(ROOT, '.tmp', 'sandbox-test', `child-${worker}.js`);
  const result = spawnSync(
    process.execPath,
    [join(ROOT, 'scripts', 'build-sandbox-child.mjs'), '--outfile', outfile],
    { encoding: 'utf8' }
  );
  if (result.status !== 0) throw new Error(`child build failed: ${result.stderr}`);
  builtChild = outfile;
  return outfile;
};

export const fixture = (name: string) => join(__dirname, 'fixtures', name);

export const startSandbox = (options: SandboxOptions = {}): Sandbox =>
  createSandbox({ childFile: buildChild(), idleMs: 30_000, ...options });

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the tests' ctx methods do on the host side. */
export const METHODS = [
  'echo',
  'add',
  'fail',
  'slow',
  'never',
  'big',
  'record',
  'entries.count',
  'state.get',
];

export const recorded: unknown[][] = [];
/** How many times a script reached `ctx.never()`: lets a test act while a run is surely parked. */
export const parked = { count: 0 };

export const handler: HostCallHandler = async (method, args) => {
  switch (method) {
    case 'echo':
      return args[0];
    case 'add':
      return (args[0] as number) + (args[1] as number);
    case 'fail': {
      const error = new TypeError('the host said no');
      throw error;
    }
    case 'slow':
      await sleep(50);
      return 'slow';
    case 'never':
      parked.count += 1;
      return new Promise(() => {});
    case 'big':
      return 'x'.repeat(10_000);
    case 'record':
      recorded.push(args);
      return null;
    case 'entries.count':
      return 42;
    case 'state.get':
      return { key: args[0], value: 'stored' };
    default:
      throw new Error(`unexpected method ${method}`);
  }
};

export const runScript = (
  sandbox: Sandbox,
  code: string,
  overrides: {
    limits?: Partial<SandboxLimits>;
    data?: Record<string, unknown>;
    methods?: string[];
  } = {}
): Promise<SandboxRunResult> =>
  sandbox.run(
    {
      code,
      data: overrides.data ?? { params: { limit: 10 }, dryRun: true },
      methods: overrides.methods ?? METHODS,
      limits: { ...SMALL, ...overrides.limits },
    },
    handler
  );

/** Largest delay of a 10 ms timer in this process while `work` runs. */
export const measureLag = async <T>(
  work: () => Promise<T>
): Promise<{ value: T; lagMs: number }> => {
  let lagMs = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    lagMs = Math.max(lagMs, now - last - 10);
    last = now;
  }, 10);
  try {
    const value = await work();
    return { value, lagMs };
  } finally {
    clearInterval(timer);
  }
};
