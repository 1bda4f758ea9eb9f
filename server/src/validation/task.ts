import type { Core } from '@strapi/strapi';
import { validateYupSchema, yup } from '@strapi/utils';
import { MAX_RETRIES, UIDS } from '../constants';
import { RETRY_BOUNDS } from '../config';
import { uniqueName } from './unique-name';
import { LIMIT_BOUNDS } from '../sandbox';
import {
  checkJitter,
  checkTimeZone,
  MAX_JITTER_SECONDS,
  MISFIRE_POLICIES,
  nextSlot,
  parseSchedule,
  type MisfirePolicy,
  type OverlapPolicy as SchedulerOverlapPolicy,
} from '../scheduling';
import { parseInstant } from '../utils/epoch';
import { getPluginConfig } from '../utils/plugin-config';
import { noUnknown } from './no-unknown';
import { keyedError, validateKeyed } from './keyed';
import { isPlainObject } from './plain-object';
import {
  OVERLAP_POLICIES,
  type MisfirePolicy as ContractMisfirePolicy,
  type OverlapPolicy,
  type TaskField,
  type TaskInputValues,
} from '../contracts';
import type schema from '../content-types/task/schema.json';

export interface TaskInput {
  name: string;
  description?: string | null;
  script: number;
  params: Record<string, unknown>;
  schedule: string;
  timezone: string;
  enabled: boolean;
  startAt?: number | null;
  endAt?: number | null;
  maxRuns?: number | null;
  misfirePolicy: MisfirePolicy;
  /** What a slot that comes while the task's previous run is going does. */
  overlap: OverlapPolicy;
  timeLimitMs?: number | null;
  memoryLimitMb?: number | null;
  wallTimeLimitMs?: number | null;
  /** Further attempts of a slot whose run failed, each after a growing delay. */
  retries?: number;
  /** Delay before the first retry; null takes config `retry.backoffMs`. */
  retryBackoffMs?: number | null;
  /** Consecutive failed slots before the task pauses itself; null takes config, 0 never. */
  autoPauseAfter?: number | null;
  /** Spread in seconds: every slot a fixed offset later (scheduling/jitter.ts); null or 0 none. */
  jitterSeconds?: number | null;
}

/*
 * One field list (server/src/contracts/task-fields.ts): the input, the yup shape below and the
 * content type's attributes each name every task field, and the admin's body is this input.
 */
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const fieldChecks: [
  Exactly<keyof TaskInput, TaskField>,
  Exactly<keyof TaskInput, keyof TaskInputValues>,
  TaskField extends keyof (typeof schema)['attributes'] ? true : false,
  Exactly<MisfirePolicy, ContractMisfirePolicy>,
  Exactly<SchedulerOverlapPolicy, OverlapPolicy>,
] = [true, true, true, true, true];
void fieldChecks;

const INSTANT_FIELDS = ['startAt', 'endAt'] as const;

/**
 * Dates arrive as ISO strings or epoch milliseconds and become milliseconds; names lose
 * surrounding blanks. Done before validation, which runs in strict mode.
 */
const normalise = (input: Record<string, unknown>) => {
  const copy = { ...input };
  if (typeof copy.name === 'string') copy.name = copy.name.trim();
  for (const field of INSTANT_FIELDS) {
    if (field in copy) copy[field] = parseInstant(copy[field]);
  }
  return copy;
};

interface TaskSchemaOptions {
  strapi: Core.Strapi;
  /** Update: only the fields sent are validated; the rest come from `current`. */
  current?: { id: number } & Partial<TaskInput>;
  /** Refuse a one-off schedule whose time is not after this instant (admin API writes). */
  refusePastAt?: number;
  /** The instant the jitter's interval check starts from (default now). */
  now?: number;
}

