import { nextSlot, parseSchedule } from '../../server/src/scheduling';
import { percentile } from './load';

export interface SoakTask {
  id: number;
  name: string;
  schedule: string;
  /** When the task was created: its first slot is the first one strictly after. */
  createdAt: number;
  /** When the soak stopped it (disabled it): later slots are not expected. */
  endedAt: number;
}

export interface SoakRun {
  id: number;
  taskId: number;
  slot: number | null;
  attempt: number;
  status: string;
  trigger: string;
  startedAt: number | null;
  finishedAt: number | null;
  driftMs: number | null;
  instanceId: string | null;
  /** The message of the run's error, if any. */
  note?: string | null;
}

export interface SoakReport {
  title: string;
  tasks: number;
  /** Slots the schedules produced between each task's creation and its end. */
  expected: number;
  /** Expected slots with a run that ended (whatever its outcome) other than `interrupted`. */
  ran: number;
  /** Slots that ran twice (see ranTwice): the one thing that must never happen. */
  duplicates: number;
  /**
   * Slots two of whose runs overlapped in time by their records, whatever their statuses: a
   * script going on two instances at once. A run stopped because its lease was lost records when
   * its script really stopped (not when the instance that took over looked), so this sees it.
   */
  overlaps: number;
  /** Expected slots with no finished run, away from the window's edges. */
  missed: number;
  /** Expected slots with no finished run within `edgeMs` of a task's creation or end. */
  missedAtEdges: number;
  /** Runs recorded interrupted (their instance died), and how many of their slots ran again. */
  interrupted: number;
  interruptedRerun: number;
  /**
   * Interrupted runs whose script ended after all, after their lease had been taken over (the
   * plugin notes it on the run): the script went on past the take-over. Since leases are fenced
   * (a frozen instance's sandbox stops its scripts before its lease can be taken over, a renewal
   * that finds the lease lost stops the script at once) only a lease shorter than the fence
   * allows for leaves any (services/lease-rules.ts, fenceAfterMs).
   */
  lateEndings: number;
  /** Interrupted runs whose own instance stopped their script because its lease was lost. */
  stoppedLeaseLost: number;
  /** Runs ended by the sandbox being killed. */
  killed: number;
  /** Runs still `running` when the report was taken. */
  stillRunning: number;
  /** Runs on a slot the schedules did not produce in the window (e.g. a run after the end). */
  outsideWindow: number;
  statuses: Record<string, number>;
  triggers: Record<string, number>;
  instances: Record<string, number>;
  driftP50Ms: number;
  driftP95Ms: number;
  driftMaxMs: number;
  leasesHeld: number;
  extra: Record<string, string | number>;
  /** The runs of the first few duplicated slots, for whoever has to find out why. */
  duplicateDetails: string[];
  /** The first few runs that neither succeeded nor were skipped, and why (their error message). */
  unsuccessfulDetails: string[];
}

const FINISHED_ELSEWHERE = 'interrupted';
/** What the plugin writes on an interrupted run whose script went on to its end (run-store.ts). */
const LATE_ENDING = 'the script went on and ended';
/** What it writes on one whose script it stopped because its lease was lost. */
const STOPPED_LEASE_LOST = '(lease lost)';

/** Every slot of `schedule` in (from, to], UTC, as the plugin computes them. */
const slotsBetween = (expression: string, from: number, to: number) => {
  const parsed = parseSchedule(expression);
  if (!parsed.ok) throw new Error(`bad schedule ${expression}`);
  const slots: number[] = [];
  for (let slot = nextSlot(parsed.schedule, 'UTC', from); slot <= to;) {
    slots.push(slot);
    slot = nextSlot(parsed.schedule, 'UTC', slot);
  }
  return slots;
};

const tally = (values: string[]) =>
  values.reduce<Record<string, number>>((counts, value) => {
    counts[value] = (counts[value] ?? 0) + 1;
    return counts;
  }, {});

/**
 * A slot ran twice when two of its runs succeeded, when one ran after another had succeeded, or
 * when two ran at the same time. An attempt after a run that was interrupted (its instance died)
 * or failed is what a retry is, not a duplicate.
 */
/** Whether two of a slot's runs overlapped in time, by their records. */
const overlapped = (runs: SoakRun[]) => {
  const spans = runs
    .map((run) => [run.startedAt ?? 0, run.finishedAt ?? Infinity] as const)
    .sort((a, b) => a[0] - b[0]);
  return spans.some((span, index) => index > 0 && span[0] < spans[index - 1][1]);
};

const ranTwice = (runs: SoakRun[]) => {
  const succeeded = runs.filter((run) => run.status === 'succeeded');
  if (succeeded.length > 1) return true;
  const firstSuccess = Math.min(...succeeded.map((run) => run.startedAt ?? Infinity));
  if (runs.some((run) => (run.startedAt ?? -Infinity) > firstSuccess)) return true;
  return overlapped(runs);
};

const describe = (runs: SoakRun[]) =>
  `task ${runs[0].taskId} slot ${new Date(runs[0].slot!).toISOString()}: ` +
  runs
    .map(
      (run) =>
        `#${run.id} attempt ${run.attempt} ${run.status} (${run.trigger}) on ${run.instanceId} ` +
        `started slot+${run.startedAt! - run.slot!} ms, took ${(run.finishedAt ?? NaN) - run.startedAt!} ms`
    )
    .join('; ');

