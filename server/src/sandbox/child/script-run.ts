/*
 * Over ~300 lines on purpose: one class for one run's life in its isolate. Every path (setup,
 * host calls, the watchdog's checks, cancel, a lost isolate) ends through `end`, and the order of
 * those steps against the shared `ended`, `tasks` and `disposing` flags is what keeps guest code
 * from running after the outcome is taken; split across files, that order could no longer be
 * read in one place. What does not need that state is already apart: endings.ts, compile.ts,
 * guest-bootstrap.ts, run-log.ts, stray.ts.
 */
import ivm from 'isolated-vm';
import type { ChildMessage, EndMessage, HostReply, RunMessage } from '../protocol';
import { compileBody } from './compile';
import {
  cpuExceeded,
  describeFailure,
  guestEnding,
  leaseLost,
  lostIsolateEnding,
  memoryExceeded,
  refusalTexts,
  taskFailure,
  wallExceeded,
  type Ending,
} from './endings';
import { guestBootstrap, type GuestDescription } from './guest-bootstrap';
import { RunLog } from './run-log';
import { StrayWatch } from './stray';

const BOOTSTRAP_SOURCE = `return (${guestBootstrap.toString()})($0, $1, $2, $3, $4, $5);`;
const BOOTSTRAP_FILENAME = 'sandbox-bootstrap.js';
const TIMED_OUT = 'Script execution timed out.';

type Post = (message: ChildMessage) => void;

/** isolated-vm's `timeout` fired on a task into the isolate. */
class TaskTimeout extends Error {}

