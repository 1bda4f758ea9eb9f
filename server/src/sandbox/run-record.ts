import { progressFromMessage, type Progress } from './progress';
import type { EndMessage, HostCallMessage, HostReply, LogMessage } from './protocol';
import type { PreparedRun } from './request';
import { parseGuestJson } from './safe-json';
import { TRUNCATION_MARK, clipUtf8 } from './text';
import type {
  HostCallHandler,
  LogEntry,
  SandboxError,
  SandboxLimits,
  SandboxRunResult,
} from './types';

const MAX_HOST_ERROR_BYTES = 8 * 1024;
const LEVELS: ReadonlySet<string> = new Set(['debug', 'info', 'warn', 'error', 'log']);

type Outcome = Omit<SandboxRunResult, 'log' | 'logTruncated' | 'hostCalls'>;

/** The log of a run's earlier attempts, carried into the attempt that replaces them. */
export interface CarriedLog {
  log: LogEntry[];
  /** Entries of those attempts counted against logLines (the restart notices are not). */
  lines: number;
  dropped: number;
  clipped: boolean;
  progress?: Progress;
}

/** A running run's log and progress as they stand (the run's record shows them live). */
export interface LiveState {
  log: LogEntry[];
  logTruncated: boolean;
  progress?: Progress;
}

const errorText = (error: unknown) => {
  const name = error instanceof Error && typeof error.name === 'string' ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return {
    name: clipUtf8(name, 200).text,
    message: clipUtf8(message, MAX_HOST_ERROR_BYTES).text,
  };
};

/**
 * The parent's side of one attempt at a run: the log received so far, the host calls it answers,
 * and the result it assembles. Checks from the sandbox process are repeated here, cheaply, so a
 * misbehaving process cannot make the parent run more host calls than the limits allow.
 * An attempt started again after its process was replaced gets a new record that carries the
 * earlier attempts' log, and logLines counts across all of them: a run's log stays as long as
 * its limit allows however often it is started again (plus one notice per restart).
 */
export class RunRecord {
  readonly startedAt = Date.now();
  private readonly limits: SandboxLimits;
  private readonly methods: ReadonlySet<string>;
  private readonly log: LogEntry[];
  private readonly droppedBefore: number;
  private lines = 0;
  private clipped: boolean;
  private dropped = 0;
  private hostCalls = 0;
  private inFlight = 0;
  private ended = false;
  private progress: Progress | undefined;

  constructor(
    readonly id: number,
    prepared: PreparedRun,
    private readonly onHostCall: HostCallHandler,
    private readonly reply: (message: HostReply) => void,
    carried?: CarriedLog
  ) {
    this.limits = prepared.limits;
    this.methods = new Set(prepared.methods);
    this.log = carried ? [...carried.log] : [];
    this.lines = carried?.lines ?? 0;
    this.droppedBefore = carried?.dropped ?? 0;
    this.clipped = carried?.clipped ?? false;
    this.progress = carried?.progress;
  }

  /** The log and progress so far, copied. */
  live(): LiveState {
    const dropped = this.droppedBefore + this.dropped;
    return {
      log: [...this.log],
      logTruncated: dropped > 0 || this.clipped,
      ...(this.progress ? { progress: this.progress } : {}),
    };
  }

  appendLog(message: LogMessage): void {
    if (message.progress !== undefined)
      this.progress = progressFromMessage(message.progress) ?? this.progress;
    if (Number.isSafeInteger(message.dropped))
      this.dropped = Math.max(this.dropped, message.dropped);
    for (const entry of message.entries) {
      if (this.lines >= this.limits.logLines || typeof entry.message !== 'string') {
        this.dropped += 1;
        continue;
      }
      // The sandbox process already cut long entries; this only guards against one that did not.
      const clip = clipUtf8(
        entry.message,
        this.limits.logLineBytes + Buffer.byteLength(TRUNCATION_MARK)
      );
      this.clipped ||= clip.clipped || entry.clipped === true;
      this.lines += 1;
      this.log.push({
        at: typeof entry.at === 'number' ? entry.at : Date.now(),
        level: LEVELS.has(entry.level) ? entry.level : 'log',
        message: clip.text,
      });
    }
  }

