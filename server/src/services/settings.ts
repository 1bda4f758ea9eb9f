import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { errors, validateYupSchema, yup } from '@strapi/utils';
import {
  CONCURRENCY_BOUNDS,
  RETENTION_BOUNDS,
  type MaintenanceConfig,
  type RunLimits,
} from '../config';
import { PLUGIN_ID, TRIGGER_MODES, type TriggerMode } from '../constants';
import { LIMIT_BOUNDS } from '../sandbox';
import { ConflictError } from '../utils/errors';
import { getService } from '../utils/get-service';
import { getFileConfig, getPluginConfig, setConfigOverrides } from '../utils/plugin-config';
import { noUnknown } from '../validation/no-unknown';

/** What the admin panel may change at run time, over config/plugins. */
const EDITABLE = [
  'triggerMode',
  'autoRun',
  'concurrency',
  'defaults',
  'caps',
  'retention',
] as const;
type Editable = (typeof EDITABLE)[number];

interface StoredToken {
  id: string;
  name: string;
  /** sha256 of the token, hex; the token itself is shown once and never stored. */
  hash: string;
  /** The first characters, so that an administrator can tell tokens apart. */
  prefix: string;
  createdAt: number;
  createdBy: number | null;
}

type StoredSettings = Partial<Pick<MaintenanceConfig, Editable>> & { tokens?: StoredToken[] };

export interface WakeCaller {
  /** The token the caller presented, when it presented a valid one. */
  token: { id: string; name: string } | null;
}

const TOKEN_PATTERN = /^mnt_[A-Za-z0-9_-]{43}$/;
const TOKEN_USE_WRITE_INTERVAL_MS = 60_000;
/** How stale the settings may be when the public route decides who may call it. */
const WAKE_SETTINGS_MAX_AGE_MS = 1_000;
export const MAX_TOKENS = 20;

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** One answer for every refused token, so that a caller learns nothing about why. */
const unauthorized = () => new errors.UnauthorizedError('Unauthorized');

const wholeNumber = (label: string, [min, max]: readonly [number, number]) =>
  yup
    .number()
    .typeError(`${label} must be a whole number`)
    .integer(`${label} must be a whole number`)
    .min(min, `${label} must be at least ${min}`)
    .max(max, `${label} must be at most ${max}`);

const boundedInt = (label: string, bounds: readonly [number, number]) =>
  wholeNumber(label, bounds).required(`${label} is required`);

const limitsSchema = (name: string) =>
  yup
    .object({
      timeLimitMs: boundedInt(`${name}.timeLimitMs`, LIMIT_BOUNDS.cpuMs),
      memoryLimitMb: boundedInt(`${name}.memoryLimitMb`, LIMIT_BOUNDS.memoryMb),
      wallTimeLimitMs: boundedInt(`${name}.wallTimeLimitMs`, LIMIT_BOUNDS.wallMs),
    })
    .typeError(`${name} must be an object with timeLimitMs, memoryLimitMb and wallTimeLimitMs`)
    .test(noUnknown('field', `${name}.`))
    .nullable()
    .default(undefined);

const createSettingsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID });
  let stored: StoredSettings = {};
  let refreshedAt = -Infinity;
  const lastUseWritten = new Map<string, number>();

  const overridesOf = (settings: StoredSettings): Partial<MaintenanceConfig> =>
    Object.fromEntries(
      EDITABLE.filter((key) => settings[key] !== undefined && settings[key] !== null).map((key) => [
        key,
        settings[key],
      ])
    );

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

  const tokenView = (token: StoredToken, usage: Record<string, number>) => ({
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    createdAt: token.createdAt,
    createdBy: token.createdBy,
    lastUsedAt: usage[token.id] ?? null,
  });

  const editableOf = (config: MaintenanceConfig) => ({
    triggerMode: config.triggerMode,
    autoRun: config.autoRun,
    concurrency: config.concurrency,
    defaults: config.defaults,
    caps: config.caps,
    retention: config.retention,
  });

  const updateSchema = () =>
    yup
      .object()
      .typeError('the body must be a JSON object')
      .required('the body must be a JSON object')
      .shape({
        triggerMode: yup
          .mixed<TriggerMode>()
          .nullable()
          .oneOf(
            [...TRIGGER_MODES, null],
            `triggerMode must be one of ${TRIGGER_MODES.join(', ')} (or null)`
          ),
        autoRun: yup.boolean().typeError('autoRun must be true, false or null').nullable(),
        concurrency: wholeNumber('concurrency', CONCURRENCY_BOUNDS).nullable(),
        defaults: limitsSchema('defaults'),
        caps: limitsSchema('caps'),
        retention: yup
          .object({
            days: yup
              .number()
              .typeError('retention.days must be a whole number or null')
              .integer('retention.days must be a whole number or null')
              .min(
                RETENTION_BOUNDS.days[0],
                `retention.days must be at least ${RETENTION_BOUNDS.days[0]}`
              )
              .max(
                RETENTION_BOUNDS.days[1],
                `retention.days must be at most ${RETENTION_BOUNDS.days[1]}`
              )
              .nullable()
              .defined('retention.days is required (null keeps runs forever)'),
            keepLast: boundedInt('retention.keepLast', RETENTION_BOUNDS.keepLast),
          })
          .typeError('retention must be an object with days and keepLast')
          .test(noUnknown('field', 'retention.'))
          .nullable()
          .default(undefined),
      })
      .test(noUnknown());

  /** Checks that need the settings as a whole: limits within caps, a token for token mode. */
  const checkConsistency = (next: StoredSettings) => {
    const file = getFileConfig(strapi);
    const defaults = next.defaults ?? file.defaults;
    const caps = next.caps ?? file.caps;
    const problems: Array<{ path: string[]; message: string; name: string }> = [];
    for (const field of Object.keys(defaults) as Array<keyof RunLimits>) {
      if (defaults[field] > caps[field]) {
        problems.push({
          path: ['defaults', field],
          message: `defaults.${field} (${defaults[field]}) must not exceed the cap (${caps[field]})`,
          name: 'ValidationError',
        });
      }
    }
    if ((next.triggerMode ?? file.triggerMode) === 'token' && !next.tokens?.length) {
      problems.push({
        path: ['triggerMode'],
        message: 'triggerMode token needs a token: create one first',
        name: 'ValidationError',
      });
    }
    if (problems.length > 0) {
      const message =
        problems.length === 1 ? problems[0].message : `${problems.length} errors occurred`;
      throw new errors.ValidationError(message, { errors: problems });
    }
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
      const changes = (await validateYupSchema(updateSchema())(input)) as Partial<
        Record<Editable, unknown>
      >;
      const next: StoredSettings = { ...stored };
      for (const key of EDITABLE) {
        if (!(key in changes)) continue;
        if (changes[key] === null) delete next[key];
        else (next as Record<string, unknown>)[key] = changes[key];
      }
      checkConsistency(next);
      await save(next);
      return this.get();
    },

    /** A new token for the wake-up route, returned in clear this once. */
    async createToken(input: unknown, { userId }: { userId?: number } = {}) {
      await this.refresh();
      const tokens = stored.tokens ?? [];
      const body =
        input && typeof input === 'object' && typeof (input as { name?: unknown }).name === 'string'
          ? { ...input, name: (input as { name: string }).name.trim() }
          : input;
      const { name } = (await validateYupSchema(
        yup
          .object()
          .typeError('the body must be a JSON object')
          .required('the body must be a JSON object')
          .shape({
            name: yup
              .string()
              .typeError('name must be text')
              .max(60, 'name must be at most 60 characters')
              // yup's required refuses '' too: one message for both, not one each.
              .required('name is required and must not be empty')
              .test(
                'unique',
                'a token with this name already exists',
                (value) => !tokens.some((token) => token.name === value)
              ),
          })
          .test(noUnknown())
          .test(
            'room',
            `at most ${MAX_TOKENS} tokens; delete one first`,
            () => tokens.length < MAX_TOKENS
          )
      )(body)) as { name: string };

      const secret = `mnt_${randomBytes(32).toString('base64url')}`;
      const token: StoredToken = {
        id: randomBytes(6).toString('hex'),
        name,
        hash: sha256(secret).toString('hex'),
        prefix: secret.slice(0, 8),
        createdAt: Date.now(),
        createdBy: userId ?? null,
      };
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
      let presented: string | undefined;
      if (authorization !== undefined) {
        const match = /^Bearer (\S+)$/i.exec(authorization);
        if (!match || !TOKEN_PATTERN.test(match[1])) throw unauthorized();
        presented = match[1];
      } else if (queryToken !== undefined) {
        if (typeof queryToken !== 'string' || !TOKEN_PATTERN.test(queryToken)) {
          throw unauthorized();
        }
        presented = queryToken;
      }

      await this.refresh({ maxAgeMs: WAKE_SETTINGS_MAX_AGE_MS });
      const mode = getPluginConfig(strapi).triggerMode;
      if (mode === 'disabled') {
        throw new errors.ForbiddenError(`the ${route} route is disabled`);
      }
      if (presented === undefined) {
        if (mode === 'token') throw unauthorized();
        return { token: null };
      }

      const digest = sha256(presented);
      let found: StoredToken | undefined;
      // Every stored hash is compared, in constant time, whichever matches.
      for (const token of stored.tokens ?? []) {
        const hash = Buffer.from(token.hash, 'hex');
        if (hash.length === digest.length && timingSafeEqual(hash, digest)) found = token;
      }
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
