/*
 * Over ~300 lines on purpose: this is one state machine (the current process, its runs and
 * checks in flight, the idle timer, retire/restart/kill) whose functions all read and write the
 * same few variables, and whose correctness is in how they interleave. Its pure parts already
 * live beside it (bystanders.ts judges, request.ts prepares, run-record.ts keeps a run's record,
 * sandbox-process.ts wraps the process); splitting the rest would scatter that shared state over
 * several files.
 */
import { RecentLabels, judge, lostIsolateReason, type Blame } from './bystanders';
import { locateChildFile } from './locate-child';
import type { ChildMessage } from './protocol';
import { codeTooLong, prepareRun, refusedRun, runLabel, type PreparedRun } from './request';
import { RunRecord, type CarriedLog } from './run-record';
import { SandboxProcess } from './sandbox-process';
import { resolveSettings } from './settings';
import type {
  CompileResult,
  HostCallHandler,
  SandboxLogger,
  SandboxOptions,
  SandboxRunRequest,
  SandboxRunResult,
  SandboxStatus,
} from './types';

const silentLogger: SandboxLogger = { debug() {}, warn() {}, error() {} };

/** One attempt at a run, in one sandbox process. */
interface Attempt {
  id: number;
  record: RunRecord;
  proc: SandboxProcess;
  /** Armed once the process is ready; the run's wall time does not count its process's start. */
  deadline?: NodeJS.Timeout;
  /** Set once the attempt is forgotten, so that a start that ends later arms no deadline. */
  over?: boolean;
  /** Set when this run is the reason its process gets killed. */
  killReason?: string;
}

interface RunSpec {
  readonly label: string;
  readonly prepared: PreparedRun;
  readonly onHostCall: HostCallHandler;
  readonly onUpdate?: SandboxRunRequest['onUpdate'];
  resolve(result: SandboxRunResult): void;
}

interface ParentRun extends RunSpec {
  /** Times the run was started again because its process was replaced for another's sake. */
  restarts: number;
  attempt: Attempt;
}

interface PendingCompile {
  proc: SandboxProcess;
  timer?: NodeJS.Timeout;
  resolve(result: CompileResult): void;
  reject(error: Error): void;
}

/**
 * Runs maintenance scripts in isolated-vm inside a separate, killable process, and decides when
 * that process starts, idles out, is replaced or is killed. Runs may overlap: each gets an
 * isolate of its own in the same sandbox process, and a run in flight when its process has to be
 * replaced because of another is started again in the new one (bystanders.ts). See
 * docs/sandbox.md.
 */
