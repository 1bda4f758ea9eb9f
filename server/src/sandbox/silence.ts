import { readFileSync } from 'node:fs';

/**
 * What a silent sandbox process is: wedged, or only starved. The process runs at a lower priority
 * than Strapi (sandbox-process.ts), so on a host whose cores are all busy it can wait seconds for
 * a core before it answers a ping. Killing it then would fail every run in it (they end `killed`)
 * on exactly the busy sites the scheduler must hold on. A main thread that is waiting for a core
 * is runnable (state R) and has had almost no CPU since its last answer; one that is wedged
 * either had the CPU and still did not answer, or is not runnable at all (stopped, or asleep on
 * something that never comes).
 */

/** CPU time after which a process that still has not answered is wedged, not starved. */
export const STARVED_CPU_MS = 250;
/** However starved, a process silent for this many heartbeat timeouts is killed. */
export const STARVED_TIMEOUTS = 6;
/**
 * CPU time after which a process that is still not ready is stuck, not starved: a start (Node,
 * isolated-vm and the child's bundle) takes about 0.1–0.2 s of it.
 */
export const STARTING_CPU_MS = 1_000;

/** The scheduler's view of a process's main thread: its state letter and the CPU time it used. */
export interface ProcessSample {
  state: string;
  cpuMs: number;
}

export type SilenceVerdict = 'answering' | 'starved' | 'wedged';

/**
 * The verdict on a process silent for `silentForMs`. `sample` is now, `atLastAnswer` when it last
 * answered (either null where the system does not say: then silence past the timeout is wedged,
 * as it always was).
 */
export const judgeSilence = ({
  silentForMs,
  timeoutMs,
  sample,
  atLastAnswer,
}: {
  silentForMs: number;
  timeoutMs: number;
  sample: ProcessSample | null;
  atLastAnswer: ProcessSample | null;
}): SilenceVerdict => {
  if (silentForMs <= timeoutMs) return 'answering';
  if (!sample || !atLastAnswer) return 'wedged';
  if (silentForMs > timeoutMs * STARVED_TIMEOUTS) return 'wedged';
  const waitingForCore = sample.state === 'R';
  const hadTheCpu = sample.cpuMs - atLastAnswer.cpuMs >= STARVED_CPU_MS;
  return waitingForCore && !hadTheCpu ? 'starved' : 'wedged';
};

/**
 * The verdict on a process not ready `waitedMs` after it was forked. A start reads files, so its
 * state letter says little; its CPU time says whether it had the chance to start. However
 * starved, a start is given up after STARVED_TIMEOUTS start timeouts.
 */
export const judgeStart = ({
  waitedMs,
  timeoutMs,
  sample,
}: {
  waitedMs: number;
  timeoutMs: number;
  sample: ProcessSample | null;
}): 'starting' | 'starved' | 'stuck' => {
  if (waitedMs <= timeoutMs) return 'starting';
  if (!sample || waitedMs > timeoutMs * STARVED_TIMEOUTS) return 'stuck';
  return sample.cpuMs < STARTING_CPU_MS ? 'starved' : 'stuck';
};

const TICKS_PER_SECOND = 100;

/**
 * The state and CPU time (user + system) of the process's main thread, the one that answers the
 * pings, from /proc; null off Linux or once it is gone. The isolate's own threads are left out: a
 * script's CPU work says nothing about whether the main thread had a chance to answer. USER_HZ is
 * 100 on every Linux architecture Node supports.
 */
export const sampleProcess = (pid: number | undefined): ProcessSample | null => {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may itself hold spaces or parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    if (!fields[0] || !Number.isFinite(ticks)) return null;
    return { state: fields[0], cpuMs: (ticks * 1000) / TICKS_PER_SECOND };
  } catch {
    return null;
  }
};
