import type { Core } from '@strapi/strapi';
import { nextSlot } from '../scheduling';
import { readEpoch } from '../utils/epoch';
import { getService } from '../utils/get-service';
import { getPluginConfig } from '../utils/plugin-config';
import { HOLD_MAX_AGE_MS } from './hold';
import { watchdogVerdict, type HoldState, type WatchdogStatus } from './hold-rules';
import type { Integrity } from './signatures';
import { parsedSchedule } from './slots';
import { noteWatchdogAlert } from './watchdog-alert';

/** `failing` answers 503 on the public health route; `ok` and `warning` answer 200. */
export type { WatchdogStatus };

export interface WatchdogReport {
  status: WatchdogStatus;
  checkedAt: number;
  /** The latest wake-up of any kind (route or timer), or null if none was ever recorded. */
  lastWakeUpAt: number | null;
  /** Something has been due for longer than the threshold and no wake-up came since it was due. */
  wakeUpsStopped: boolean;
  /** Since when the earliest due slot (or retry) has waited, if one is due. */
  dueSince: number | null;
  /** How late counts as stopped or overdue: twice the shortest schedule interval (or config). */
  thresholdMs: number;
  /** Enabled, unpaused tasks whose slot or retry is later than the threshold. */
  overdue: Array<{ id: number; name: string; dueAt: number; lateMs: number }>;
  /** Tasks that paused themselves, with why. */
  paused: Array<{ id: number; name: string; pausedAt: number; pausedReason: string | null }>;
  /** Scripts and tasks changed outside the plugin: they do not run until someone accepts them. */
  changedOutside: Array<{
    kind: 'script' | 'task';
    id: number;
    name: string;
    integrity: Integrity;
  }>;
  /** The maintenance hold: while it is on, nothing is overdue and the status is `warning`. */
  hold: HoldState;
}

/** Schedules more frequent than this are treated as this, so that the watchdog does not flap. */
const MIN_INTERVAL_MS = 30_000;

/**
 * What an administrator needs to see that maintenance is working: when the last wake-up came and
 * from where, what is late, who holds which task, and this instance's sandbox and timer. The
 * watchdog part is what the public health route and the admin banner report.
 */
