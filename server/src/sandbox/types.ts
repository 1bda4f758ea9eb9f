import type { Progress } from './progress';
import type { LiveState } from './run-record';

/** Per-run limits. Every field is an integer; see docs/sandbox.md for defaults and bounds. */
export interface SandboxLimits {
  /** Heap of the run's isolate, in MiB. */
  memoryMb: number;
  /** CPU time the script may spend, in ms (time awaiting host calls does not count). */
  cpuMs: number;
  /** Wall-clock time from start to end of the run, in ms. */
  wallMs: number;
  /** Log entries kept; later ones are dropped and counted. */
  logLines: number;
  /** UTF-8 bytes kept of one log entry; the rest is cut and marked. */
  logLineBytes: number;
  /** UTF-8 bytes kept across all log entries of the run. */
  logBytes: number;
  /** UTF-8 bytes of the return value as JSON. */
  resultBytes: number;
  /** Host calls (ctx methods) the run may make in total. */
  hostCalls: number;
  /** Host calls that may be pending at once. */
  hostCallsInFlight: number;
  /** UTF-8 bytes of one host call's arguments as JSON, and of its result as JSON. */
  argBytes: number;
}

export type RunStatus = 'succeeded' | 'failed' | 'timed-out' | 'memory-exceeded' | 'killed';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'log';

export interface LogEntry {
  /** Epoch milliseconds, stamped outside the guest. */
  at: number;
  level: LogLevel;
  message: string;
}

export interface SandboxError {
  name: string;
  message: string;
  /** Frames that point into the script only, as `script.js:line:column`. */
  stack?: string;
  /** 1-based line in the script as typed. */
  line?: number;
  /** 1-based column in the script as typed. */
  column?: number;
}

export interface SandboxRunResult {
  status: RunStatus;
  /** The script's return value, parsed from JSON (absent when it returned nothing or failed). */
  result?: unknown;
  error?: SandboxError;
  log: LogEntry[];
  /** Whether any log entry was cut or dropped. */
  logTruncated: boolean;
  /** Host calls the script made. */
  hostCalls: number;
  cpuMs: number;
  wallMs: number;
  /** The script's last ctx.progress report, if it made one. */
  progress?: Progress;
  /** When the script stopped (epoch ms): by the sandbox process' clock when it reported. */
  endedAt: number;
}

export interface SandboxRunRequest {
  /** The body of `async function (ctx, console) { … }`. */
  code: string;
  /** JSON data fields placed on `ctx` (deep-frozen), e.g. `params`, `task`, `dryRun`. */
  data: Record<string, unknown>;
  /** Dotted method paths placed on `ctx` as async functions, e.g. `entries.count`. */
  methods: readonly string[];
  /** Missing fields take the defaults. */
  limits?: Partial<SandboxLimits>;
  /**
   * How the logs of other runs name this one if it forces the sandbox process to be replaced
   * (those runs are started again), e.g. `run 42`. Default: `sandbox run <n>`.
   */
  label?: string;
  /**
   * Stops the run when aborted: its isolate is disposed and it ends `killed`, with the abort's
   * reason as its error message (a task whose next slot replaces it).
   */
  signal?: AbortSignal;
  /**
   * Called whenever the run's log or progress changes; `read` gives them as they stand (a copy),
   * so that a caller writing them somewhere reads them only when it writes.
   */
  onUpdate?: (read: () => LiveState) => void;
  /**
   * A run under a lease: the sandbox process ends it (killed, error `LeaseLost`) once Strapi's
   * process has sent it nothing for this many ms, as when Strapi is frozen and its lease may be
   * taken over meanwhile (services/lease-rules.ts fenceAfterMs).
   */
  fenceMs?: number;
}

/**
 * Answers a ctx method call made by a script. `args` is parsed from JSON with `__proto__` keys
 * dropped. The resolved value is sent back as JSON (`undefined` becomes `undefined` in the
 * guest); a rejection becomes an Error with the same name and message inside the script.
 */
export type HostCallHandler = (method: string, args: unknown[]) => Promise<unknown>;

export type CompileResult =
  { ok: true } | { ok: false; message: string; line?: number; column?: number };

export interface SandboxStatus {
  /** Whether a sandbox process is up (it starts lazily and stops when idle). */
  running: boolean;
  pid?: number;
  /** Runs not yet ended, over every sandbox process. */
  runsInFlight: number;
  /** Epoch ms when the current process started. */
  startedAt?: number;
  /** Processes started after the first one. */
  restarts: number;
  /** Processes that died or had to be killed (crash, wedge, memory exhaustion). */
  kills: number;
}

export interface SandboxLogger {
  debug(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface SandboxOptions {
  /** Stop the sandbox process after this long without work, in ms. Default 60 000. */
  idleMs?: number;
  /** The bundled child entry. Default: `dist/sandbox-child.js` of this package. */
  childFile?: string;
  logger?: SandboxLogger;
  /** How often the parent checks that the process answers, in ms. Default 1 000. */
  heartbeatMs?: number;
  /** Kill the process when it has not answered for this long, in ms. Default 5 000. */
  heartbeatTimeoutMs?: number;
  /** Kill the process when a run outlives its wall-time limit by this much, in ms. Default 3 000. */
  wallGraceMs?: number;
  /** Kill the process when it is not ready or a syntax check has no answer after this long. Default 15 000. */
  startTimeoutMs?: number;
  /** Scheduling niceness of the sandbox process (0–19; 0 leaves it as Strapi's). Default 10. */
  niceness?: number;
}
