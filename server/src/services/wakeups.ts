import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../constants';
import { bounded, sharedWhileInFlight, within } from '../utils/async';
import { getService } from '../utils/get-service';
import { getPluginConfig } from '../utils/plugin-config';
import { HOLD_MAX_AGE_MS } from './hold';
import { leaseTimings } from './lease-rules';
import type { WakeTrigger } from './scheduler';
import {
  earliest,
  summarise,
  type Attention,
  type LastWake,
  type WakeOutcome,
  type WakeResult,
} from './wakeup-rules';

const RETENTION_INTERVAL_MS = 3_600_000;
/**
 * A cron calls once a minute; a load balancer's health check or a busy monitor may call many times
 * a second. The health page and the watchdog judge wake-ups in minutes, so one write a second per
 * instance, trigger and token says all they need, and keeps a write off nearly every call.
 */
const WAKE_RECORD_INTERVAL_MS = 1_000;

/**
 * The one way in for every wake-up, the public route's and the timer's: a cheap check first, then
 * the scheduler's claim-and-run, which is what keeps every slot to one run however many callers
 * there are. Also records when each kind of wake-up last came, and applies the history retention.
 */
const createWakeupsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const inFlight = new Set<Promise<unknown>>();
  /**
   * Whether a wake-up here is waiting for room for its due tasks. Only one does at a time: the
   * others start what fits and answer. Each waiting call would otherwise hold on to its list of
   * due tasks and try to claim every one of them as room came free, so that a burst of calls (a
   * load balancer's checks, a busy monitor) turned each slot into a claim per call and task, and
   * on a loaded machine the calls queued up to their full wait.
   */
  let waitingForRoom = false;
  let lastRetention = { at: 0, policy: '' };
  const lastRecorded = new Map<string, number>();
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID });

  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    const forget = () => inFlight.delete(work);
    work.then(forget, forget);
    return work;
  };

  /** What the tasks need, in one statement (task-store.ts, horizon). */
  const attention = async (): Promise<Attention> => {
    const horizon = await getService(strapi, 'taskStore').horizon();
    return {
      nextFree: earliest(horizon.nextFree, horizon.nextRetry),
      nextHeld: horizon.nextHeld,
      nextOverlap: horizon.nextOverlap,
      nextExpiry: horizon.nextExpiry,
    };
  };

  /**
   * A wake-up's own database calls are bounded like the scheduler's (lease-rules.ts), and a
   * failure counts against the database's health there: after an outage, this instance waits for
   * the holders of expired leases to renew before it takes any over.
   */
  const guarded = async <T>(work: Promise<T>, what: string): Promise<T> => {
    try {
      return await bounded(work, leaseTimings(getPluginConfig(strapi).leaseMs).callMs, what);
    } catch (error) {
      getService(strapi, 'scheduler').databaseFailed();
      throw error;
    }
  };

  /**
   * The route's first read, shared by the calls that come while one is in flight: a burst of
   * calls (many a second, on every instance) reads the tasks table once at a time per instance,
   * instead of queuing a read per call for the database's connections, where the runs' own
   * records and lease renewals wait their turn. The times it returns are compared with each
   * call's own clock, and a call that then finds something due reads again as it claims.
   */
  const sharedAttention = sharedWhileInFlight(attention);

  const isDue = (seen: Attention, now: number) =>
    (seen.nextFree !== null && seen.nextFree <= now) ||
    (seen.nextOverlap !== null && seen.nextOverlap <= now) ||
    (seen.nextExpiry !== null && seen.nextExpiry < now);

  const recordWake = async (trigger: WakeTrigger, token?: string) => {
    const now = Date.now();
    const recordKey = `${trigger}\u0000${token ?? ''}`;
    if (now - (lastRecorded.get(recordKey) ?? -Infinity) < WAKE_RECORD_INTERVAL_MS) return;
    lastRecorded.set(recordKey, now);
    const value: LastWake = {
      at: now,
      trigger,
      instanceId: getService(strapi, 'scheduler').instanceId,
      ...(token ? { token } : {}),
    };
    // One UPDATE by key (the core store's own set() reads first); a row is created only the
    // first time, and any duplicate a first-time race made is overwritten along with it.
    const coreStore = strapi.db.query('strapi::core-store');
    const where = { key: `plugin_${PLUGIN_ID}_last-wake-${trigger}`, environment: null, tag: null };
    const data = { value: JSON.stringify(value), type: 'object' };
    const { count } = await guarded(coreStore.updateMany({ where, data }), 'recording a wake-up');
    if (count === 0) {
      await guarded(coreStore.create({ data: { ...where, ...data } }), 'recording a wake-up');
    }
  };

  const applyRetention = async () => {
    const { retention } = getPluginConfig(strapi);
    const policy = JSON.stringify(retention);
    // Once an hour per instance, and at once after the policy changed.
    const recent = Date.now() - lastRetention.at < RETENTION_INTERVAL_MS;
    if (retention.days === null || (recent && policy === lastRetention.policy)) return;
    lastRetention = { at: Date.now(), policy };
    const { deleted } = await getService(strapi, 'runs').purge({
      cutoff: Date.now() - retention.days * 86_400_000,
      keepLast: retention.keepLast,
    });
    if (deleted > 0) strapi.log.info(`[maintenance] retention: deleted ${deleted} old run(s)`);
  };

  /** Wake-ups this process has had, by trigger, since it started (the metrics' counter). */
  const wakeCounts: Record<WakeTrigger, number> = { route: 0, timer: 0 };

  return {
    wakeCounts: () => ({ ...wakeCounts }),

    /**
     * Runs whatever is due. With `waitMs`, answers once the runs are over or when that time is up,
     * whichever comes first; runs still going then carry on and finish their records. With
     * `detach` (the timer), answers once the runs that fit are started (scheduler wake).
     */
    async wake({
      trigger,
      waitMs,
      token,
      detach = false,
    }: {
      trigger: WakeTrigger;
      waitMs?: number;
      detach?: boolean;
      /** The name of the token the route's caller presented. */
      token?: string;
    }): Promise<WakeResult> {
      wakeCounts[trigger] += 1;
      // The route's calls are recorded even when nothing is due: that is what shows the
      // external cron is calling. The timer's only when it had something to do.
      // (Beside the reads below, so that the calls that do not write it do not get ahead of the
      // one that does and read again once it is done.)
      const recorded = trigger === 'route' ? recordWake(trigger, token) : undefined;
      // The timer reads the hold afresh at each wake-up (they are few); the route, which may be
      // called many times a second, at most once a second per instance.
      const maxAgeMs = trigger === 'timer' ? 0 : HOLD_MAX_AGE_MS;
      const hold = getService(strapi, 'hold').refresh({ maxAgeMs });
      const look = trigger === 'route' ? sharedAttention() : attention();
      const [, { held }, before] = await Promise.all([
        recorded,
        guarded(hold, 'reading the hold'),
        guarded(look, 'looking for due tasks'),
      ]);
      const nextDueBefore = earliest(before.nextFree, before.nextHeld);
      if (held || !isDue(before, Date.now())) {
        return {
          ...summarise([]),
          nextDueAt: nextDueBefore,
          outcomes: [],
          // Held: nothing to attend to until the hold is lifted (here at once, elsewhere at the
          // timer's re-check), so the timer waits its re-check interval instead of spinning.
          nextAttentionAt: held
            ? null
            : earliest(before.nextFree, before.nextOverlap, before.nextExpiry),
          held,
        };
      }
      if (trigger === 'timer') await recordWake(trigger);

      const pending = new Map<number, string>();
      const finished: WakeOutcome[] = [];
      const waitForRoom = !detach && !waitingForRoom;
      if (waitForRoom) waitingForRoom = true;
      const work = track(
        (async () => {
          const summary = await getService(strapi, 'scheduler')
            .wake({
              trigger,
              detach,
              waitForRoom,
              onStart: track,
              onRound: (due) => due.forEach((task) => pending.set(task.id, task.name)),
              onOutcome: (outcome) => {
                finished.push(outcome);
                pending.delete(outcome.taskId);
              },
            })
            .finally(() => {
              if (waitForRoom) waitingForRoom = false;
            });
          if (summary.started > 0) {
            await applyRetention().catch((error: Error) =>
              strapi.log.warn(`[maintenance] retention failed: ${error.message}`)
            );
          }
          const after = await guarded(attention(), 'looking for due tasks');
          return { summary, after };
        })()
      );

      const first = waitMs === undefined ? await work : await within(work, waitMs);

      if (first !== 'time-up') {
        const { summary, after } = first;
        return {
          ...summarise(summary.outcomes),
          nextDueAt: summary.nextDueAt,
          outcomes: summary.outcomes,
          nextAttentionAt: earliest(after.nextFree, after.nextOverlap, after.nextExpiry),
          held: summary.held,
        };
      }
      work.catch((error: Error) =>
        strapi.log.error(`[maintenance] a ${trigger} wake-up failed: ${error.message}`)
      );
      const stillRunning: WakeOutcome[] = [...pending].map(([taskId, taskName]) => ({
        taskId,
        taskName,
        outcome: 'running',
      }));
      const outcomes = [...finished, ...stillRunning];
      const now = await guarded(attention(), 'looking for due tasks');
      return {
        ...summarise(outcomes),
        nextDueAt: earliest(now.nextFree, now.nextHeld),
        outcomes,
        nextAttentionAt: earliest(now.nextFree, now.nextOverlap, now.nextExpiry),
        held: false,
      };
    },

    /** Work that must end (or be ended) before Strapi closes the database. */
    track,

    /** Waits for the wake-ups and manual runs in progress, at most `timeoutMs`. */
    async settle(timeoutMs: number) {
      if (inFlight.size > 0) await within(Promise.allSettled([...inFlight]), timeoutMs);
    },

    async lastWakes(): Promise<{ route: LastWake | null; timer: LastWake | null }> {
      const [route, timer] = await Promise.all([
        store().get({ key: 'last-wake-route' }) as Promise<LastWake | null>,
        store().get({ key: 'last-wake-timer' }) as Promise<LastWake | null>,
      ]);
      return { route: route ?? null, timer: timer ?? null };
    },
  };
};

export type WakeupsService = ReturnType<typeof createWakeupsService>;
export default createWakeupsService;
