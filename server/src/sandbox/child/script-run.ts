import ivm from 'isolated-vm';
import type { ChildMessage, EndMessage, EndStatus, HostReply, RunMessage } from '../protocol';
import type { SandboxError } from '../types';
import { compileBody } from './compile';
import { scriptError } from './errors';
import { guestBootstrap, type GuestDescription, type GuestFinishKind } from './guest-bootstrap';
import { RunLog } from './run-log';

const BOOTSTRAP_SOURCE = `return (${guestBootstrap.toString()})($0, $1, $2, $3, $4);`;
const BOOTSTRAP_FILENAME = 'sandbox-bootstrap.js';
const TIMED_OUT = 'Script execution timed out.';

type Post = (message: ChildMessage, sent?: () => void) => void;

interface Ending {
  status: EndStatus;
  resultJson?: string;
  error?: SandboxError;
}

const describeFailure = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

/** isolated-vm's `timeout` fired on a task into the isolate. */
class TaskTimeout extends Error {}

/**
 * One script run in a fresh isolate: setup, the host-call bridge, the watchdog's checks and the
 * single end report. Every way a run can end goes through `end`, which reports first and disposes
 * after, so the parent has the outcome even if disposing then wedges this process.
 */
export class ScriptRun {
  private readonly limits: RunMessage['limits'];
  private readonly methods: ReadonlySet<string>;
  private readonly log: RunLog;
  private readonly startedAt = Date.now();
  private isolate: ivm.Isolate | undefined;
  private settleRef: ivm.Reference | undefined;
  private ended = false;
  private scriptStarted = false;
  private disposing = false;
  private hostCalls = 0;
  private readonly pendingCalls = new Set<number>();
  private lastCpuMs = 0;

  constructor(
    private readonly message: RunMessage,
    private readonly post: Post,
    private readonly onEnded: (run: ScriptRun) => void
  ) {
    this.limits = message.limits;
    this.methods = new Set(message.methods);
    this.log = new RunLog(message.runId, message.limits, (entry) => post(entry));
  }

  get runId(): number {
    return this.message.runId;
  }

  async start(): Promise<void> {
    try {
      await this.setUp();
    } catch (error) {
      this.endAfterFailure(error);
    }
  }

  /** Called by the process-wide watchdog every few milliseconds. */
  check(now: number): void {
    if (this.ended || !this.isolate) return;
    if (this.isolate.isDisposed) {
      this.endWithMemory();
      return;
    }
    let cpuMs: number;
    try {
      cpuMs = Number(this.isolate.cpuTime) / 1e6;
    } catch {
      this.endWithMemory();
      return;
    }
    this.lastCpuMs = cpuMs;
    if (cpuMs > this.limits.cpuMs) this.endWithCpu();
    else if (now - this.startedAt > this.limits.wallMs) this.endWithWall();
  }

  settle(reply: HostReply): void {
    if (this.ended || !this.pendingCalls.delete(reply.callId) || !this.settleRef) return;
    const args = reply.ok
      ? [reply.callId, true, reply.json, '']
      : [reply.callId, false, reply.message, reply.name];
    const settleRef = this.settleRef;
    this.enter((timeout) => settleRef.apply(undefined, args, { timeout })).catch((error: unknown) =>
      this.endAfterFailure(error)
    );
  }

  /** Ends the run because the sandbox process is going away. */
  abandon(): void {
    if (this.ended) return;
    this.ended = true;
    this.dispose();
  }

