import { dueSlots, type TaskTiming } from './misfire';

/**
 * What a task does with a slot that comes while its previous run is still going (its lease is
 * held). Equal to the contracts' OverlapPolicy (validation/task.ts checks both ways).
 */
export type OverlapPolicy = 'skip' | 'queue' | 'replace';

export type OverlapStep =
  /** queue: the slot stays due; the holder runs it as soon as its run ends. */
  | { action: 'wait' }
  /** skip: the slots are recorded skipped, and the schedule moves past them. */
  | { action: 'skip'; slots: number[]; nextRunAt: number | null }
  /** replace: the holder is asked to stop its run; the slot starts once it has. */
  | { action: 'replace' };

/**
 * What a wake-up does with a task whose slot has come while its run is going: `task.nextRunAt`
 * is at or before `now`. The slots a skip records are those the task's misfire policy would have
 * run (the latest for `once`, each for `backfill`), or the due slot when it would run none.
 */
export const overlapStep = (policy: OverlapPolicy, task: TaskTiming, now: number): OverlapStep => {
  if (policy === 'queue') return { action: 'wait' };
  if (policy === 'replace') return { action: 'replace' };
  const plan = dueSlots(task, now);
  const slots =
    plan.run.length > 0 ? [...plan.run] : task.nextRunAt === null ? [] : [task.nextRunAt];
  return { action: 'skip', slots, nextRunAt: plan.nextRunAt };
};

/**
 * queue: the slot a holder runs as soon as its run ends, when one came meanwhile (after `since`,
 * when the run began). One at most: slots that came while one was already waiting are folded into
 * it (the latest runs), whatever the misfire policy, since the wait was the policy's own doing.
 * Null when none came. Slots already due when the run began (a backfill still behind) are not
 * the run's doing: they are left to the misfire policy, after the release.
 */
export const queuedSlot = (
  task: TaskTiming,
  since: number,
  now: number
): { slot: number; nextRunAt: number | null } | null => {
  if (task.nextRunAt === null || task.nextRunAt <= since || task.nextRunAt > now) return null;
  const plan = dueSlots({ ...task, policy: 'once' }, now);
  return plan.run.length > 0 ? { slot: plan.run[0], nextRunAt: plan.nextRunAt } : null;
};

/** The reason a skipped slot's record gives. */
export const overlapSkipMessage = (holder: string | null, leaseSlot: number | null) =>
  `the previous run of this task${leaseSlot === null ? '' : ` (slot ${new Date(leaseSlot).toISOString()})`} was still going${holder ? ` on ${holder}` : ''}; the overlap policy is skip`;
