import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import type { Blame } from './bystanders';
import { isChildMessage, type ChildMessage, type ParentMessage } from './protocol';
import { judgeSilence, judgeStart, sampleProcess, type ProcessSample } from './silence';
import type { SandboxLogger } from './types';

export interface ProcessSettings {
  heartbeatMs: number;
  heartbeatTimeoutMs: number;
  startTimeoutMs: number;
  niceness: number;
}

export interface ProcessHooks {
  onMessage(process: SandboxProcess, message: ChildMessage): void;
  /** `abnormal`: the process died or had to be killed, rather than being stopped on purpose. */
  onExit(process: SandboxProcess, reason: string, abnormal: boolean): void;
}

const STOP_GRACE_MS = 2_000;
const STDERR_TAIL_BYTES = 2_048;
/** The sandbox process gets no secrets: Strapi's environment holds database passwords and keys. */
const INHERITED_ENV = ['TZ', 'LANG', 'LC_ALL'];

const childEnv = () => {
  const env: NodeJS.ProcessEnv = {};
  for (const name of INHERITED_ENV) {
    if (process.env[name] !== undefined) env[name] = process.env[name];
  }
  return env;
};

/**
 * The parent's handle on one sandbox process. It never relies on the process to report its own
 * trouble: a heartbeat it must answer, and SIGKILL when it does not.
 */
export class SandboxProcess {
  readonly startedAt = Date.now();
  private readonly child: ChildProcess;
  private readonly heartbeat: NodeJS.Timeout;
  private startTimer: NodeJS.Timeout;
  private ready = false;
  /** What waits for the process to be ready: see whenReady. */
  private readonly onReady: (() => void)[] = [];
  private startSpared = false;
  private lastAnswer = Date.now();
  private lastBeat = Date.now();
  /** The process as it was at a beat shortly after an answer: see silence.ts. */
  private atLastAnswer: ProcessSample | null = null;
  private spared = false;
  private seq = 0;
  private exitReason: string | undefined;
  private abnormal = true;
  private stderrTail = '';
  private exited = false;
  /** Why this process must not take new work, once it must not. */
  retireReason: string | undefined;
  /** What made this process untrustworthy, when that is known: see bystanders.ts. */
  private blamed: Blame | undefined;
  readonly exit: Promise<void>;