  private async setUp(): Promise<void> {
    const isolate = new ivm.Isolate({ memoryLimit: this.limits.memoryMb });
    this.isolate = isolate;
    const context = await isolate.createContext();
    if (this.ended) return;

    const compiled = await compileBody(isolate, context, this.message.code, this.cpuLeft());
    if (this.ended) return;
    if ('error' in compiled) {
      this.end({ status: 'failed', error: compiled.error });
      return;
    }

    const control = await this.enter((timeout) =>
      context.evalClosure(BOOTSTRAP_SOURCE, this.bridge(), {
        filename: BOOTSTRAP_FILENAME,
        timeout,
        result: { reference: true },
      })
    );
    if (this.ended) return;
    const run = control.getSync('run', { reference: true });
    this.settleRef = control.getSync('settle', { reference: true });
    const script = await this.enter((timeout) =>
      compiled.script.run(context, { reference: true, timeout, release: true })
    );
    if (this.ended) return;
    this.scriptStarted = true;
    await this.enter((timeout) => run.apply(undefined, [script.derefInto()], { timeout }));
  }

  /** The only host functions the guest ever receives; each takes and returns primitives. */
  private bridge(): [ivm.Callback, ivm.Callback, ivm.Callback, ivm.Callback, string] {
    const description: GuestDescription = {
      data: JSON.parse(this.message.dataJson) as Record<string, unknown>,
      methods: this.message.methods,
      limits: this.limits,
      refusals: {
        budget: `host call budget exhausted: a run may make ${this.limits.hostCalls} host calls (hostCalls limit)`,
        inFlight: `too many host calls in flight: at most ${this.limits.hostCallsInFlight} may be pending at once (hostCallsInFlight limit); await some before starting more`,
        argBytes: `arguments exceed ${this.limits.argBytes} bytes as JSON (argBytes limit)`,
        ended: 'the run has ended',
      },
    };
    return [
      new ivm.Callback((callId: unknown, method: unknown, argsJson: unknown) =>
        this.hostCall(callId, method, argsJson, description.refusals)
      ),
      new ivm.Callback(
        (level: unknown, message: unknown, clipped: unknown) => {
          if (!this.ended) this.log.add(level, message, clipped);
        },
        { ignored: true }
      ),
      new ivm.Callback(
        (dropped: unknown) => {
          if (!this.ended) this.log.noteGuestDropped(dropped);
        },
        { ignored: true }
      ),
      new ivm.Callback(
        (kind: unknown, a: unknown, b: unknown, c: unknown, dropped: unknown) =>
          this.finish(kind, a, b, c, dropped),
        { ignored: true }
      ),
      JSON.stringify(description),
    ];
  }

  /** Authoritative checks of a host call; returns '' when accepted, else the refusal. */
  private hostCall(
    callId: unknown,
    method: unknown,
    argsJson: unknown,
    refusals: GuestDescription['refusals']
  ): string {
    if (typeof callId !== 'number' || typeof method !== 'string' || typeof argsJson !== 'string') {
      return 'invalid host call';
    }
    if (!this.methods.has(method)) return `ctx.${method.slice(0, 200)} is not available`;
    const refuse = (text: string) => `ctx.${method}: ${text}`;
    if (this.ended) return refuse(refusals.ended);
    if (Buffer.byteLength(argsJson) > this.limits.argBytes) return refuse(refusals.argBytes);
    if (this.hostCalls >= this.limits.hostCalls) return refuse(refusals.budget);
    if (this.pendingCalls.size >= this.limits.hostCallsInFlight) return refuse(refusals.inFlight);
    if (this.pendingCalls.has(callId)) return 'invalid host call';
    this.hostCalls += 1;
    this.pendingCalls.add(callId);
    this.postAfterLog({ t: 'host-call', runId: this.runId, callId, method, argsJson });
    return '';
  }

  private finish(kind: unknown, a: unknown, b: unknown, c: unknown, dropped: unknown): void {
    if (this.ended) return;
    this.log.noteGuestDropped(dropped);
    const text = (value: unknown) => (typeof value === 'string' ? value : '');
    switch (kind as GuestFinishKind) {
      case 'undefined':
        this.end({ status: 'succeeded' });
        return;
      case 'value':
        if (Buffer.byteLength(text(a)) > this.limits.resultBytes) {
          this.end({
            status: 'failed',
            error: {
              name: 'RangeError',
              message: `The return value is larger than ${this.limits.resultBytes} bytes as JSON (resultBytes limit)`,
            },
          });
        } else {
          this.end({ status: 'succeeded', resultJson: text(a) });
        }
        return;
      default:
        this.end({ status: 'failed', error: scriptError(text(a), text(b), text(c)) });
    }
  }

