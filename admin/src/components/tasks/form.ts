/**
 * The task editor's form: values ⇄ the admin API's task body, and the checks made before sending
 * (the server checks again; its 400s land on the same fields). Pure: no React, no Strapi.
 */
import {
  MAX_RETRIES,
  TASK_FIELDS,
  type Task,
  type TaskInputValues,
} from '../../../../server/src/contracts';

export { MAX_RETRIES };
import { isOnceSchedule } from '../../schedule/presets';
import { parseParams, formatParams, type ParamsError } from './params';

/** What the admin panel sends (POST /tasks, PUT /tasks/:id): every task field of the contract. */
export type TaskBody = Required<Omit<TaskInputValues, 'timezone'>> &
  Pick<TaskInputValues, 'timezone'>;

/** The form's values: the body's fields, with text where the user types and no script yet. */
export type TaskFormValues = Omit<TaskBody, 'description' | 'script' | 'params' | 'timezone'> & {
  description: string;
  script: number | null;
  /** The params as the user types them (JSON). */
  paramsText: string;
  timezone: string;
};

export type TaskFormField = keyof TaskFormValues | 'params';

/** A message for a field: a translation id (plugin-relative), its English text and values. */
export interface FieldMessage {
  id: string;
  defaultMessage: string;
  values?: Record<string, string | number>;
}

/** The server's limits for tasks that set none (docs/api.md, config `defaults`). */
export const DEFAULT_LIMITS = { timeLimitMs: 30_000, memoryLimitMb: 64, wallTimeLimitMs: 300_000 };

/** A daily 03:00 run: the usual maintenance window, and a preset the builder shows as such. */
export const DEFAULT_SCHEDULE = '0 3 * * *';

/** The server's bounds for the failure fields (server/src/validation/task.ts, docs/operations.md). */
export const MAX_AUTO_PAUSE_AFTER = 1000;
/** The largest jitter (server/src/scheduling/jitter.ts); below the schedule's interval too. */
export const MAX_JITTER_SECONDS = 3600;
/** Config defaults, shown as placeholders (the settings API does not expose the site's values). */
export const DEFAULT_RETRY_BACKOFF_MS = 60_000;
export const DEFAULT_AUTO_PAUSE_AFTER = 5;

export const emptyTaskForm = (overrides: Partial<TaskFormValues> = {}): TaskFormValues => ({
  name: '',
  description: '',
  script: null,
  paramsText: '{}',
  schedule: DEFAULT_SCHEDULE,
  timezone: '',
  enabled: true,
  startAt: null,
  endAt: null,
  maxRuns: null,
  misfirePolicy: 'once',
  overlap: 'skip',
  timeLimitMs: null,
  memoryLimitMb: null,
  wallTimeLimitMs: null,
  retries: 0,
  retryBackoffMs: null,
  autoPauseAfter: null,
  jitterSeconds: null,
  ...overrides,
});

/** Epoch ms from the API (number, numeric string or ISO date), or null. */
export const toEpoch = (value: unknown): number | null => {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') {
    if (/^-?\d+$/.test(value)) return Number(value);
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? null : parsed;
  }
  return null;
};

/**
 * The form for an existing task; `copyName` makes it a duplicate (the new name is built by the
 * caller, translated).
 */
export const taskFormFrom = (task: Task, { copyName }: { copyName?: string } = {}) =>
  emptyTaskForm({
    name: copyName ?? task.name,
    description: task.description ?? '',
    script: task.script,
    paramsText: formatParams(task.params),
    schedule: task.schedule,
    timezone: task.timezone,
    enabled: task.enabled,
    startAt: task.startAt,
    endAt: task.endAt,
    maxRuns: task.maxRuns,
    misfirePolicy: task.misfirePolicy,
    overlap: task.overlap,
    timeLimitMs: task.timeLimitMs,
    memoryLimitMb: task.memoryLimitMb,
    wallTimeLimitMs: task.wallTimeLimitMs,
    retries: task.retries,
    retryBackoffMs: task.retryBackoffMs,
    autoPauseAfter: task.autoPauseAfter,
    jitterSeconds: task.jitterSeconds ?? null,
  });

export const paramsErrorMessage = (error: ParamsError): FieldMessage =>
  error.kind === 'syntax'
    ? error.line !== null
      ? {
          id: 'tasks.editor.params.error.syntaxAt',
          defaultMessage: 'Not valid JSON (line {line}, column {column}): {message}',
          values: { line: error.line, column: error.column ?? 1, message: error.message },
        }
      : {
          id: 'tasks.editor.params.error.syntax',
          defaultMessage: 'Not valid JSON: {message}',
          values: { message: error.message },
        }
    : {
        id: 'tasks.editor.params.error.notObject',
        defaultMessage: 'Params must be a JSON object, like {example}, not {type}',
        values: { example: '{ "days": 90 }', type: error.type },
      };

