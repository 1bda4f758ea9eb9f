import { yup } from '@strapi/utils';
import { TRIGGER_MODES, type TriggerMode } from '../constants';
import { LIMIT_BOUNDS } from '../sandbox';
import { isValidTimeZone } from '../scheduling';
import { checkCodeDeclarations, type CodeDeclarations } from '../validation/code';

export interface RunLimits {
  /** CPU time a script may use, enforced by the sandbox watchdog. */
  timeLimitMs: number;
  /** Heap of the script's isolate. */
  memoryLimitMb: number;
  /** Wall-clock time a run may take, waiting on the database included. */
  wallTimeLimitMs: number;
}

export interface MaintenanceConfig {
  /** IANA zone a task gets when it names none. */
  timezone: string;
  /** Whether each instance arms its own timer; off leaves only the route and run-now as wake-ups. */
  autoRun: boolean;
  /** What a task gets when it sets no limit of its own. */
  defaults: RunLimits;
  /** The most a task may ask for. */
  caps: RunLimits;
  /** How long a claimed slot stays claimed without a heartbeat before another instance may take it over. */
  leaseMs: number;
  /**
   * How many scheduled runs one instance has going at once; 1 runs due tasks one after another.
   * The admin settings override it.
   */
  concurrency: number;
  /** How many times a slot is attempted when the instance running it dies. */
  maxAttempts: number;
  /** Under the `skip` misfire policy, how late a slot may start before it is skipped. */
  misfireThresholdMs: number;
  /** Under the `backfill` misfire policy, the most missed slots run in one catch-up. */
  backfillCap: number;
  /** What scripts may reach through ctx (docs/ctx-api.md). */
  scripts: ScriptAccess;
  /** Who may call the public runMaintenanceTasks route (docs/api.md); the admin settings override it. */
  triggerMode: TriggerMode;
  /** How long runMaintenanceTasks waits for the runs it started before answering 202. */
  wakeWaitMs: number;
  /** How often each instance re-reads tasks and settings that other instances may have changed. */
  recheckMs: number;
  /** How much run history to keep. */
  retention: RetentionPolicy;
  /** Delays between the attempts of a slot whose run failed (docs/operations.md). */
  retry: RetryPolicy;
  /** Consecutive failed slots after which a task pauses itself; 0 never pauses. Tasks may override it. */
  autoPauseAfter: number;
  /** When the watchdog says wake-ups have stopped. */
  watchdog: { thresholdMs: number | null };
  /**
   * A secret shared by the sites that exchange export files; null signs them with a key derived
   * from this site's APP_KEYS (only this site can then import them).
   */
  exportSecret: string | null;
  /** Scripts and tasks declared in code, created or updated at boot by their key. */
  code: CodeDeclarations;
}

export interface RetryPolicy {
  /** Delay before the first retry when a task sets none; each further retry doubles it. */
  backoffMs: number;
  /** The longest delay between two attempts. */
  maxBackoffMs: number;
}

/**
 * A bound against typos: every run holds an isolate (up to its memory limit) in the one sandbox
 * process, and database connections for its ctx calls.
 */
export const CONCURRENCY_BOUNDS = [1, 64] as const;

export const RETRY_BOUNDS = { backoffMs: [0, 86_400_000] } as const;

export interface RetentionPolicy {
  /** Runs older than this many days are deleted; null keeps them forever. */
  days: number | null;
  /** Each task's latest runs kept whatever their age (its last failure is always kept too). */
  keepLast: number;
}

export const RETENTION_BOUNDS = { days: [1, 36_500], keepLast: [0, 10_000] } as const;

export interface ScriptAccess {
  /**
   * Content types besides the site's own `api::` types that ctx.entries may read and delete,
   * e.g. 'plugin::users-permissions.user'. Admin types are never reachable.
   */
  extraContentTypes: string[];
  /** Hosts ctx.fetch may call ('example.com', or '*.example.com' for its subdomains). None by default. */
  fetchAllowList: string[];
}

const positiveInt = (max: number) => yup.number().integer().min(1).max(max).required();

const bounded = ([min, max]: readonly [number, number]) =>
  yup.number().integer().min(min).max(max).required();

const limitsSchema = yup
  .object({
    timeLimitMs: bounded(LIMIT_BOUNDS.cpuMs),
    memoryLimitMb: bounded(LIMIT_BOUNDS.memoryMb),
    wallTimeLimitMs: bounded(LIMIT_BOUNDS.wallMs),
  })
  .noUnknown(true, 'unknown option "${unknown}"')
  .required();