  private endWithCpu(): void {
    this.end({
      status: 'timed-out',
      error: {
        name: 'TimeoutError',
        message: `The script used more than ${this.limits.cpuMs} ms of CPU time (cpuMs limit)`,
      },
    });
  }

  private endWithWall(): void {
    this.end({
      status: 'timed-out',
      error: {
        name: 'TimeoutError',
        message: `The script ran for more than ${this.limits.wallMs} ms of wall-clock time (wallMs limit)`,
      },
    });
  }

  private endWithMemory(): void {
    this.end({
      status: 'memory-exceeded',
      error: {
        name: 'MemoryError',
        message: `The script used more than ${this.limits.memoryMb} MiB of memory (memoryMb limit)`,
      },
    });
  }

  /**
   * Runs one task in the isolate with the CPU time left as its timeout. A timeout is told apart
   * by how long the task took, so a script cannot fake one by rejecting with the same message.
   */
  private async enter<T>(task: (timeout: number) => Promise<T>): Promise<T> {
    const timeout = this.cpuLeft();
    const started = Date.now();
    try {
      return await task(timeout);
    } catch (error) {
      if (describeFailure(error) === TIMED_OUT && Date.now() - started >= timeout) {
        throw new TaskTimeout();
      }
      throw error;
    }
  }

  /**
   * Maps a failed task to the run's outcome. isolated-vm disposes an isolate that reaches its
   * memory limit. Once the script has started, any other failure is a promise the script left
   * rejected with no handler at the end of a task: isolated-vm throws it out of the task, and the
   * run fails as it would in Node.
   */
  private endAfterFailure(error: unknown): void {
    if (this.ended) return;
    if (this.isolate?.isDisposed) {
      this.endWithMemory();
    } else if (error instanceof TaskTimeout) {
      this.endWithCpu();
    } else if (this.scriptStarted) {
      const thrown = error instanceof Error ? error : undefined;
      this.end({
        status: 'failed',
        error: scriptError(
          thrown?.name ?? 'Error',
          `Unhandled promise rejection: ${describeFailure(error)}`,
          thrown?.stack ?? ''
        ),
      });
    } else {
      this.end({
        status: 'failed',
        error: {
          name: 'SandboxError',
          message: `The sandbox failed to run the script: ${describeFailure(error)}`,
        },
      });
    }
  }

  private cpuLeft(): number {
    return Math.max(1, Math.ceil(this.limits.cpuMs - this.lastCpuMs));
  }

  private end(ending: Ending): void {
    if (this.ended) return;
    this.ended = true;
    const isolate = this.isolate;
    if (isolate && !isolate.isDisposed) {
      try {
        this.lastCpuMs = Number(isolate.cpuTime) / 1e6;
      } catch {
        // Keep the watchdog's last reading.
      }
    }
    const message: EndMessage = {
      t: 'end',
      runId: this.runId,
      ...ending,
      logDropped: this.log.dropped,
      hostCalls: this.hostCalls,
      cpuMs: Math.round(this.lastCpuMs),
      wallMs: Date.now() - this.startedAt,
    };
    this.onEnded(this);
    this.postAfterLog(message, () => this.dispose());
  }

  /**
   * Every message but the log's own goes after the lines logged so far: if the process dies
   * while a host call is pending, the lines logged before it are all that run leaves.
   */
  private postAfterLog(message: ChildMessage, sent?: () => void): void {
    this.log.flush();
    this.post(message, sent);
  }

  private dispose(): void {
    if (this.disposing) return;
    this.disposing = true;
    const isolate = this.isolate;
    if (isolate && !isolate.isDisposed) {
      try {
        isolate.dispose();
      } catch {
        // Already gone.
      }
    }
  }
}
