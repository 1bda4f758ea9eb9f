import type { Core } from '@strapi/strapi';
import { errors, validateYupSchema } from '@strapi/utils';
import { PLUGIN_ID } from '../constants';
import { ConflictError } from '../utils/errors';
import { getService } from '../utils/get-service';
import { getFileConfig, getPluginConfig, setConfigOverrides } from '../utils/plugin-config';
import { validateKeyed } from '../validation/keyed';
import {
  EDITABLE,
  checkConsistency,
  editableOf,
  overridesOf,
  updateSchema,
  withChanges,
  type Editable,
  type StoredSettings,
} from './settings-rules';
import {
  matchToken,
  newToken,
  newTokenSchema,
  presentedToken,
  tokenView,
  trimmedName,
  unauthorized,
} from './wake-tokens';

export interface WakeCaller {
  /** The token the caller presented, when it presented a valid one. */
  token: { id: string; name: string } | null;
}

const TOKEN_USE_WRITE_INTERVAL_MS = 60_000;
/** How stale the settings may be when the public route decides who may call it. */
const WAKE_SETTINGS_MAX_AGE_MS = 1_000;

/**
 * The admin settings and the wake-up tokens, stored in the plugin store and put in force over
 * config/plugins on every instance (the rules are settings-rules.ts and wake-tokens.ts).
 */
const createSettingsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID });
  let stored: StoredSettings = {};
  let refreshedAt = -Infinity;
  const lastUseWritten = new Map<string, number>();

  const apply = (settings: StoredSettings) => {
    stored = settings;
    setConfigOverrides(strapi, overridesOf(settings));
  };

  const save = async (settings: StoredSettings) => {
    await store().set({ key: 'settings', value: settings });
    apply(settings);
    // The timer on this instance follows at once; the others at their next re-check.
    getService(strapi, 'timer').reconsider();
  };

  return {
    /**
     * Reads the settings saved from any instance and puts them in force here. With `maxAgeMs`,
     * settings read that recently are taken as they are: the public route is called far more
     * often than settings change, and a change made on another instance is then in force here
     * within that time.
     */
    async refresh({ maxAgeMs = 0 }: { maxAgeMs?: number } = {}) {
      const now = Date.now();
      if (maxAgeMs > 0 && now - refreshedAt < maxAgeMs) return;
      const value = (await store().get({ key: 'settings' })) as StoredSettings | null;
      apply(value && typeof value === 'object' ? value : {});
      refreshedAt = now;
    },

    async get() {
      const usage = ((await store().get({ key: 'token-usage' })) ?? {}) as Record<string, number>;
      return {
        ...editableOf(getPluginConfig(strapi)),
        tokens: (stored.tokens ?? []).map((token) => tokenView(token, usage)),
        overridden: EDITABLE.filter((key) => stored[key] !== undefined && stored[key] !== null),
        configDefaults: editableOf(getFileConfig(strapi)),
      };
    },

    /** Changes what the body names; null puts a setting back to config/plugins' value. */
    async update(input: unknown) {
      await this.refresh();
      const changes = (await validateKeyed(updateSchema())(input)) as Partial<
        Record<Editable, unknown>
      >;
      const next = withChanges(stored, changes);
      checkConsistency(next, getFileConfig(strapi));
      await save(next);
      return this.get();
    },

    /** A new token for the wake-up route, returned in clear this once. */
    async createToken(input: unknown, { userId }: { userId?: number } = {}) {
      await this.refresh();
      const tokens = stored.tokens ?? [];
      const { name } = (await validateYupSchema(newTokenSchema(tokens))(trimmedName(input))) as {
        name: string;
      };
      const { secret, token } = newToken(name, userId ?? null, Date.now());
      await save({ ...stored, tokens: [...tokens, token] });
      return { ...tokenView(token, {}), token: secret };
    },

    async deleteToken(id: string) {
      await this.refresh();
      const tokens = stored.tokens ?? [];
      const token = tokens.find((candidate) => candidate.id === id);
      if (!token) throw new errors.NotFoundError(`token ${id} not found`);
      const remaining = tokens.filter((candidate) => candidate.id !== id);
      if (remaining.length === 0 && getPluginConfig(strapi).triggerMode === 'token') {
        throw new ConflictError(
          'this is the last token and the trigger mode is token: create another token or change the mode first'
        );
      }
      await save({ ...stored, tokens: remaining });
      return tokenView(token, {});
    },

    /**
     * Decides whether a call to runMaintenanceTasks may wake the plugin. A token that is there but
     * malformed or unknown is refused whatever the mode, so that a caller never believes it is
     * authenticated when it is not.
     */
    async authorizeWake({
      authorization,
      queryToken,
      route = 'runMaintenanceTasks',
    }: {
      authorization?: string;
      queryToken?: unknown;
      /** The public route asking, named in the 403 of disabled mode. */
      route?: string;
    }): Promise<WakeCaller> {
      const presented = presentedToken({ authorization, queryToken });

      await this.refresh({ maxAgeMs: WAKE_SETTINGS_MAX_AGE_MS });
      const mode = getPluginConfig(strapi).triggerMode;
      if (mode === 'disabled') {
        throw new errors.ForbiddenError(`the ${route} route is disabled`);
      }
      if (presented === undefined) {
        if (mode === 'token') throw unauthorized();
        return { token: null };
      }

      const found = matchToken(stored.tokens ?? [], presented);
      if (!found) throw unauthorized();
      await this.noteTokenUse(found.id);
      return { token: { id: found.id, name: found.name } };
    },

    /** When each token was last used, written at most once a minute per token and instance. */
    async noteTokenUse(id: string, now = Date.now()) {
      if (now - (lastUseWritten.get(id) ?? 0) < TOKEN_USE_WRITE_INTERVAL_MS) return;
      lastUseWritten.set(id, now);
      const usage = ((await store().get({ key: 'token-usage' })) ?? {}) as Record<string, number>;
      const live = new Set((stored.tokens ?? []).map((token) => token.id));
      const kept = Object.fromEntries(Object.entries(usage).filter(([key]) => live.has(key)));
      await store().set({ key: 'token-usage', value: { ...kept, [id]: now } });
    },
  };
};

export type SettingsService = ReturnType<typeof createSettingsService>;
export default createSettingsService;
