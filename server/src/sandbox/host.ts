import { locateChildFile } from './locate-child';
import type { ChildMessage } from './protocol';
import { codeTooLong, prepareRun } from './request';
import { RunRecord } from './run-record';
import { SandboxProcess } from './sandbox-process';
import type {
  CompileResult,
  HostCallHandler,
  SandboxLogger,
  SandboxOptions,
  SandboxRunRequest,
  SandboxRunResult,
  SandboxStatus,
} from './types';

type Settings = Required<Omit<SandboxOptions, 'childFile' | 'logger'>>;

const DEFAULTS: Settings = {
  idleMs: 60_000,
  heartbeatMs: 1_000,
  heartbeatTimeoutMs: 5_000,
  wallGraceMs: 3_000,
  startTimeoutMs: 15_000,
  niceness: 10,
};

const silentLogger: SandboxLogger = { debug() {}, warn() {}, error() {} };

const resolveSettings = (options: SandboxOptions): Settings => {
  const settings = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS) as (keyof Settings)[]) {
    const value = options[key];
    if (value === undefined) continue;
    const min = key === 'niceness' ? 0 : 1;
    const max = key === 'niceness' ? 19 : 2 ** 31 - 1;
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new RangeError(`Sandbox option ${key} must be an integer from ${min} to ${max}`);
    }
    settings[key] = value;
  }
  return settings;
};

interface ParentRun {
  record: RunRecord;
  proc: SandboxProcess;
  deadline: NodeJS.Timeout;
  /** Set when this run is the reason its process gets killed. */
  killReason?: string;
  resolve(result: SandboxRunResult): void;
}

interface PendingCompile {
  proc: SandboxProcess;
  timer: NodeJS.Timeout;
  resolve(result: CompileResult): void;
  reject(error: Error): void;
}

/**
 * Runs maintenance scripts in isolated-vm inside a separate, killable process, and decides when
 * that process starts, idles out, is replaced or is killed. Runs may overlap: each gets an
 * isolate of its own in the same sandbox process. See docs/sandbox.md.
 */
