import { readProgress, type Progress } from '../progress';
import type { LogMessage } from '../protocol';
import { TRUNCATION_MARK, clipUtf8 } from '../text';
import type { LogLevel, SandboxLimits } from '../types';

const LEVELS: ReadonlySet<string> = new Set(['debug', 'info', 'warn', 'error', 'log']);

/**
 * The run's log as the sandbox process keeps it: the caps are enforced again here because the
 * guest's own accounting is only a fast path. Entries go to the parent in batches, one per turn
 * of the event loop, so a chatty script costs one IPC message per batch rather than per line.
 */
export class RunLog {
  private lines = 0;
  private bytes = 0;
  private droppedHere = 0;
  private droppedInGuest = 0;
  private reported = 0;
  private batch: LogMessage['entries'] = [];
  private progress: Progress | undefined;
  private scheduled: NodeJS.Immediate | undefined;

  constructor(
    private readonly runId: number,
    private readonly limits: SandboxLimits,
    private readonly post: (message: LogMessage) => void
  ) {}

  get dropped(): number {
    return this.droppedHere + this.droppedInGuest;
  }

  add(level: unknown, message: unknown, clippedInGuest: unknown): void {
    if (typeof message !== 'string') return;
    if (this.lines >= this.limits.logLines) {
      this.droppedHere += 1;
      this.schedule();
      return;
    }
    const clip = clipUtf8(message, this.limits.logLineBytes);
    const size = Buffer.byteLength(
      clip.clipped ? clip.text.slice(0, -TRUNCATION_MARK.length) : message
    );
    if (this.bytes + size > this.limits.logBytes) {
      this.droppedHere += 1;
      this.schedule();
      return;
    }
    this.lines += 1;
    this.bytes += size;
    const clipped = clip.clipped || clippedInGuest === true;
    this.batch.push({
      at: Date.now(),
      level: typeof level === 'string' && LEVELS.has(level) ? (level as LogLevel) : 'log',
      message: clip.clipped || !clipped ? clip.text : clip.text + TRUNCATION_MARK,
      clipped,
    });
    this.schedule();
  }

  /** The script's ctx.progress report; only the latest one before a batch goes out is sent. */
  setProgress(done: unknown, total: unknown, message: unknown): void {
    const progress = readProgress(done, total, message, Date.now());
    if (!progress) return;
    this.progress = progress;
    this.schedule();
  }

  noteGuestDropped(count: unknown): void {
    if (typeof count !== 'number' || !Number.isSafeInteger(count)) return;
    if (count > this.droppedInGuest) {
      this.droppedInGuest = count;
      this.schedule();
    }
  }

  /** Sends what is pending now; called before the run's end message so no entry trails it. */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    const { progress } = this;
    if (this.batch.length === 0 && this.dropped === this.reported && !progress) return;
    this.reported = this.dropped;
    const entries = this.batch;
    this.batch = [];
    this.progress = undefined;
    this.post({
      t: 'log',
      runId: this.runId,
      entries,
      dropped: this.dropped,
      ...(progress ? { progress } : {}),
    });
  }

  private schedule(): void {
    this.scheduled ??= setImmediate(() => this.flush());
  }
}