export const createSandbox = (options: SandboxOptions = {}) => {
  const settings = resolveSettings(options);
  const logger = options.logger ?? silentLogger;

  let childFile = options.childFile;
  let current: SandboxProcess | undefined;
  const procs = new Set<SandboxProcess>();
  const runs = new Map<number, ParentRun>();
  const compiles = new Map<number, PendingCompile>();
  const recentLabels = new RecentLabels();
  let nextId = 0;
  let started = 0;
  let kills = 0;
  let stopping = false;
  let idleTimer: NodeJS.Timeout | undefined;

  const workOf = (proc: SandboxProcess) => {
    let count = 0;
    for (const run of runs.values()) if (run.attempt.proc === proc) count += 1;
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
  const retire = (proc: SandboxProcess, reason: string, blame: Blame) => {
    logger.warn(`[sandbox] replacing process ${proc.pid}: ${reason}`);
    proc.condemn(blame);
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

  /** An attempt at `run` in the current process (a new one if there is none); see `launch`. */
  const newAttempt = (run: RunSpec, carried?: CarriedLog): Attempt => {
    const proc = acquire();
    proc.setBusy(true);
    nextId += 1;
    const id = nextId;
    const { wallMs } = run.prepared.limits;
    const attempt: Attempt = {
      id,
      proc,
      record: new RunRecord(id, run.prepared, run.onHostCall, (reply) => proc.send(reply), carried),
    };
    // The sandbox process ends the run at wallMs itself; past the grace it is not answering.
    proc.whenReady(() => {
      if (attempt.over) return;
      attempt.deadline = setTimeout(() => {
        attempt.killReason =
          `The run did not end within its wall-time limit of ${wallMs} ms ` +
          `(plus ${settings.wallGraceMs} ms grace); the sandbox process was killed`;
        proc.condemn({ kind: 'run', id, label: run.label });
        proc.kill('The sandbox process was killed because a run in it stopped responding');
      }, wallMs + settings.wallGraceMs);
    });
    return attempt;
  };

  const launch = (run: ParentRun) => {
    runs.set(run.attempt.id, run);
    run.attempt.proc.send({ t: 'run', runId: run.attempt.id, ...run.prepared });
  };

  const forget = (run: ParentRun): boolean => {
    if (runs.get(run.attempt.id) !== run) return false;
    runs.delete(run.attempt.id);
    run.attempt.over = true;
    clearTimeout(run.attempt.deadline);
    return true;
  };

  const finishRun = (run: ParentRun, result: SandboxRunResult) => {
    if (!forget(run)) return;
    const { id, proc } = run.attempt;
    recentLabels.remember(id, run.label);
    if (result.status === 'memory-exceeded') {
      retire(proc, 'an isolate ran out of memory, which can leave the process wedged', {
        kind: 'run',
        id,
        label: run.label,
      });
    }
    run.resolve(result);
    settled(proc);
  };

  const restartRun = (run: ParentRun, notice: string) => {
    if (!forget(run)) return;
    logger.warn(`[sandbox] ${run.label}: ${notice}`);
    run.restarts += 1;
    run.attempt = newAttempt(run, run.attempt.record.handOver(notice));
    launch(run);
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
    if (message.t === 'stray' || message.t === 'wedged') {
      // The run has ended, but its isolate goes on running outside its limits, or is stuck.
      const label = recentLabels.get(message.runId);
      proc.condemn({ kind: 'run', id: message.runId, label });
      proc.kill(lostIsolateReason(message, label));
      return;
    }
    if (message.t !== 'log' && message.t !== 'host-call' && message.t !== 'end') return;
    const run = runs.get(message.runId);
    if (!run || run.attempt.proc !== proc) return;
    const { record } = run.attempt;
    if (message.t === 'log') {
      record.appendLog(message);
      run.onUpdate?.(() => run.attempt.record.live());
    } else if (message.t === 'host-call') record.hostCall(message);
    else finishRun(run, record.fromEnd(message));
  }

  function onExit(proc: SandboxProcess, reason: string, abnormal: boolean) {
    procs.delete(proc);
    if (current === proc) current = undefined;
    if (abnormal) {
      kills += 1;
      logger.warn(`[sandbox] process ${proc.pid} ended: ${reason}`);
    }
    const victims = [...runs.values()].filter((run) => run.attempt.proc === proc);
    const end = { blame: proc.blame, reason, abnormal: abnormal && !stopping };
    for (const run of victims) {
      const { id, killReason } = run.attempt;
      const verdict = judge(
        { id, restarts: run.restarts, killReason },
        { ...end, inFlight: victims.length }
      );
      if (verdict.restart) restartRun(run, verdict.notice);
      else finishRun(run, run.attempt.record.killed(verdict.reason));
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
    const label = runLabel(request, `sandbox run ${nextId + 1}`);
    const tooLong = codeTooLong(prepared.code);
    if (tooLong) return refusedRun(tooLong);
    const { signal } = request;
    if (signal?.aborted) return refusedRun(String(signal.reason ?? 'the run was cancelled'));
    return new Promise<SandboxRunResult>((resolve) => {
      const spec: RunSpec = { label, prepared, onHostCall, onUpdate: request.onUpdate, resolve };
      const parent: ParentRun = { ...spec, restarts: 0, attempt: newAttempt(spec) };
      launch(parent);
      // The attempt in force when the abort comes (a bystander restart makes a new one); past
      // its wall-time grace the deadline kills the process as for any run that does not end.
      const cancel = () => {
        if (runs.get(parent.attempt.id) !== parent) return;
        const reason = String(signal?.reason ?? 'the run was cancelled');
        parent.attempt.proc.send({ t: 'cancel', runId: parent.attempt.id, reason });
      };
      signal?.addEventListener('abort', cancel, { once: true });
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
      const pending: PendingCompile = { proc, resolve, reject };
      compiles.set(id, pending);
      // Timed from the process's readiness, like a run's deadline.
      proc.whenReady(() => {
        if (compiles.get(id) !== pending) return;
        pending.timer = setTimeout(() => {
          proc.condemn({ kind: 'check' });
          proc.kill(
            `The sandbox process did not answer a syntax check within ${settings.startTimeoutMs} ms`
          );
        }, settings.startTimeoutMs);
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
    // A process already dying for a run's sake must not start its bystanders again meanwhile.
    stopping = true;
    const exits = [...procs].map((proc) => {
      // Referenced again so that awaiting stop() keeps Node alive until the process is gone.
      proc.setBusy(true);
      proc.kill('The sandbox was stopped', false);
      return proc.exit;
    });
    try {
      await Promise.all(exits);
    } finally {
      stopping = false;
    }
  };

  return { run, compile, status, stop };
};

export type Sandbox = ReturnType<typeof createSandbox>;
