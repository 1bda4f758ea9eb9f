import type { Core } from '@strapi/strapi';
import { UIDS } from '../constants';
import { bounded, within } from '../utils/async';
import { getService } from '../utils/get-service';
import { getPluginConfig } from '../utils/plugin-config';
import { leaseTimings } from './lease-rules';

/** How long the timer waits before looking again when a wake-up left something due. */
const RETRY_MS = 1000;

/**
 * The built-in wake-up: one timeout per instance, armed for the earliest moment the tasks need
 * attention (a slot, or a lease that may have been abandoned) and never further away than the
 * re-check interval, which is how changes made on other instances are noticed. Nothing polls in
 * between. It wakes through the same claim as the public route, so any number of instances and an
 * external cron together still run each slot once.
 *
 * With autoRun off the timer never looks at tasks; it only re-reads the settings at each re-check,
 * so that autoRun switched on in the admin panel reaches every instance.
 */
const createTimerService = ({ strapi }: { strapi: Core.Strapi }) => {
  let started = false;
  let handle: NodeJS.Timeout | undefined;
  let firesAt: number | null = null;
  let ticking = false;
  let rearmWanted = false;
  let unsubscribe: (() => void) | undefined;
  let watchdogCheckedAt = 0;

  /**
   * The watchdog looks from here too (at most once per re-check interval), so that wake-ups that
   * stopped coming from an external cron are reported even when nobody opens the health page.
   */
  const watch = async () => {
    const now = Date.now();
    const config = getPluginConfig(strapi);
    if (now - watchdogCheckedAt < config.recheckMs) return;
    watchdogCheckedAt = now;
    const { callMs } = leaseTimings(config.leaseMs);
    await bounded(getService(strapi, 'health').watchdog({ now, notify: true }), callMs, 'watchdog');
    // Runs nobody will ever finish (their holder let the task go without recording them) are
    // looked for at the same pace: they are rare, and the query is two indexed reads.
    if (config.autoRun) await getService(strapi, 'scheduler').sweepOrphans(now);
  };

  /**
   * The timer's own wake-up: it starts the runs that fit (config `concurrency`) and does not wait
   * for them, so that a long run never keeps the timer from starting another task's slot; each run
   * that ends makes the timer look again (scheduler wake, `detach`). The wake-up itself is waited
   * for at most a lease period: one that takes longer (a database that does not answer) carries
   * on by itself, and the timer goes on ticking meanwhile, so that one wake-up that never ends
   * cannot silence this instance. A later wake-up finds the tasks it still holds held by this
   * instance and leaves them to it.
   */
  const wakeWithin = async (waitMs: number) => {
    const work = getService(strapi, 'wakeups').wake({ trigger: 'timer', detach: true });
    const result = await within(work, waitMs);
    if (result !== 'time-up') return result;
    work.catch((error: Error) =>
      strapi.log.warn(`[maintenance] timer wake-up failed: ${error.message}`)
    );
    strapi.log.info(
      `[maintenance] a timer wake-up is taking longer than ${waitMs} ms; it carries on, and the timer with it`
    );
    return null;
  };

  const arm = (delayMs: number) => {
    clearTimeout(handle);
    handle = undefined;
    firesAt = null;
    if (!started) return;
    const delay = Math.max(0, Math.min(delayMs, getPluginConfig(strapi).recheckMs));
    firesAt = Date.now() + delay;
    handle = setTimeout(() => void tick(), delay);
    // The timer alone never keeps the process alive.
    handle.unref();
  };

  const tick = async () => {
    handle = undefined;
    firesAt = null;
    if (!started) return;
    if (ticking) {
      rearmWanted = true;
      return;
    }
    ticking = true;
    let delay = getPluginConfig(strapi).recheckMs;
    try {
      const { callMs } = leaseTimings(getPluginConfig(strapi).leaseMs);
      await bounded(getService(strapi, 'settings').refresh(), callMs, 'reading the settings');
      if (started && getPluginConfig(strapi).autoRun) {
        const result = await wakeWithin(getPluginConfig(strapi).leaseMs);
        if (result === null) delay = RETRY_MS;
        else if (result.nextAttentionAt !== null) {
          const wait = result.nextAttentionAt - Date.now();
          delay = wait > 0 ? wait : RETRY_MS;
        }
      }
      if (started) await watch();
    } catch (error) {
      getService(strapi, 'scheduler').databaseFailed();
      strapi.log.warn(`[maintenance] timer wake-up failed: ${(error as Error).message}`);
      delay = Math.min(delay, 5 * RETRY_MS);
    } finally {
      ticking = false;
    }
    if (rearmWanted) {
      rearmWanted = false;
      delay = 0;
    }
    arm(delay);
  };

  /** Looks again now: a task or the settings changed on this instance. */
  const reconsider = () => {
    if (!started) return;
    if (ticking) rearmWanted = true;
    else arm(0);
  };

  return {
    reconsider,

    start() {
      if (started) return;
      started = true;
      // Any write to a task on this instance, whichever API made it (admin, Document Service,
      // another plugin), re-arms the timer. Leases are taken with plain SQL and do not.
      unsubscribe = strapi.db.lifecycles.subscribe({
        models: [UIDS.task],
        afterCreate: reconsider,
        afterCreateMany: reconsider,
        afterUpdate: reconsider,
        afterUpdateMany: reconsider,
        afterDelete: reconsider,
        afterDeleteMany: reconsider,
      });
      arm(0);
    },

    /** No new wake-up starts; one in progress is left to the caller to wait for. */
    stop() {
      started = false;
      unsubscribe?.();
      unsubscribe = undefined;
      arm(0);
    },

    status() {
      const config = getPluginConfig(strapi);
      return {
        autoRun: config.autoRun,
        running: started,
        /** When this instance's timer next fires (epoch ms), null while it is waking. */
        firesAt,
        waking: ticking,
        recheckMs: config.recheckMs,
      };
    },
  };
};

export type TimerService = ReturnType<typeof createTimerService>;
export default createTimerService;