const wholePositive = (value: number | null) =>
  value === null || (Number.isInteger(value) && value >= 1);

const wholeBetween = (value: number | null, min: number, max: number) =>
  value === null || (Number.isInteger(value) && value >= min && value <= max);

/**
 * Checks made before sending. Returns a message per field in error (empty when the form can be
 * sent). Schedule and time zone validity come from the live preview, passed in as `scheduleError`.
 */
export const validateTaskForm = (
  values: TaskFormValues,
  { scheduleError }: { scheduleError?: string | null } = {}
): Partial<Record<TaskFormField, FieldMessage>> => {
  const errors: Partial<Record<TaskFormField, FieldMessage>> = {};
  if (values.name.trim() === '') {
    errors.name = { id: 'tasks.editor.error.nameRequired', defaultMessage: 'A name is required' };
  } else if (values.name.trim().length > 120) {
    errors.name = {
      id: 'tasks.editor.error.nameTooLong',
      defaultMessage: 'At most {max} characters',
      values: { max: 120 },
    };
  }
  if (values.script === null) {
    errors.script = {
      id: 'tasks.editor.error.scriptRequired',
      defaultMessage: 'Choose the script this task runs',
    };
  }
  const params = parseParams(values.paramsText);
  if (!params.ok) errors.params = paramsErrorMessage(params.error);
  if (values.schedule.trim() === '') {
    errors.schedule = {
      id: 'tasks.editor.error.scheduleRequired',
      defaultMessage: 'A schedule is required',
    };
  } else if (scheduleError) {
    errors.schedule = {
      id: 'tasks.editor.error.server',
      defaultMessage: '{message}',
      values: { message: scheduleError },
    };
  }
  if (values.startAt !== null && values.endAt !== null && values.endAt <= values.startAt) {
    errors.endAt = {
      id: 'tasks.editor.error.endBeforeStart',
      defaultMessage: 'The end must be after the start',
    };
  }
  for (const field of ['maxRuns', 'timeLimitMs', 'memoryLimitMb', 'wallTimeLimitMs'] as const) {
    if (!wholePositive(values[field])) {
      errors[field] = {
        id: 'tasks.editor.error.wholePositive',
        defaultMessage: 'A whole number, at least 1',
      };
    }
  }
  const between = (field: 'retries' | 'autoPauseAfter' | 'jitterSeconds', max: number) => {
    if (!wholeBetween(values[field], 0, max)) {
      errors[field] = {
        id: 'tasks.editor.error.wholeBetween',
        defaultMessage: 'A whole number from {min} to {max}',
        values: { min: 0, max },
      };
    }
  };
  between('retries', MAX_RETRIES);
  between('autoPauseAfter', MAX_AUTO_PAUSE_AFTER);
  between('jitterSeconds', MAX_JITTER_SECONDS);
  // Its upper bound is the server's to state (a 400 on the field).
  if (!wholeBetween(values.retryBackoffMs, 0, Number.MAX_SAFE_INTEGER)) {
    errors.retryBackoffMs = {
      id: 'tasks.editor.error.wholeOrZero',
      defaultMessage: 'A whole number, at least 0',
    };
  }
  return errors;
};

/** The body to send for valid values (call validateTaskForm first). */
export const taskBody = (values: TaskFormValues): TaskBody => {
  const params = parseParams(values.paramsText);
  if (values.script === null || !params.ok) throw new Error('the task form is not valid');
  const description = values.description.trim();
  return {
    name: values.name.trim(),
    description: description === '' ? null : description,
    script: values.script,
    params: params.value,
    schedule: values.schedule.trim().replace(/\s+/g, ' '),
    ...(values.timezone.trim() ? { timezone: values.timezone.trim() } : {}),
    enabled: values.enabled,
    startAt: values.startAt,
    endAt: values.endAt,
    maxRuns: values.maxRuns,
    misfirePolicy: values.misfirePolicy,
    overlap: values.overlap,
    timeLimitMs: values.timeLimitMs,
    memoryLimitMb: values.memoryLimitMb,
    wallTimeLimitMs: values.wallTimeLimitMs,
    retries: values.retries,
    retryBackoffMs: values.retryBackoffMs,
    autoPauseAfter: values.autoPauseAfter,
    // The spread field is hidden for a one-off, which has none (the server would refuse it).
    jitterSeconds: isOnceSchedule(values.schedule) ? null : values.jitterSeconds,
  };
};

/**
 * Where a server field error belongs in the form (`params.days` → params; `timeZone` → timezone);
 * anything the form has no field for goes to `form`.
 */
export const formFieldOf = (path: string): TaskFormField | 'form' => {
  const head = path.split('.')[0];
  if (head === 'timeZone') return 'timezone';
  const known: readonly string[] = TASK_FIELDS;
  return known.includes(head) ? (head as TaskFormField) : 'form';
};