const configSchema = yup
  .object({
    timezone: yup
      .string()
      .required()
      .test('iana-zone', 'timezone must be an IANA time zone such as Europe/Paris', (value) =>
        isValidTimeZone(value)
      ),
    autoRun: yup.boolean().required(),
    defaults: limitsSchema,
    caps: limitsSchema,
    leaseMs: yup.number().integer().min(1000).required(),
    concurrency: bounded(CONCURRENCY_BOUNDS),
    maxAttempts: positiveInt(100),
    misfireThresholdMs: yup.number().integer().min(0).required(),
    backfillCap: positiveInt(10000),
    scripts: yup
      .object({
        extraContentTypes: yup
          .array(
            yup
              .string()
              .required()
              .matches(
                /^(api|plugin)::[\w-]+\.[\w-]+$/,
                'extraContentTypes: "${value}" is not a content-type uid'
              )
          )
          .required(),
        fetchAllowList: yup
          .array(
            yup
              .string()
              .required()
              .matches(
                /^(\*\.)?[a-z0-9.-]+(:\d+)?$/i,
                'fetchAllowList: "${value}" is not a host name'
              )
          )
          .required(),
      })
      .noUnknown(true, 'unknown option "scripts.${unknown}"')
      .required(),
    triggerMode: yup
      .mixed<TriggerMode>()
      .oneOf([...TRIGGER_MODES], `triggerMode must be one of ${TRIGGER_MODES.join(', ')}`)
      .required(),
    wakeWaitMs: yup.number().integer().min(0).max(600_000).required(),
    recheckMs: yup
      .number()
      .integer()
      .min(100)
      .max(24 * 3_600_000)
      .required(),
    retention: yup
      .object({
        days: yup
          .number()
          .integer()
          .min(RETENTION_BOUNDS.days[0])
          .max(RETENTION_BOUNDS.days[1])
          .nullable()
          .defined(),
        keepLast: yup
          .number()
          .integer()
          .min(RETENTION_BOUNDS.keepLast[0])
          .max(RETENTION_BOUNDS.keepLast[1])
          .required(),
      })
      .noUnknown(true, 'unknown option "retention.${unknown}"')
      .required(),
    retry: yup
      .object({
        backoffMs: bounded(RETRY_BOUNDS.backoffMs),
        maxBackoffMs: bounded(RETRY_BOUNDS.backoffMs),
      })
      .noUnknown(true, 'unknown option "retry.${unknown}"')
      .required(),
    autoPauseAfter: yup.number().integer().min(0).max(1000).required(),
    watchdog: yup
      .object({
        thresholdMs: yup.number().integer().min(1000).nullable().defined(),
      })
      .noUnknown(true, 'unknown option "watchdog.${unknown}"')
      .required(),
    exportSecret: yup
      .string()
      .min(32, 'exportSecret must be at least 32 characters')
      .nullable()
      .defined(),
    code: yup
      .mixed<CodeDeclarations>()
      .required()
      .test('code', (value, context) => {
        const problems = checkCodeDeclarations(value);
        return problems.length === 0 ? true : context.createError({ message: problems.join('; ') });
      }),
  })
  .test('defaults-within-caps', 'defaults must not exceed caps', (value) => {
    if (!value?.defaults || !value.caps) return true;
    const { defaults, caps } = value as Pick<MaintenanceConfig, 'defaults' | 'caps'>;
    return defaults.timeLimitMs <= caps.timeLimitMs && defaults.memoryLimitMb <= caps.memoryLimitMb;
  })
  .noUnknown(true, 'unknown option "${unknown}"');

export const defaultConfig = (): MaintenanceConfig => ({
  timezone: 'UTC',
  autoRun: true,
  defaults: { timeLimitMs: 30_000, memoryLimitMb: 64, wallTimeLimitMs: 5 * 60_000 },
  caps: { timeLimitMs: 10 * 60_000, memoryLimitMb: 512, wallTimeLimitMs: 60 * 60_000 },
  leaseMs: 60_000,
  concurrency: 4,
  maxAttempts: 3,
  misfireThresholdMs: 60_000,
  backfillCap: 100,
  scripts: { extraContentTypes: [], fetchAllowList: [] },
  triggerMode: 'open',
  wakeWaitMs: 25_000,
  recheckMs: 60_000,
  // Off: the built-in "Purge maintenance run history" task prunes on a schedule by default.
  retention: { days: null, keepLast: 20 },
  retry: { backoffMs: 60_000, maxBackoffMs: 3_600_000 },
  autoPauseAfter: 5,
  watchdog: { thresholdMs: null },
  exportSecret: null,
  code: { scripts: [], tasks: [] },
});

export default {
  default: defaultConfig,
  validator(config: unknown) {
    try {
      configSchema.validateSync(config, { strict: true, abortEarly: false });
    } catch (error) {
      const messages =
        error instanceof yup.ValidationError ? error.errors.join('; ') : String(error);
      throw new Error(`Invalid config for plugin "maintenance": ${messages}`);
    }
  },
};
