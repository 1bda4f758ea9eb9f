/**
 * The health banner's decision, kept pure: given GET /health, what is wrong. No React, no Strapi
 * imports.
 */
import type {
  Health,
  HealthOverdueTask,
  HealthPausedTask,
  HoldState,
  ScriptIntegrity,
} from '../../../../server/src/contracts';

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
  /** The maintenance hold, when it is on: no scheduled run starts anywhere. */
  hold: HoldState | null;
  /** Whether the banner shows at all. */
  any: boolean;
}

export const NONE: HealthProblems = {
  wakeUps: null,
  overdue: [],
  integrity: [],
  taskIntegrity: [],
  paused: [],
  hold: null,
  any: false,
};

/**
 * What is wrong, from the health answer:
 * - wake-ups: the watchdog's verdict (`watchdog.wakeUpsStopped`), with how long ago the last one
 *   came and the watchdog's threshold (twice the shortest interval between slots, or config's);
 * - overdue tasks (the health answer's, completed by the watchdog's), scripts and tasks changed
 *   outside the plugin, tasks that paused themselves;
 * - the maintenance hold, while it is on (the server then counts nothing as overdue).
 */
export const healthProblems = (health: Health | null | undefined): HealthProblems => {
  if (!health) return NONE;
  const { watchdog } = health;
  const lastWakeUpAt = health.lastWakeUp?.at ?? watchdog.lastWakeUpAt;
  const sinceMs = lastWakeUpAt === null ? null : Math.max(0, health.now - lastWakeUpAt);
  const thresholdMs = watchdog.thresholdMs > 0 ? watchdog.thresholdMs : null;

  const overdue = [...health.overdue];
  for (const task of watchdog.overdue) {
    if (!overdue.some((known) => known.id === task.id)) {
      overdue.push({ id: task.id, name: task.name, nextRunAt: task.dueAt, lateMs: task.lateMs });
    }
  }
  const integrity = health.scripts.integrityProblems.filter(
    (script) => script.integrity !== 'valid'
  );
  const taskIntegrity = health.tasks.integrityProblems.filter((task) => task.integrity !== 'valid');
  const paused = watchdog.paused;
  const wakeUps = watchdog.wakeUpsStopped ? { lastWakeUpAt, sinceMs, thresholdMs } : null;
  const hold = health.hold?.held ? health.hold : null;
  return {
    wakeUps,
    overdue,
    integrity,
    taskIntegrity,
    paused,
    hold,
    any:
      hold !== null ||
      Boolean(wakeUps) ||
      overdue.length > 0 ||
      integrity.length > 0 ||
      taskIntegrity.length > 0 ||
      paused.length > 0,
  };
};

/** Polling interval of the banner. */
export const HEALTH_POLL_MS = 60_000;
