/**
 * Who pays when a sandbox process has to be replaced. Runs share one process, so killing it for
 * one run ends every run in it; the others are bystanders and are started again in the new
 * process instead of failing for something they did not do.
 */

/** Why a sandbox process was condemned, when the sandbox knows. The first reason wins. */
export type Blame =
  /** A run broke its limits and could not be stopped any other way (it may have ended already). */
  | { kind: 'run'; id: number; label: string }
  /** A syntax check did not answer. */
  | { kind: 'check' }
  /** The process itself failed (it never became ready): starting runs again gains nothing. */
  | { kind: 'process' };

/**
 * A bystander is started again at most this often. A run that keeps landing in processes that
 * die (another script bombing over and over, a machine that kills the process) ends `killed`.
 */
export const MAX_RESTARTS = 2;

export interface Victim {
  /** Id of the run's current attempt, as the sandbox process knows it. */
  id: number;
  restarts: number;
  /** Set when this run is the reason its process was killed. */
  killReason?: string;
}

export interface ProcessEnd {
  blame: Blame | undefined;
  reason: string;
  /** False when the process was stopped on purpose (the sandbox is stopping). */
  abnormal: boolean;
  /** Runs that were in flight in the process when it ended. */
  inFlight: number;
}

export type Verdict = { restart: true; notice: string } | { restart: false; reason: string };

const ordinal = (n: number) => (n === 1 ? 'once' : `${n} times`);

/**
 * What happens to one run that was in flight when its process ended.
 *
 * - Stopped on purpose: every run ends `killed`; nothing starts a new process.
 * - The run is the culprit (its own limit made the parent kill the process): `killed`, as before.
 * - Another run or a syntax check is to blame: this run is a bystander.
 * - Nobody is to blame (the process crashed, was killed from outside, or stopped answering its
 *   heartbeat with no run singled out): a lone run in flight is the only candidate and ends
 *   `killed`, since running it again would most likely repeat what happened. With several in
 *   flight, at most one of them can be the cause, so each is more likely a bystander than not:
 *   all are started again, and the restart bound stops a culprit among them that does it again.
 */
export const judge = (victim: Victim, end: ProcessEnd): Verdict => {
  if (!end.abnormal) return { restart: false, reason: end.reason };
  if (victim.killReason !== undefined) return { restart: false, reason: victim.killReason };
  const { blame } = end;
  let cause: string;
  if (blame?.kind === 'run' && blame.id !== victim.id) {
    cause = `because of another run (${blame.label})`;
  } else if (blame?.kind === 'check') {
    cause = 'because a syntax check in it did not answer';
  } else if (blame === undefined && end.inFlight > 1) {
    cause = `after it ended with ${end.inFlight} runs in it, none of which could be blamed (${end.reason})`;
  } else {
    return { restart: false, reason: end.reason };
  }
  if (victim.restarts >= MAX_RESTARTS) {
    return {
      restart: false,
      reason:
        `The sandbox process was replaced ${cause} while this run was in it; the run had ` +
        `already been started again ${ordinal(victim.restarts)} after its process was replaced, ` +
        `and is not started again`,
    };
  }
  return {
    restart: true,
    notice:
      `[sandbox] The sandbox process was replaced ${cause}; this run was started again ` +
      `(restart ${victim.restarts + 1} of at most ${MAX_RESTARTS})`,
  };
};

/** Why the process of a run whose isolate could not be stopped (`stray`, `wedged`) was killed. */
export const lostIsolateReason = (
  message: { t: 'stray' } | { t: 'wedged'; cause: string },
  label: string
): string =>
  message.t === 'stray'
    ? `The isolate of ${label} kept running after the run ended; the process was killed`
    : `The isolate of ${label} could not be stopped (${message.cause}); the process was killed`;

/**
 * Labels of the last runs that ended, to name one whose isolate is reported stray after its end
 * (within a second of it, so a short memory is enough).
 */
export class RecentLabels {
  private readonly labels = new Map<number, string>();

  constructor(private readonly size = 64) {}

  remember(id: number, label: string): void {
    this.labels.set(id, label);
    for (const oldest of this.labels.keys()) {
      if (this.labels.size <= this.size) break;
      this.labels.delete(oldest);
    }
  }

  get(id: number): string {
    return this.labels.get(id) ?? `sandbox run ${id}`;
  }
}