  constructor(
    childFile: string,
    private readonly timings: ProcessSettings,
    private readonly hooks: ProcessHooks,
    private readonly logger: SandboxLogger
  ) {
    this.child = fork(childFile, [], {
      execArgv: ['--no-node-snapshot'],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: childEnv(),
    });
    this.lowerPriority(timings.niceness);
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL_BYTES);
      this.logger.debug(`[sandbox ${this.pid}] ${chunk.trimEnd()}`);
    });
    this.child.on('message', (message: unknown) => this.receive(message));
    // A failed send means the process is going away; 'exit' reports that.
    this.child.on('error', (error) => this.logger.debug(`[sandbox] ${error.message}`));
    this.exit = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exited = true;
        clearInterval(this.heartbeat);
        clearTimeout(this.startTimer);
        this.onReady.length = 0;
        const reason =
          this.exitReason ??
          `The sandbox process exited unexpectedly (${signal ? `signal ${signal}` : `code ${code}`})` +
            (this.stderrTail.trim()
              ? `: ${this.stderrTail.trim().split('\n').slice(-3).join(' | ')}`
              : '');
        this.hooks.onExit(this, reason, this.abnormal);
        resolve();
      });
    });
    this.heartbeat = setInterval(() => this.beat(), timings.heartbeatMs);
    this.heartbeat.unref();
    this.startTimer = setTimeout(() => this.checkStart(), timings.startTimeoutMs);
    this.startTimer.unref();
    this.setBusy(false);
  }

  /**
   * Calls `callback` once the process is ready (now, if it is): the clocks of the work sent to it
   * start then, since a start slowed by a busy host is none of that work's time. Never called if
   * the process dies first.
   */
  whenReady(callback: () => void): void {
    if (this.ready) callback();
    else if (!this.exited) this.onReady.push(callback);
  }

  /** Past the start timeout: killed if stuck, looked at again a beat later if only starved. */
  private checkStart(): void {
    if (this.ready || this.exited) return;
    const waitedMs = Date.now() - this.startedAt;
    const { startTimeoutMs, heartbeatMs } = this.timings;
    const verdict = judgeStart({
      waitedMs,
      timeoutMs: startTimeoutMs,
      sample: sampleProcess(this.pid),
    });
    if (verdict === 'stuck') {
      this.condemn({ kind: 'process' });
      this.kill(`The sandbox process did not start within ${waitedMs} ms`);
      return;
    }
    if (verdict === 'starved' && !this.startSpared) {
      this.startSpared = true;
      this.logger.warn(
        `[sandbox ${this.pid}] not started after ${waitedMs} ms while waiting for a CPU core (the host is busy): left to start`
      );
    }
    this.startTimer = setTimeout(() => this.checkStart(), Math.min(heartbeatMs, startTimeoutMs));
    this.startTimer.unref();
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return !this.exited;
  }

  get blame(): Blame | undefined {
    return this.blamed;
  }

  /** Records what made this process untrustworthy; the first cause found is the one kept. */
  condemn(blame: Blame): void {
    if (!this.exited) this.blamed ??= blame;
  }

  send(message: ParentMessage): void {
    if (this.exited || !this.child.connected) return;
    this.child.send(message, (error) => {
      if (error) this.logger.debug(`[sandbox] send failed: ${error.message}`);
    });
  }

  /** A busy process keeps Node alive; an idle one must not hold up Strapi's shutdown. */
  setBusy(busy: boolean): void {
    if (this.exited) return;
    if (busy) {
      this.child.ref();
      this.child.channel?.ref();
    } else {
      this.child.unref();
      this.child.channel?.unref();
    }
    (this.child.stderr as { unref?: () => void } | null)?.unref?.();
  }

  /** SIGKILL: the only end a wedged isolate cannot refuse. */
  kill(reason: string, abnormal = true): void {
    if (this.exited) return;
    if (this.exitReason === undefined) {
      this.exitReason = reason;
      this.abnormal = abnormal;
    }
    this.child.kill('SIGKILL');
  }

  /** Asks the process to leave (it exits when its IPC channel closes); kills it if it does not. */
  stop(reason: string): void {
    if (this.exited) return;
    if (this.exitReason === undefined) {
      this.exitReason = reason;
      this.abnormal = false;
    }
    if (this.child.connected) this.child.disconnect();
    setTimeout(() => this.kill(reason, false), STOP_GRACE_MS).unref();
  }

  /**
   * A script burning its CPU budget should slow maintenance, not Strapi. Set straight after the
   * fork, before isolated-vm creates its threads, which inherit it.
   */
  private lowerPriority(niceness: number): void {
    if (niceness === 0 || this.child.pid === undefined) return;
    try {
      setPriority(this.child.pid, niceness);
    } catch (error) {
      this.logger.debug(`[sandbox] could not lower the priority: ${(error as Error).message}`);
    }
  }

  private receive(message: unknown): void {
    if (!isChildMessage(message)) return;
    this.lastAnswer = Date.now();
    if (message.t === 'ready') {
      this.ready = true;
      clearTimeout(this.startTimer);
      for (const callback of this.onReady.splice(0)) callback();
      return;
    }
    if (message.t === 'pong') return;
    this.hooks.onMessage(this, message);
  }

  private beat(): void {
    if (!this.ready || this.exited) return;
    const now = Date.now();
    const late = now - this.lastBeat - this.timings.heartbeatMs;
    this.lastBeat = now;
    const silentFor = now - this.lastAnswer;
    // A beat that comes late means Strapi's own event loop was blocked (a long synchronous task):
    // the answers sent meanwhile are still queued behind this timer, so the silence says nothing
    // about the sandbox process yet. The next beat judges, once they have been read.
    const stalled = late > this.timings.heartbeatMs;
    // Answered within the last beat or so (never later than the timeout): the sample to compare
    // a later silence with.
    if (silentFor <= Math.min(this.timings.heartbeatMs * 2, this.timings.heartbeatTimeoutMs)) {
      this.atLastAnswer = sampleProcess(this.pid);
      this.spared = false;
    } else if (!stalled && silentFor > this.timings.heartbeatTimeoutMs) {
      const verdict = judgeSilence({
        silentForMs: silentFor,
        timeoutMs: this.timings.heartbeatTimeoutMs,
        sample: sampleProcess(this.pid),
        atLastAnswer: this.atLastAnswer,
      });
      if (verdict === 'wedged') {
        this.kill(`The sandbox process stopped answering for ${silentFor} ms and was killed`);
        return;
      }
      if (verdict === 'starved' && !this.spared) {
        this.spared = true;
        this.logger.warn(
          `[sandbox ${this.pid}] silent for ${silentFor} ms while waiting for a CPU core (the host is busy): left to answer`
        );
      }
    }
    this.seq += 1;
    this.send({ t: 'ping', seq: this.seq });
  }
}
