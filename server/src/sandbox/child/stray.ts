/**
 * How long a disposed isolate may take to actually stop. Termination takes effect at V8's next
 * interrupt check, normally within microseconds; a built-in that never checks (filling a 1e8
 * element array) keeps running, and measured here it grew by ~100 MB and a full core per second.
 */
const STRAY_AFTER_MS = 1_000;
/**
 * ...and the CPU time the process must have used since. An isolate that was terminated needs
 * next to none to wind down, so one that is merely late (its thread starved on a busy machine)
 * is no reason to kill the process and the runs it holds; a runaway built-in soon uses this much,
 * even niced down to a tenth of a core.
 */
const STRAY_CPU_MS = 200;

/** Tells when the isolate of an ended run has gone stray: still running, outside every limit. */
export class StrayWatch {
  private endedAt = 0;
  private cpuAtEnd: NodeJS.CpuUsage | undefined;
  private reported = false;

  /** The run ended and its isolate was disposed at `now`. */
  ended(now: number): void {
    this.endedAt = now;
    this.cpuAtEnd = process.cpuUsage();
  }

  /** True once, when a task into the isolate is still running long after the end. */
  isStray(now: number, running: boolean): boolean {
    const elapsed = now - this.endedAt;
    if (this.reported || !running || elapsed <= STRAY_AFTER_MS) return false;
    const used = process.cpuUsage(this.cpuAtEnd);
    if ((used.user + used.system) / 1_000 < STRAY_CPU_MS) return false;
    this.reported = true;
    return true;
  }
}
