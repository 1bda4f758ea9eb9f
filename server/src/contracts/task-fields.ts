/**
 * The fields of a task's definition, written once: the admin form, the server's validator
 * (validation/task.ts), the import/export (services/transfer.ts) and the content-type schema are
 * all checked against this list.
 */

/** What an export carries of a task beside its name, script and enabled flag (order is kept in files). */
export const TASK_DEFINITION_FIELDS = [
  'description',
  'schedule',
  'timezone',
  'params',
  'startAt',
  'endAt',
  'maxRuns',
  'misfirePolicy',
  'overlap',
  'timeLimitMs',
  'memoryLimitMb',
  'wallTimeLimitMs',
  'retries',
  'retryBackoffMs',
  'autoPauseAfter',
  'jitterSeconds',
] as const;

/** Every field a task may be created or updated with. */
export const TASK_FIELDS = ['name', 'script', 'enabled', ...TASK_DEFINITION_FIELDS] as const;

export type TaskDefinitionField = (typeof TASK_DEFINITION_FIELDS)[number];
export type TaskField = (typeof TASK_FIELDS)[number];

/** The run limits a task may override; null takes the site's defaults. */
export const TASK_LIMIT_FIELDS = ['timeLimitMs', 'memoryLimitMb', 'wallTimeLimitMs'] as const;
export type TaskLimitField = (typeof TASK_LIMIT_FIELDS)[number];