/**
 * One script run in a fresh isolate: setup, the host-call bridge, the watchdog's checks and the
 * single end report. Every way a run can end goes through `end`, which reports and then disposes
 * the isolate at once, in the same turn: no guest code runs after the outcome is taken. The run
 * is released (forgotten by the process) only once no task into its isolate is left running; one
 * that goes on running after the end is reported as stray, and the parent kills the process.
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
  /** Tasks into the isolate (setup and script start, host replies) that have not settled yet. */
  private tasks = 0;
  private readonly stray = new StrayWatch();
  private released = false;

  constructor(
    private readonly message: RunMessage,
    private readonly post: Post,
    private readonly onReleased: (run: ScriptRun) => void
  ) {
    this.limits = message.limits;
    this.methods = new Set(message.methods);
    this.log = new RunLog(message.runId, message.limits, (entry) => post(entry));
  }

  get runId(): number {
    return this.message.runId;
  }

  async start(): Promise<void> {
    this.tasks += 1;
    try {
      await this.setUp();
    } catch (error) {
      this.endAfterFailure(error);
    } finally {
      this.taskSettled();
    }
  }

  /**
   * Called by the process-wide watchdog every few milliseconds, until the run is released.
   * `parentSilentMs`: how long since Strapi's process last sent anything.
   */
  check(now: number, parentSilentMs = 0): void {
    if (this.ended) {
      if (this.stray.isStray(now, this.tasks > 0)) this.post({ t: 'stray', runId: this.runId });
      return;
    }
    if (!this.isolate) return;
    if (this.isolate.isDisposed) {
      this.end(memoryExceeded(this.limits));
      return;
    }
    let cpuMs: number;
    try {
      cpuMs = Number(this.isolate.cpuTime) / 1e6;
    } catch {
      this.end(memoryExceeded(this.limits));
      return;
    }
    this.lastCpuMs = cpuMs;
    const { fenceMs } = this.message;
    if (fenceMs !== undefined && parentSilentMs > fenceMs)
      this.end(leaseLost(parentSilentMs, fenceMs));
    else if (cpuMs > this.limits.cpuMs) this.end(cpuExceeded(this.limits));
    else if (now - this.startedAt > this.limits.wallMs) this.end(wallExceeded(this.limits));
  }

  settle(reply: HostReply): void {
    if (this.ended || !this.pendingCalls.delete(reply.callId) || !this.settleRef) return;
    const args = reply.ok
      ? [reply.callId, true, reply.json, '']
      : [reply.callId, false, reply.message, reply.name];
    const settleRef = this.settleRef;
    this.tasks += 1;
    this.enter((timeout) => settleRef.apply(undefined, args, { timeout }))
      .catch((error: unknown) => this.endAfterFailure(error))
      .finally(() => this.taskSettled());
  }

  /** Ends the run because its parent asked (the scheduler stops it), disposing its isolate. */
  cancel(reason: string): void {
    this.end({ status: 'killed', error: { name: 'Cancelled', message: reason } });
  }

  /** Ends the run because the sandbox process is going away. */
  abandon(): void {
    if (this.ended) return;
    this.ended = true;
    this.dispose();
  }

  private async setUp(): Promise<void> {
    // Without onCatastrophicError isolated-vm aborts the process when V8 gives up on an isolate.
    const isolate = new ivm.Isolate({
      memoryLimit: this.limits.memoryMb,
      onCatastrophicError: (cause) => this.lost(cause),
    });
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
  private bridge(): [ivm.Callback, ivm.Callback, ivm.Callback, ivm.Callback, ivm.Callback, string] {
    const description: GuestDescription = {
      data: JSON.parse(this.message.dataJson) as Record<string, unknown>,
      methods: this.message.methods,
      limits: this.limits,
      refusals: refusalTexts(this.limits),
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
      // Synchronous, unlike the log callbacks: the guest waits while `end` reports the outcome
      // and disposes the isolate, so the first thing it meets on resuming is the termination.
      // An asynchronous callback would leave it running the microtasks queued after its return
      // until the parent got round to the report. Nothing may be thrown back into the guest.
      new ivm.Callback((kind: unknown, a: unknown, b: unknown, c: unknown, dropped: unknown) => {
        try {
          this.finish(kind, a, b, c, dropped);
        } catch (error) {
          this.endAfterFailure(error);
        }
      }),
      new ivm.Callback(
        (done: unknown, total: unknown, message: unknown) => {
          if (!this.ended) this.log.setProgress(done, total, message);
        },
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
    this.end(guestEnding(this.limits, kind, a, b, c));
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
   * isolated-vm lost the isolate (V8's fatal out-of-memory, which Node 22 reaches where Node 24
   * ends the bomb through the memory limit): its thread stays parked inside V8 for good. The run
   * ends, and the parent replaces the process blaming it, as a stray isolate does on Node 24. The
   * isolate is never disposed (`disposing`): nothing can be done with it any more.
   */
  private lost(cause: string): void {
    try {
      this.disposing = true;
      this.end(lostIsolateEnding(this.limits, cause));
      this.post({ t: 'wedged', runId: this.runId, cause: String(cause).slice(0, 200) });
    } catch (error) {
      // Must not throw: this runs as isolated-vm's own task on Node's isolate, outside ours.
      console.error('[sandbox] could not report a lost isolate', error);
    }
  }

  /** Maps a failed task to the run's outcome; isolated-vm disposes an isolate out of memory. */
  private endAfterFailure(error: unknown): void {
    if (this.ended) return;
    if (this.isolate?.isDisposed) this.end(memoryExceeded(this.limits));
    else if (error instanceof TaskTimeout) this.end(cpuExceeded(this.limits));
    else this.end(taskFailure(error, this.scriptStarted));
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
      endedAt: Date.now(),
    };
    this.stray.ended(Date.now());
    // Disposed straight after the report is handed to the IPC channel (written synchronously
    // when the pipe has room), not once it is flushed: until disposal the guest may still run.
    this.postAfterLog(message);
    this.dispose();
    if (this.tasks === 0) this.release();
  }

  private taskSettled(): void {
    this.tasks -= 1;
    if (this.ended && this.tasks === 0) this.release();
  }

  private release(): void {
    if (this.released) return;
    this.released = true;
    this.onReleased(this);
  }

  /**
   * Every message but the log's own goes after the lines logged so far: if the process dies
   * while a host call is pending, the lines logged before it are all that run leaves.
   */
  private postAfterLog(message: ChildMessage): void {
    this.log.flush();
    this.post(message);
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