export const createSandbox = (options: SandboxOptions = {}) => {
  const settings = resolveSettings(options);
  const logger = options.logger ?? silentLogger;

  let childFile = options.childFile;
  let current: SandboxProcess | undefined;
  const procs = new Set<SandboxProcess>();
  const runs = new Map<number, ParentRun>();
  const compiles = new Map<number, PendingCompile>();
  let nextId = 0;
  let started = 0;
  let kills = 0;
  let idleTimer: NodeJS.Timeout | undefined;

  const workOf = (proc: SandboxProcess) => {
    let count = 0;
    for (const run of runs.values()) if (run.proc === proc) count += 1;
    for (const compile of compiles.values()) if (compile.proc === proc) count += 1;
    return count;
  };

  const clearIdle = () => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = undefined;
  };

  /** Called whenever a run or check ends: kill a retired process, or start the idle clock. */
  const settled = (proc: SandboxProcess) => {
    if (workOf(proc) > 0) return;
    proc.setBusy(false);
    if (proc.retireReason !== undefined) {
      proc.kill(proc.retireReason);
      return;
    }
    if (proc !== current) return;
    clearIdle();
    idleTimer = setTimeout(() => {
      idleTimer = undefined;
      if (current === proc && workOf(proc) === 0) {
        current = undefined;
        proc.stop('The sandbox process was stopped after being idle');
      }
    }, settings.idleMs);
    idleTimer.unref();
  };

  /** No new work goes to `proc`; it is killed once the runs it still has are over. */
  const retire = (proc: SandboxProcess, reason: string) => {
    logger.warn(`[sandbox] replacing process ${proc.pid}: ${reason}`);
    proc.retireReason ??= reason;
    if (current === proc) current = undefined;
    settled(proc);
  };

  const acquire = (): SandboxProcess => {
    clearIdle();
    if (current?.alive && current.retireReason === undefined) return current;
    childFile ??= locateChildFile();
    const proc = new SandboxProcess(childFile, settings, { onMessage, onExit }, logger);
    if (started > 0) logger.debug(`[sandbox] starting a new process (${started} before)`);
    started += 1;
    procs.add(proc);
    current = proc;
    return proc;
  };

  const finishRun = (run: ParentRun, result: SandboxRunResult) => {
    if (runs.get(run.record.id) !== run) return;
    runs.delete(run.record.id);
    clearTimeout(run.deadline);
    if (result.status === 'memory-exceeded') {
      retire(run.proc, 'an isolate ran out of memory, which can leave the process wedged');
    }
    run.resolve(result);
    settled(run.proc);
  };

  function onMessage(proc: SandboxProcess, message: ChildMessage) {
    if (message.t === 'compiled') {
      const compile = compiles.get(message.compileId);
      if (!compile || compile.proc !== proc) return;
      compiles.delete(message.compileId);
      clearTimeout(compile.timer);
      compile.resolve(message.result);
      settled(proc);
      return;
    }
    if (message.t !== 'log' && message.t !== 'host-call' && message.t !== 'end') return;
    const run = runs.get(message.runId);
    if (!run || run.proc !== proc) return;
    if (message.t === 'log') run.record.appendLog(message);
    else if (message.t === 'host-call') run.record.hostCall(message);
    else finishRun(run, run.record.fromEnd(message));
  }

  function onExit(proc: SandboxProcess, reason: string, abnormal: boolean) {
    procs.delete(proc);
    if (current === proc) current = undefined;
    if (abnormal) {
      kills += 1;
      logger.warn(`[sandbox] process ${proc.pid} ended: ${reason}`);
    }
    for (const run of [...runs.values()]) {
      if (run.proc === proc) finishRun(run, run.record.killed(run.killReason ?? reason));
    }
    for (const [id, compile] of [...compiles]) {
      if (compile.proc !== proc) continue;
      compiles.delete(id);
      clearTimeout(compile.timer);
      compile.reject(new Error(reason));
    }
  }

  const run = async (
    request: SandboxRunRequest,
    onHostCall: HostCallHandler
  ): Promise<SandboxRunResult> => {
    const prepared = prepareRun(request);
    const tooLong = codeTooLong(prepared.code);
    if (tooLong) {
      return {
        status: 'failed',
        error: { name: 'RangeError', message: tooLong },
        log: [],
        logTruncated: false,
        hostCalls: 0,
        cpuMs: 0,
        wallMs: 0,
      };
    }
    const proc = acquire();
    proc.setBusy(true);
    nextId += 1;
    const id = nextId;
    const { wallMs } = prepared.limits;
    return new Promise<SandboxRunResult>((resolve) => {
      const run: ParentRun = {
        record: new RunRecord(id, prepared, onHostCall, (reply) => proc.send(reply)),
        proc,
        resolve,
        // The sandbox process ends the run at wallMs itself; past the grace it is not answering.
        deadline: setTimeout(() => {
          run.killReason =
            `The run did not end within its wall-time limit of ${wallMs} ms ` +
            `(plus ${settings.wallGraceMs} ms grace); the sandbox process was killed`;
          proc.kill('The sandbox process was killed because a run in it stopped responding');
        }, wallMs + settings.wallGraceMs),
      };
      runs.set(id, run);
      proc.send({ t: 'run', runId: id, ...prepared });
    });
  };

  const compile = async (code: string): Promise<CompileResult> => {
    if (typeof code !== 'string') throw new TypeError('Sandbox code must be a string');
    const tooLong = codeTooLong(code);
    if (tooLong) return { ok: false, message: tooLong };
    const proc = acquire();
    proc.setBusy(true);
    nextId += 1;
    const id = nextId;
    return new Promise<CompileResult>((resolve, reject) => {
      compiles.set(id, {
        proc,
        resolve,
        reject,
        timer: setTimeout(() => {
          proc.kill(
            `The sandbox process did not answer a syntax check within ${settings.startTimeoutMs} ms`
          );
        }, settings.startTimeoutMs),
      });
      proc.send({ t: 'compile', compileId: id, code });
    });
  };

  const status = (): SandboxStatus => ({
    running: current !== undefined && current.alive,
    ...(current ? { pid: current.pid, startedAt: current.startedAt } : {}),
    runsInFlight: runs.size,
    restarts: Math.max(0, started - 1),
    kills,
  });

  /** Ends every run as `killed` and kills every sandbox process; a later run starts a new one. */
  const stop = async (): Promise<void> => {
    clearIdle();
    current = undefined;
    const exits = [...procs].map((proc) => {
      // Referenced again so that awaiting stop() keeps Node alive until the process is gone.
      proc.setBusy(true);
      proc.kill('The sandbox was stopped', false);
      return proc.exit;
    });
    await Promise.all(exits);
  };

  return { run, compile, status, stop };
};

export type Sandbox = ReturnType<typeof createSandbox>;
