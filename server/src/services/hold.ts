import type { Core } from '@strapi/strapi';
import { validateYupSchema, yup } from '@strapi/utils';
import { PLUGIN_ID } from '../constants';
import { sharedWhileInFlight } from '../utils/async';
import { getService } from '../utils/get-service';
import { noUnknown } from '../validation/no-unknown';
import {
  HOLD_REASON_MAX,
  NOT_HELD,
  liftOf,
  putOn,
  readHold,
  type HoldActor,
  type HoldState,
} from './hold-rules';

export type { HoldActor, HoldState } from './hold-rules';

/**
 * How stale the hold may be when a wake-up decides whether to run anything. A wake-up reads it at
 * most this often per instance (the public route may be called many times a second), so a hold put
 * on elsewhere is in force here within this time; on the instance that put it on, at once.
 */
export const HOLD_MAX_AGE_MS = 1_000;

const pauseSchema = yup
  .object()
  .typeError('the body must be a JSON object')
  .shape({
    reason: yup
      .string()
      .typeError('reason must be text')
      .nullable()
      .max(HOLD_REASON_MAX, `reason must be at most ${HOLD_REASON_MAX} characters`),
  })
  .test(noUnknown());

/**
 * The maintenance hold ("pause everything"): while it is on, no wake-up (timer, route, command
 * line) starts a scheduled run on any instance; run now still runs. Kept in the core store under
 * its own key, apart from the settings, so that a settings save never undoes a hold put on at the
 * same moment elsewhere. Slots that pass meanwhile stay due (nextRunAt does not move), so when the
 * hold is lifted each task's misfire policy decides what happens to them.
 */
const createHoldService = ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID });
  let current: HoldState = NOT_HELD;
  let refreshedAt = -Infinity;

  const read = async () => {
    const startedAt = Date.now();
    current = readHold(await store().get({ key: 'hold' }));
    refreshedAt = startedAt;
    return current;
  };
  /** A caller content with a recent value waits for a read under way instead of reading. */
  const recentRead = sharedWhileInFlight(read);

  const save = async (next: HoldState) => {
    await store().set({ key: 'hold', value: next });
    current = next;
    refreshedAt = Date.now();
    // Put on: the timer here stops at once. Lifted: what is due runs at once here, and on the
    // other instances at their next re-check (or the next route call).
    getService(strapi, 'timer').reconsider();
    return next;
  };

  return {
    /** Reads the hold from the database, unless it was read within `maxAgeMs`. */
    async refresh({ maxAgeMs = 0 }: { maxAgeMs?: number } = {}): Promise<HoldState> {
      if (maxAgeMs === 0) return read();
      return Date.now() - refreshedAt < maxAgeMs ? current : recentRead();
    },

    /** The hold as last read on this instance (no database call). */
    state: (): HoldState => current,

    isHeld: () => current.held,

    /** Puts the hold on (400 naming `reason` when it is not text of at most 500 characters). */
    async pause(input: unknown, by: HoldActor): Promise<HoldState> {
      const { reason } = (await validateYupSchema(pauseSchema)(input ?? {})) as {
        reason?: string | null;
      };
      const latest = await this.refresh();
      const trimmed = reason?.trim() || null;
      const next = putOn(latest, { now: Date.now(), by, reason: trimmed });
      return next === latest ? latest : save(next);
    },

    async resume(by: HoldActor): Promise<HoldState> {
      const latest = await this.refresh();
      const next = liftOf(latest, { now: Date.now(), by });
      return next === latest ? latest : save(next);
    },
  };
};

export type HoldService = ReturnType<typeof createHoldService>;
export default createHoldService;