  hostCall(message: HostCallMessage): void {
    const { callId, method } = message;
    const answer = (
      outcome: { ok: true; json: string | undefined } | { ok: false; name: string; message: string }
    ) => {
      if (!this.ended) this.reply({ t: 'host-result', runId: this.id, callId, ...outcome });
    };
    const refuse = (name: string, text: string) =>
      answer({ ok: false, name, message: `ctx.${method}: ${text}` });

    if (!this.methods.has(method)) return refuse('Error', 'not available');
    if (
      typeof message.argsJson !== 'string' ||
      Buffer.byteLength(message.argsJson) > this.limits.argBytes
    ) {
      return refuse(
        'RangeError',
        `arguments exceed ${this.limits.argBytes} bytes as JSON (argBytes limit)`
      );
    }
    if (this.hostCalls >= this.limits.hostCalls)
      return refuse('Error', 'host call budget exhausted');
    if (this.inFlight >= this.limits.hostCallsInFlight) {
      return refuse('Error', 'too many host calls in flight');
    }
    let args: unknown;
    try {
      args = parseGuestJson(message.argsJson);
    } catch {
      return refuse('TypeError', 'arguments are not valid JSON');
    }
    if (!Array.isArray(args)) return refuse('TypeError', 'arguments are not a list');
    this.hostCalls += 1;
    this.inFlight += 1;
    new Promise<unknown>((resolve) => resolve(this.onHostCall(method, args))).then(
      (value) => {
        this.inFlight -= 1;
        let json: string | undefined;
        try {
          json = JSON.stringify(value);
        } catch {
          return refuse('TypeError', 'the host returned a value that is not JSON-serialisable');
        }
        if (typeof json === 'string' && Buffer.byteLength(json) > this.limits.argBytes) {
          return refuse(
            'RangeError',
            `the result exceeds ${this.limits.argBytes} bytes as JSON (argBytes limit)`
          );
        }
        answer({ ok: true, json });
      },
      (error: unknown) => {
        this.inFlight -= 1;
        answer({ ok: false, ...errorText(error) });
      }
    );
  }

  /** The outcome the sandbox process reported. */
  fromEnd(message: EndMessage): SandboxRunResult {
    let status: SandboxRunResult['status'] = message.status;
    let result: unknown;
    let error: SandboxError | undefined = message.error;
    if (status === 'succeeded' && typeof message.resultJson === 'string') {
      try {
        result = parseGuestJson(message.resultJson);
      } catch {
        status = 'failed';
        error = { name: 'SyntaxError', message: 'The return value could not be read back as JSON' };
      }
    }
    this.dropped = Math.max(this.dropped, message.logDropped);
    const endedAt =
      typeof message.endedAt === 'number' && Number.isFinite(message.endedAt)
        ? Math.min(message.endedAt, Date.now())
        : Date.now();
    return this.finish({
      status,
      ...(result !== undefined ? { result } : {}),
      ...(error ? { error } : {}),
      cpuMs: message.cpuMs,
      wallMs: message.wallMs,
      endedAt,
    });
  }

  /** The outcome when the sandbox process is gone; its CPU time went with it. */
  killed(reason: string): SandboxRunResult {
    return this.finish({
      status: 'killed',
      error: { name: 'KilledError', message: reason },
      cpuMs: 0,
      wallMs: Date.now() - this.startedAt,
      endedAt: Date.now(),
    });
  }

  /**
   * Ends this attempt because its process was replaced for another run's sake: a late answer to
   * one of its host calls must never reach the attempt that replaces it. Returns its log with
   * `notice` appended, for the next attempt's record.
   */
  handOver(notice: string): CarriedLog {
    this.ended = true;
    const notes =
      this.hostCalls > 0
        ? `; the interrupted attempt had made ${this.hostCalls} host call(s), which are not undone`
        : '';
    return {
      log: [...this.log, { at: Date.now(), level: 'warn', message: notice + notes }],
      lines: this.lines,
      dropped: this.droppedBefore + this.dropped,
      clipped: this.clipped,
      ...(this.progress ? { progress: this.progress } : {}),
    };
  }

  private finish(outcome: Outcome): SandboxRunResult {
    this.ended = true;
    const log = [...this.log];
    const dropped = this.droppedBefore + this.dropped;
    if (dropped > 0) {
      log.push({
        at: Date.now(),
        level: 'warn',
        message: `[log truncated: ${dropped} more lines dropped]`,
      });
    }
    return {
      ...outcome,
      log,
      logTruncated: dropped > 0 || this.clipped,
      hostCalls: this.hostCalls,
      ...(this.progress ? { progress: this.progress } : {}),
    };
  }
}
