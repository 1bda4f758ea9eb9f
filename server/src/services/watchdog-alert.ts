import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../constants';
import { getService } from '../utils/get-service';

/**
 * The "wake-ups stopped" event, sent once per incident by whichever instance notices first: the
 * incident's state lives in the core store, moved by one conditional UPDATE that one instance wins.
 */

/** Core-store key recording whether the "wake-ups stopped" event was sent for this incident. */
const ALERT_KEY = `plugin_${PLUGIN_ID}_watchdog-alert`;

/** What the alert needs of a watchdog report (health.ts). */
interface Observed {
  checkedAt: number;
  wakeUpsStopped: boolean;
  dueSince: number | null;
  lastWakeUpAt: number | null;
  thresholdMs: number;
  overdue: unknown[];
}

interface AlertState {
  stopped: boolean;
  since?: number | null;
  firedAt?: number;
  instanceId?: string;
}

const readAlert = async (strapi: Core.Strapi) => {
  const row = await strapi.db
    .query('strapi::core-store')
    .findOne({ where: { key: ALERT_KEY }, select: ['value'] });
  return row ? (row.value as string) : null;
};

/**
 * Moves the alert state from `from` (a stored value) to `to` with one conditional UPDATE: of
 * several instances noticing the same change, exactly one wins and sends the event.
 */
const swapAlert = async (strapi: Core.Strapi, from: string | null, to: AlertState) => {
  const coreStore = strapi.db.query('strapi::core-store');
  const where = { key: ALERT_KEY, environment: null, tag: null };
  if (from === null) {
    await coreStore.create({
      data: { ...where, value: JSON.stringify({ stopped: false }), type: 'object' },
    });
    from = JSON.stringify({ stopped: false });
  }
  const { count } = await coreStore.updateMany({
    where: { ...where, value: from },
    data: { value: JSON.stringify(to) },
  });
  return count > 0;
};

/** Sends "wake-ups stopped" once per incident, whichever instance notices first. */
export const noteWatchdogAlert = async (strapi: Core.Strapi, report: Observed) => {
  const stored = await readAlert(strapi);
  const state = stored ? (JSON.parse(stored) as AlertState) : { stopped: false };
  if (report.wakeUpsStopped === state.stopped) return;
  const next: AlertState = report.wakeUpsStopped
    ? {
        stopped: true,
        since: report.dueSince,
        firedAt: report.checkedAt,
        instanceId: getService(strapi, 'scheduler').instanceId,
      }
    : { stopped: false };
  const won = await swapAlert(strapi, stored, next);
  if (won && report.wakeUpsStopped) {
    getService(strapi, 'notifications').wakeUpsStopped({
      lastWakeUpAt: report.lastWakeUpAt,
      dueSince: report.dueSince as number,
      thresholdMs: report.thresholdMs,
      overdue: report.overdue.length,
    });
  }
};