const buildSchema = ({ strapi, current, refusePastAt, now }: TaskSchemaOptions) => {
  const { caps } = getPluginConfig(strapi);
  const partial = Boolean(current);
  const required = <T extends yup.AnySchema>(schema: T) => (partial ? schema : schema.required());

  const instant = yup
    .number()
    .nullable()
    .typeError('${path} must be an ISO 8601 date or epoch milliseconds')
    .test('instant', '${path} must be an ISO 8601 date or epoch milliseconds', (value) =>
      value === null || value === undefined ? true : Number.isInteger(value)
    );

  // The sandbox's own floors: below them a run could not even start.
  const limit = (max: number, unit: string, min: number) =>
    yup
      .number()
      .nullable()
      .integer('${path} must be a whole number')
      .min(min, `\${path} must be at least ${min} ${unit}`)
      .max(max, `\${path} must be at most ${max} ${unit} (the configured cap)`);

  return yup
    .object({
      name: required(uniqueName(strapi, UIDS.task, 'task', current)),
      description: yup.string().nullable().max(2000),
      script: required(
        yup
          .number()
          .typeError('script must be the id of a maintenance script')
          .integer('script must be the id of a maintenance script')
          .test('script-exists', async function scriptExists(value) {
            if (value === undefined || value === null) return true;
            const found = await strapi.db
              .query(UIDS.script)
              .findOne({ where: { id: value }, select: ['id'] });
            return found
              ? true
              : keyedError(this, `script ${value} does not exist`, {
                  key: 'task.scriptMissing',
                  values: { script: value },
                });
          })
      ),
      params: yup
        .mixed()
        .test('json-object', 'params must be a JSON object', (value) =>
          value === undefined ? true : isPlainObject(value)
        ),
      schedule: required(
        yup
          .string()
          .typeError('schedule must be a cron expression')
          .test('cron', (value, context) => {
            if (value === undefined) return true;
            const parsed = parseSchedule(value);
            return parsed.ok ? true : keyedError(context, parsed.error.message, parsed.error.keyed);
          })
      ),
      timezone: yup
        .string()
        .typeError('timezone must be an IANA time zone name')
        .test('iana', (value, context) => {
          if (value === undefined) return true;
          const checked = checkTimeZone(value);
          return checked.ok
            ? true
            : keyedError(context, `timezone: ${checked.error.reason}`, checked.error.keyed);
        }),
      enabled: yup.boolean().typeError('enabled must be true or false'),
      startAt: instant,
      endAt: instant,
      maxRuns: yup
        .number()
        .nullable()
        .typeError('maxRuns must be a whole number')
        .integer('maxRuns must be a whole number')
        .min(1, 'maxRuns must be at least 1'),
      misfirePolicy: yup
        .mixed<MisfirePolicy>()
        .oneOf(
          [...MISFIRE_POLICIES],
          `misfirePolicy must be one of ${MISFIRE_POLICIES.join(', ')}`
        ),
      overlap: yup
        .mixed<OverlapPolicy>()
        .oneOf([...OVERLAP_POLICIES], `overlap must be one of ${OVERLAP_POLICIES.join(', ')}`),
      timeLimitMs: limit(caps.timeLimitMs, 'ms', LIMIT_BOUNDS.cpuMs[0]),
      memoryLimitMb: limit(caps.memoryLimitMb, 'MB', LIMIT_BOUNDS.memoryMb[0]),
      wallTimeLimitMs: limit(caps.wallTimeLimitMs, 'ms', LIMIT_BOUNDS.wallMs[0]),
      retries: yup
        .number()
        .typeError('retries must be a whole number')
        .integer('retries must be a whole number')
        .min(0, 'retries must be at least 0')
        .max(MAX_RETRIES, `retries must be at most ${MAX_RETRIES}`),
      retryBackoffMs: yup
        .number()
        .nullable()
        .typeError('retryBackoffMs must be a whole number of milliseconds')
        .integer('retryBackoffMs must be a whole number of milliseconds')
        .min(
          RETRY_BOUNDS.backoffMs[0],
          `retryBackoffMs must be at least ${RETRY_BOUNDS.backoffMs[0]}`
        )
        .max(
          RETRY_BOUNDS.backoffMs[1],
          `retryBackoffMs must be at most ${RETRY_BOUNDS.backoffMs[1]}`
        ),
      autoPauseAfter: yup
        .number()
        .nullable()
        .typeError('autoPauseAfter must be a whole number')
        .integer('autoPauseAfter must be a whole number')
        .min(0, 'autoPauseAfter must be at least 0 (0 never pauses)')
        .max(1000, 'autoPauseAfter must be at most 1000'),
      jitterSeconds: yup
        .number()
        .nullable()
        .typeError('jitterSeconds must be a whole number of seconds')
        .integer('jitterSeconds must be a whole number of seconds')
        .min(0, 'jitterSeconds must be at least 0')
        .max(MAX_JITTER_SECONDS, `jitterSeconds must be at most ${MAX_JITTER_SECONDS}`),
    } satisfies Record<TaskField, yup.AnySchema>)
    .test(noUnknown())
    .test('window', 'endAt must be after startAt', function checkWindow(value) {
      const startAt = value?.startAt !== undefined ? value.startAt : current?.startAt;
      const endAt = value?.endAt !== undefined ? value.endAt : current?.endAt;
      if (startAt == null || endAt == null || endAt > startAt) return true;
      return keyedError(
        this,
        'endAt must be after startAt',
        { key: 'task.endBeforeStart' },
        'endAt'
      );
    })
    .test('timing', function checkTiming(value) {
      // Checks of the schedule, zone and jitter together; each alone was checked above.
      const pick = <K extends 'schedule' | 'timezone' | 'jitterSeconds'>(field: K) =>
        value?.[field] !== undefined ? value[field] : current?.[field];
      const parsed = parseSchedule(pick('schedule'));
      const zone = checkTimeZone(pick('timezone') ?? getPluginConfig(strapi).timezone);
      if (!parsed.ok || !zone.ok) return true;
      const jitter = pick('jitterSeconds') ?? 0;
      // Out of its own bounds, jitterSeconds has its field error already.
      const jitterChecked = Number.isInteger(jitter) && jitter >= 0 && jitter <= MAX_JITTER_SECONDS;
      const touched = ['schedule', 'timezone', 'jitterSeconds'].some(
        (field) => value?.[field as keyof typeof value] !== undefined
      );
      const problem =
        touched && jitterChecked
          ? checkJitter(jitter, parsed.schedule, zone.timeZone, now ?? Date.now())
          : null;
      if (problem) return keyedError(this, problem.message, problem.keyed, 'jitterSeconds');
      if (refusePastAt === undefined || value?.schedule === undefined) return true;
      if (parsed.schedule.kind !== 'once') return true;
      // A one-off set to a time already past would never run: refused where a person sets it.
      if (nextSlot(parsed.schedule, zone.timeZone, refusePastAt) === Number.POSITIVE_INFINITY) {
        const { expression } = parsed.schedule;
        return keyedError(
          this,
          `schedule: ${expression} (${zone.timeZone}) is in the past; a one-off task must be set to run later`,
          { key: 'schedule.past', values: { expression, zone: zone.timeZone } },
          'schedule'
        );
      }
      return true;
    });
};

/**
 * Validates a task as sent by any caller (admin API, document service, import) and returns it
 * normalised: instants in epoch milliseconds, defaults filled on create. Throws Strapi's
 * ValidationError (a 400 naming each field) and saves nothing.
 */
export const validateTaskInput = async (
  strapi: Core.Strapi,
  input: unknown,
  current?: TaskSchemaOptions['current'],
  { refusePastAt, now }: Pick<TaskSchemaOptions, 'refusePastAt' | 'now'> = {}
): Promise<Partial<TaskInput>> => {
  if (!isPlainObject(input)) {
    await validateYupSchema(yup.object().typeError('the body must be a JSON object').required())(
      input
    );
  }
  const body = normalise(input as Record<string, unknown>);
  const validated = (await validateKeyed(buildSchema({ strapi, current, refusePastAt, now }))(
    body
  )) as Partial<TaskInput>;
  if (current) return validated;

  return {
    params: {},
    enabled: true,
    misfirePolicy: 'once',
    overlap: 'skip',
    retries: 0,
    ...validated,
    timezone: validated.timezone ?? getPluginConfig(strapi).timezone,
  };
};
