/**
 * The maintenance hold ("pause everything"): what is stored, how it reads, and what it does to the
 * watchdog's verdict. Pure: no clock, no database.
 */

/** Who put the hold on or lifted it: an administrator, or the command line (id null). */
export interface HoldActor {
  id: number | null;
  name: string;
}

/** The hold as stored in the core store (key `hold`) and as every answer shows it. */
export interface HoldState {
  held: boolean;
  /** When the hold was put on (held) or last lifted (not held); null when never used. */
  since: number | null;
  by: HoldActor | null;
  /** Why, as given when it was put on; null when lifted or not given. */
  reason: string | null;
}

export const NOT_HELD: HoldState = { held: false, since: null, by: null, reason: null };

export const HOLD_REASON_MAX = 500;

const isActor = (value: unknown): value is HoldActor =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as HoldActor).name === 'string' &&
  ((value as HoldActor).id === null || typeof (value as HoldActor).id === 'number');

/** Reads a stored value defensively: anything that is not a hold reads as no hold. */
export const readHold = (value: unknown): HoldState => {
  if (typeof value !== 'object' || value === null) return NOT_HELD;
  const raw = value as Partial<HoldState>;
  return {
    held: raw.held === true,
    since: typeof raw.since === 'number' ? raw.since : null,
    by: isActor(raw.by) ? { id: raw.by.id, name: raw.by.name } : null,
    reason: typeof raw.reason === 'string' && raw.reason.length > 0 ? raw.reason : null,
  };
};

/** The hold put on now by `by`; a hold already on stays as it was (first who, first when). */
export const putOn = (
  current: HoldState,
  { now, by, reason }: { now: number; by: HoldActor; reason: string | null }
): HoldState => (current.held ? current : { held: true, since: now, by, reason });

/** The hold lifted now by `by`. */
export const liftOf = (
  current: HoldState,
  { now, by }: { now: number; by: HoldActor }
): HoldState => (current.held ? { held: false, since: now, by, reason: null } : current);

/** The sentence run-now answers with while the hold is on (the admin shows it too). */
export const holdWarning = (hold: HoldState): string | null => {
  if (!hold.held) return null;
  const when = hold.since === null ? '' : ` since ${new Date(hold.since).toISOString()}`;
  const who = hold.by ? ` by ${hold.by.name}` : '';
  const why = hold.reason ? ` (${hold.reason})` : '';
  return `maintenance is on hold${when}${who}${why}: scheduled runs are stopped on every instance; this run was asked for by hand`;
};

export type WatchdogStatus = 'ok' | 'warning' | 'failing';

/**
 * The watchdog's verdict. While the hold is on, slots wait for it by decision: nothing counts as
 * overdue and wake-ups are not "stopped", and the status is `warning` (an administrator's decision
 * waiting to be undone, not an outage), like a task that paused itself.
 */
export const watchdogVerdict = ({
  held,
  paused,
  changedOutside,
  wakeUpsStopped,
  overdue,
}: {
  held: boolean;
  paused: number;
  changedOutside: number;
  wakeUpsStopped: boolean;
  overdue: number;
}): { status: WatchdogStatus; wakeUpsStopped: boolean; countOverdue: boolean } => {
  if (held) return { status: 'warning', wakeUpsStopped: false, countOverdue: false };
  let status: WatchdogStatus = 'ok';
  if (paused > 0 || changedOutside > 0) status = 'warning';
  if (wakeUpsStopped || overdue > 0) status = 'failing';
  return { status, wakeUpsStopped, countOverdue: true };
};