/** What the run table says about a soak: the figures the tests assert on and CI prints. */
export const buildReport = ({
  title,
  tasks,
  runs,
  leasesHeld,
  edgeMs,
  extra = {},
}: {
  title: string;
  tasks: SoakTask[];
  runs: SoakRun[];
  leasesHeld: number;
  edgeMs: number;
  extra?: Record<string, string | number>;
}): SoakReport => {
  const taskIds = new Set(tasks.map((task) => task.id));
  const mine = runs.filter((run) => taskIds.has(run.taskId));
  const report: SoakReport = {
    title,
    tasks: tasks.length,
    expected: 0,
    ran: 0,
    duplicates: 0,
    overlaps: 0,
    missed: 0,
    missedAtEdges: 0,
    interrupted: 0,
    interruptedRerun: 0,
    lateEndings: 0,
    stoppedLeaseLost: 0,
    killed: 0,
    stillRunning: 0,
    outsideWindow: 0,
    statuses: tally(mine.map((run) => run.status)),
    triggers: tally(mine.map((run) => run.trigger)),
    instances: tally(mine.map((run) => run.instanceId ?? '?')),
    driftP50Ms: NaN,
    driftP95Ms: NaN,
    driftMaxMs: NaN,
    leasesHeld,
    extra,
    duplicateDetails: [],
    unsuccessfulDetails: [],
  };
  const drifts: number[] = [];

  for (const task of tasks) {
    const expected = slotsBetween(task.schedule, task.createdAt, task.endedAt);
    const expectedSet = new Set(expected);
    const bySlot = new Map<number, SoakRun[]>();
    for (const run of mine.filter((entry) => entry.taskId === task.id && entry.slot !== null)) {
      bySlot.set(run.slot!, [...(bySlot.get(run.slot!) ?? []), run]);
      if (!expectedSet.has(run.slot!)) report.outsideWindow += 1;
    }
    report.expected += expected.length;
    for (const slot of expected) {
      const slotRuns = bySlot.get(slot) ?? [];
      const finished = slotRuns.filter(
        (run) => run.status !== FINISHED_ELSEWHERE && run.status !== 'running'
      );
      if (finished.length > 0) report.ran += 1;
      else if (slot - task.createdAt <= edgeMs || task.endedAt - slot <= edgeMs)
        report.missedAtEdges += 1;
      else report.missed += 1;
    }
    for (const slotRuns of bySlot.values()) {
      const notInterrupted = slotRuns.filter((run) => run.status !== FINISHED_ELSEWHERE);
      if (overlapped(slotRuns)) report.overlaps += 1;
      if (ranTwice(slotRuns)) {
        report.duplicates += 1;
        if (report.duplicateDetails.length < 10) report.duplicateDetails.push(describe(slotRuns));
      }
      const interrupted = slotRuns.filter((run) => run.status === FINISHED_ELSEWHERE);
      report.interrupted += interrupted.length;
      if (interrupted.length > 0 && notInterrupted.length > 0) report.interruptedRerun += 1;
    }
  }
  for (const run of mine) {
    if (run.status === FINISHED_ELSEWHERE && run.note?.includes(LATE_ENDING))
      report.lateEndings += 1;
    if (run.status === FINISHED_ELSEWHERE && run.note?.includes(STOPPED_LEASE_LOST))
      report.stoppedLeaseLost += 1;
    if (!['succeeded', 'skipped'].includes(run.status) && report.unsuccessfulDetails.length < 10) {
      report.unsuccessfulDetails.push(
        `#${run.id} ${run.status}, task ${run.taskId} attempt ${run.attempt} on ${run.instanceId}: ${run.note ?? ''}`
      );
    }
    if (run.status === 'killed') report.killed += 1;
    if (run.status === 'running') report.stillRunning += 1;
    // Drift is the timer's (or the route's) precision: first attempts only, not re-runs.
    if (run.attempt === 1 && run.driftMs !== null) drifts.push(run.driftMs);
  }
  report.driftP50Ms = percentile(drifts, 50);
  report.driftP95Ms = percentile(drifts, 95);
  report.driftMaxMs = drifts.length ? Math.max(...drifts) : NaN;
  return report;
};

const list = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key} ${value}`)
    .join(', ');

export const formatReport = (report: SoakReport) => {
  const rows: Array<[string, string | number]> = [
    ['tasks', report.tasks],
    ['slots expected', report.expected],
    ['slots ran', report.ran],
    ['duplicates', report.duplicates],
    ['slots whose runs overlapped (a script on two instances at once)', report.overlaps],
    ['missed (inside the window)', report.missed],
    ['missed at the edges', report.missedAtEdges],
    ['interrupted runs', report.interrupted],
    ['interrupted slots run again', report.interruptedRerun],
    ['interrupted runs that ended after all (lease lost)', report.lateEndings],
    ['interrupted runs stopped by their own instance (lease lost)', report.stoppedLeaseLost],
    ['killed runs', report.killed],
    ['runs still running', report.stillRunning],
    ['runs outside the window', report.outsideWindow],
    ['leases held at the end', report.leasesHeld],
    [
      'drift p50 / p95 / max',
      `${report.driftP50Ms} / ${report.driftP95Ms} / ${report.driftMaxMs} ms`,
    ],
    ['statuses', list(report.statuses)],
    ['triggers', list(report.triggers)],
    ['runs per instance', Object.values(report.instances).join(', ')],
    ...Object.entries(report.extra),
  ];
  return [
    `### ${report.title}`,
    '',
    '| figure | value |',
    '| --- | --- |',
    ...rows.map(([name, value]) => `| ${name} | ${value} |`),
    '',
    ...(report.duplicateDetails.length
      ? ['Duplicated slots:', '', ...report.duplicateDetails.map((line) => `- ${line}`), '']
      : []),
    ...(report.unsuccessfulDetails.length
      ? [
          'Runs that did not succeed (skips aside):',
          '',
          ...report.unsuccessfulDetails.map((line) => `- ${line}`),
          '',
        ]
      : []),
  ].join('\n');
};
