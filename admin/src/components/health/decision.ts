/**
 * The health banner's decision, kept pure: given GET /health (and, when the server does not give a
 * threshold, the shortest interval between two slots of the enabled tasks), what is wrong. No
 * React, no Strapi imports.
 */
import type { Health, HealthOverdueTask, HealthPausedTask, ScriptIntegrity } from '../../api/types';

export interface StaleWakeUps {
  /** When the last wake-up came; null when none was ever recorded. */
  lastWakeUpAt: number | null;
  /** How long ago it came (null when none came). */
  sinceMs: number | null;
  /** How long without a wake-up counts as stopped. */
  thresholdMs: number | null;
}

export interface HealthProblems {
  /** No wake-up for longer than the threshold; null when wake-ups are fine (or unknown). */
  wakeUps: StaleWakeUps | null;
  overdue: HealthOverdueTask[];
  integrity: Array<{ id: number; name: string; integrity: ScriptIntegrity }>;
  /** Tasks whose script, params, schedule or enabled flag were changed outside the plugin. */
  taskIntegrity: Array<{ id: number; name: string; integrity: ScriptIntegrity }>;
  paused: HealthPausedTask[];
  /** Whether the banner shows at all. */
  any: boolean;
}

export const NONE: HealthProblems = {
  wakeUps: null,
  overdue: [],
  integrity: [],
  taskIntegrity: [],
  paused: [],
  any: false,
};

/**
 * The smallest gap between two consecutive slots over all the given previews (each the answer of
 * GET /schedule/preview?count=2 for one expression and zone). Invalid previews and previews with
 * fewer than two slots are ignored; null when nothing is left.
 */
export const shortestInterval = (
  previews: Array<{ valid?: boolean; next?: Array<{ epochMs: number }> } | null | undefined>
): number | null => {
  let shortest: number | null = null;
  for (const preview of previews) {
    if (!preview || preview.valid === false || !Array.isArray(preview.next)) continue;
    for (let i = 1; i < preview.next.length; i += 1) {
      const gap = preview.next[i].epochMs - preview.next[i - 1].epochMs;
      if (Number.isFinite(gap) && gap > 0 && (shortest === null || gap < shortest)) shortest = gap;
    }
  }
  return shortest;
};

/** The distinct (expression, zone) pairs of the enabled tasks, to preview each once. */
export const distinctSchedules = (
  tasks: Array<{ schedule: string; timezone: string; enabled?: boolean }>
): Array<{ expression: string; timezone: string; key: string }> => {
  const seen = new Map<string, { expression: string; timezone: string; key: string }>();
  for (const task of tasks) {
    if (task.enabled === false || !task.schedule) continue;
    const key = `${task.schedule}\u0000${task.timezone}`;
    if (!seen.has(key)) seen.set(key, { expression: task.schedule, timezone: task.timezone, key });
  }
  return [...seen.values()];
};

/** The threshold the server gives (watchdog, issue 9), if any. */
export const serverThresholdMs = (health: Pick<Health, 'watchdog'> | null | undefined) => {
  const threshold = health?.watchdog?.thresholdMs;
  return typeof threshold === 'number' && threshold > 0 ? threshold : null;
};

/** The server's verdict on wake-ups, when it gives one. */
const serverStopped = (health: Pick<Health, 'watchdog'> | null | undefined) => {
  const verdict = health?.watchdog?.wakeUpsStopped ?? health?.watchdog?.stopped;
  return typeof verdict === 'boolean' ? verdict : null;
};

/** Whether the client needs the tasks' schedules to judge wake-ups (no server threshold). */
export const needsSchedules = (health: Pick<Health, 'watchdog'> | null | undefined) =>
  serverThresholdMs(health) === null && serverStopped(health) === null;

/**
 * What is wrong, from the health answer:
 * - wake-ups: the server's verdict when it gives one (`watchdog.wakeUpsStopped`); otherwise no wake-up
 *   for longer than the threshold, which is the server's (`watchdog.thresholdMs`) or twice the
 *   shortest interval between slots of the enabled tasks. Without a recorded wake-up nothing is
 *   said here: overdue tasks say it.
 * - overdue tasks, scripts and tasks changed outside the plugin, tasks that paused themselves.
 */
export const healthProblems = (
  health: Health | null | undefined,
  { shortestIntervalMs = null }: { shortestIntervalMs?: number | null } = {}
): HealthProblems => {
  if (!health) return NONE;
  const now = typeof health.now === 'number' ? health.now : Date.now();
  const lastWakeUpAt =
    health.lastWakeUp?.at ??
    (typeof health.watchdog?.lastWakeUpAt === 'number' ? health.watchdog.lastWakeUpAt : null);
  const thresholdMs =
    serverThresholdMs(health) ??
    (shortestIntervalMs !== null && shortestIntervalMs > 0 ? 2 * shortestIntervalMs : null);
  const sinceMs = lastWakeUpAt === null ? null : Math.max(0, now - lastWakeUpAt);

  const verdict = serverStopped(health);
  const stale = verdict ?? (sinceMs !== null && thresholdMs !== null && sinceMs > thresholdMs);

  // The health answer's overdue list, completed by the watchdog's (late by its threshold).
  const overdue = Array.isArray(health.overdue) ? [...health.overdue] : [];
  for (const task of Array.isArray(health.watchdog?.overdue) ? health.watchdog.overdue : []) {
    if (task && typeof task.id === 'number' && !overdue.some((known) => known.id === task.id)) {
      overdue.push({ id: task.id, name: task.name, nextRunAt: task.dueAt, lateMs: task.lateMs });
    }
  }
  const integrity = Array.isArray(health.scripts?.integrityProblems)
    ? health.scripts.integrityProblems.filter((script) => script.integrity !== 'valid')
    : [];
  const taskIntegrity = Array.isArray(health.tasks?.integrityProblems)
    ? health.tasks.integrityProblems.filter((task) => task.integrity !== 'valid')
    : [];
  const pausedSource =
    [health.watchdog?.paused, health.paused, health.pausedTasks].find(
      (list): list is HealthPausedTask[] => Array.isArray(list)
    ) ?? [];
  const paused = pausedSource.filter(
    (task) => task && typeof task.id === 'number' && typeof task.name === 'string'
  );
  const wakeUps = stale ? { lastWakeUpAt, sinceMs, thresholdMs } : null;
  return {
    wakeUps,
    overdue,
    integrity,
    taskIntegrity,
    paused,
    any:
      Boolean(wakeUps) ||
      overdue.length > 0 ||
      integrity.length > 0 ||
      taskIntegrity.length > 0 ||
      paused.length > 0,
  };
};

/** Polling interval of the banner. */
export const HEALTH_POLL_MS = 60_000;