const createHealthService = ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => getService(strapi, 'taskStore');
  const active = { enabled: true, pausedAt: { $null: true } };

  /** Twice the shortest interval between two slots of any active task (config may fix it). */
  const threshold = async (now: number) => {
    const config = getPluginConfig(strapi);
    if (config.watchdog.thresholdMs !== null) return config.watchdog.thresholdMs;
    const rows = (await store().pickMany(active, ['schedule', 'timezone'])) as Array<{
      schedule: string;
      timezone: string;
    }>;
    let shortest: number | null = null;
    for (const key of new Set(rows.map((row) => `${row.timezone}\n${row.schedule}`))) {
      const [zone, expression] = key.split('\n');
      try {
        const schedule = parsedSchedule(expression);
        const first = nextSlot(schedule, zone, now);
        const gap = nextSlot(schedule, zone, first) - first;
        // A one-off task has no interval (its gap is +Infinity, or NaN once it has run).
        if (Number.isFinite(gap)) shortest = shortest === null ? gap : Math.min(shortest, gap);
      } catch {
        // A schedule that no longer parses is reported by the task's own runs, not here.
      }
    }
    const interval = Math.max(shortest ?? 3_600_000, MIN_INTERVAL_MS);
    return Math.max(2 * interval, config.misfireThresholdMs);
  };

  const lateOf = async (field: 'nextRunAt' | 'retryAt', before: number) =>
    (
      await store().pickMany(
        { ...active, leaseOwner: { $null: true }, [field]: { $lt: before } },
        ['id', 'name', field],
        { orderBy: { [field]: 'asc' } }
      )
    ).map((row) => ({
      id: row.id as number,
      name: row.name as string,
      dueAt: readEpoch(row[field]) as number,
    }));

  /** Every script and task whose signature or seal does not hold. */
  const changedOutside = async (): Promise<WatchdogReport['changedOutside']> => {
    const scripts = getService(strapi, 'scripts');
    const taskService = getService(strapi, 'tasks');
    const found: WatchdogReport['changedOutside'] = [];
    for (const script of await scripts.findMany()) {
      const integrity = scripts.integrity(script);
      if (integrity !== 'valid')
        found.push({ kind: 'script', id: script.id, name: script.name, integrity });
    }
    for (const task of await taskService.findMany()) {
      const integrity = taskService.integrity(task);
      if (integrity !== 'valid')
        found.push({ kind: 'task', id: task.id, name: task.name, integrity });
    }
    return found;
  };

  return {
    /**
     * The watchdog: last wake-up, overdue and paused tasks, and whether wake-ups have stopped.
     * With `notify`, also sends the "wake-ups stopped" event when an incident starts.
     */
    async watchdog({ now = Date.now(), notify = false } = {}): Promise<WatchdogReport> {
      const hold = await getService(strapi, 'hold').refresh({ maxAgeMs: HOLD_MAX_AGE_MS });
      const wakeUps = await getService(strapi, 'wakeups').lastWakes();
      const lastWakeUpAt =
        [wakeUps.route?.at, wakeUps.timer?.at]
          .filter((at): at is number => typeof at === 'number')
          .sort((a, b) => b - a)[0] ?? null;
      const thresholdMs = await threshold(now);
      const due = [...(await lateOf('nextRunAt', now)), ...(await lateOf('retryAt', now))];
      const dueSince = due.length > 0 ? Math.min(...due.map((entry) => entry.dueAt)) : null;
      const late = due
        .filter((entry) => now - entry.dueAt > thresholdMs)
        .map((entry) => ({ ...entry, lateMs: now - entry.dueAt }));
      const stopped =
        dueSince !== null &&
        now - dueSince > thresholdMs &&
        (lastWakeUpAt === null || lastWakeUpAt < dueSince);
      const paused = (
        await store().pickMany(
          { pausedAt: { $notNull: true } },
          ['id', 'name', 'pausedAt', 'pausedReason'],
          { orderBy: { pausedAt: 'asc' } }
        )
      ).map((row) => ({
        id: row.id as number,
        name: row.name as string,
        pausedAt: readEpoch(row.pausedAt) as number,
        pausedReason: (row.pausedReason as string | null) ?? null,
      }));
      const outside = await changedOutside();
      const { status, wakeUpsStopped, countOverdue } = watchdogVerdict({
        held: hold.held,
        paused: paused.length,
        changedOutside: outside.length,
        wakeUpsStopped: stopped,
        overdue: late.length,
      });
      const overdue = countOverdue ? late : [];
      const report: WatchdogReport = {
        status,
        checkedAt: now,
        lastWakeUpAt,
        wakeUpsStopped,
        dueSince,
        thresholdMs,
        overdue,
        paused,
        changedOutside: outside,
        hold,
      };
      if (notify) {
        await noteWatchdogAlert(strapi, report).catch((error: Error) =>
          strapi.log.warn(`[maintenance] watchdog alert failed: ${error.message}`)
        );
      }
      return report;
    },

    async get(now = Date.now()) {
      const config = getPluginConfig(strapi);
      const wakeUps = await getService(strapi, 'wakeups').lastWakes();
      const candidates = [wakeUps.route, wakeUps.timer].filter((wake) => wake !== null);
      const lastWakeUp = candidates.sort((a, b) => b.at - a.at)[0] ?? null;

      // Late by more than the misfire threshold: a wake-up should have come and has not.
      const overdue = (
        await store().pickMany(
          {
            ...active,
            leaseOwner: { $null: true },
            nextRunAt: { $lt: now - config.misfireThresholdMs },
          },
          ['id', 'name', 'nextRunAt'],
          { orderBy: { nextRunAt: 'asc' } }
        )
      ).map((row) => {
        const nextRunAt = readEpoch(row.nextRunAt) as number;
        return {
          id: row.id as number,
          name: row.name as string,
          nextRunAt,
          lateMs: now - nextRunAt,
        };
      });

      const hold = await getService(strapi, 'hold').refresh({ maxAgeMs: HOLD_MAX_AGE_MS });
      const instanceId = getService(strapi, 'scheduler').instanceId;
      const leases = (
        await store().pickMany(
          { leaseOwner: { $notNull: true } },
          ['id', 'name', 'leaseOwner', 'leaseExpiresAt', 'leaseSlot'],
          { orderBy: { id: 'asc' } }
        )
      ).map((row) => {
        const expiresAt = readEpoch(row.leaseExpiresAt);
        return {
          taskId: row.id as number,
          taskName: row.name as string,
          owner: row.leaseOwner as string,
          thisInstance: row.leaseOwner === instanceId,
          slot: readEpoch(row.leaseSlot),
          expiresAt,
          expired: expiresAt !== null && expiresAt < now,
        };
      });

      const watchdog = await this.watchdog({ now, notify: true });
      const problems = (kind: 'script' | 'task') =>
        watchdog.changedOutside
          .filter((entry) => entry.kind === kind)
          .map(({ id, name, integrity }) => ({ id, name, integrity }));

      return {
        now,
        instanceId,
        lastWakeUp,
        wakeUps,
        timer: getService(strapi, 'timer').status(),
        // Scheduled runs going on this instance, against the limit (config `concurrency`).
        runs: getService(strapi, 'scheduler').load(),
        triggerMode: config.triggerMode,
        // While the hold is on, slots wait for it by decision: none is overdue.
        overdue: hold.held ? [] : overdue,
        hold,
        leases,
        scripts: { integrityProblems: problems('script') },
        tasks: { integrityProblems: problems('task') },
        sandbox: getService(strapi, 'sandbox').status(),
        watchdog,
      };
    },
  };
};

export type HealthService = ReturnType<typeof createHealthService>;
export default createHealthService;
