import { errors, yup } from '@strapi/utils';
import {
  CONCURRENCY_BOUNDS,
  RETENTION_BOUNDS,
  type MaintenanceConfig,
  type RunLimits,
} from '../config';
import { TRIGGER_MODES, type TriggerMode } from '../constants';
import { LIMIT_BOUNDS } from '../sandbox';
import { noUnknown } from '../validation/no-unknown';
import type { KeyedMessage } from '../contracts';
import type { StoredToken } from './wake-tokens';

/**
 * The settings the admin panel may change over config/plugins: which they are, how a change is
 * checked, and how the stored ones lay over the file's. Pure: storing them is settings.ts.
 */

/** What the admin panel may change at run time, over config/plugins. */
export const EDITABLE = [
  'triggerMode',
  'autoRun',
  'concurrency',
  'defaults',
  'caps',
  'retention',
] as const;
export type Editable = (typeof EDITABLE)[number];

export type StoredSettings = Partial<Pick<MaintenanceConfig, Editable>> & {
  tokens?: StoredToken[];
};

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

/** A change to the settings: each field it names, null to put one back to config/plugins'. */
export const updateSchema = (): yup.AnyObjectSchema =>
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

/** The stored settings that override config/plugins (null and absent ones do not). */
export const overridesOf = (settings: StoredSettings): Partial<MaintenanceConfig> =>
  Object.fromEntries(
    EDITABLE.filter((key) => settings[key] !== undefined && settings[key] !== null).map((key) => [
      key,
      settings[key],
    ])
  );

/** The editable part of a configuration. */
export const editableOf = (config: MaintenanceConfig) => ({
  triggerMode: config.triggerMode,
  autoRun: config.autoRun,
  concurrency: config.concurrency,
  defaults: config.defaults,
  caps: config.caps,
  retention: config.retention,
});

/** The settings after a change: each key it names set, or dropped where it is null. */
export const withChanges = (
  stored: StoredSettings,
  changes: Partial<Record<Editable, unknown>>
): StoredSettings => {
  const next: StoredSettings = { ...stored };
  for (const key of EDITABLE) {
    if (!(key in changes)) continue;
    if (changes[key] === null) delete next[key];
    else (next as Record<string, unknown>)[key] = changes[key];
  }
  return next;
};

/**
 * Checks that need the settings as a whole, over the file's: limits within caps, a token for
 * token mode. Throws a 400 naming each problem.
 */
export const checkConsistency = (next: StoredSettings, file: MaintenanceConfig) => {
  const defaults = next.defaults ?? file.defaults;
  const caps = next.caps ?? file.caps;
  const problems: Array<{ path: string[]; message: string; name: string } & KeyedMessage> = [];
  for (const field of Object.keys(defaults) as Array<keyof RunLimits>) {
    if (defaults[field] > caps[field]) {
      problems.push({
        path: ['defaults', field],
        message: `defaults.${field} (${defaults[field]}) must not exceed the cap (${caps[field]})`,
        name: 'ValidationError',
        key: 'settings.overCap',
        values: { value: defaults[field], cap: caps[field] },
      });
    }
  }
  if ((next.triggerMode ?? file.triggerMode) === 'token' && !next.tokens?.length) {
    problems.push({
      path: ['triggerMode'],
      message: 'triggerMode token needs a token: create one first',
      name: 'ValidationError',
      key: 'settings.tokenModeNeedsToken',
    });
  }
  if (problems.length > 0) {
    const message =
      problems.length === 1 ? problems[0].message : `${problems.length} errors occurred`;
    throw new errors.ValidationError(message, { errors: problems });
  }
};
