import { BUILT_IN_SCRIPTS } from '../builtin';
import { MAX_RETRIES } from '../constants';
import { OVERLAP_POLICIES, TASK_FIELDS } from '../contracts';
import { checkTimeZone, MISFIRE_POLICIES, parseSchedule } from '../scheduling';
import { MAX_SCRIPT_BYTES } from './script';

/** A script declared in config/plugins (`code.scripts`). */
export interface CodeScript {
  /** Stable identity across deploys; stored as the script's codeKey. */
  key: string;
  name: string;
  description?: string | null;
  body: string;
}

/** A task declared in config/plugins (`code.tasks`). */
export interface CodeTask {
  key: string;
  name: string;
  description?: string | null;
  /** The key of a script in `code.scripts`, or `builtin:<key>` for a built-in script. */
  script: string;
  schedule: string;
  timezone?: string;
  params?: Record<string, unknown>;
  enabled?: boolean;
  startAt?: number | string | null;
  endAt?: number | string | null;
  maxRuns?: number | null;
  misfirePolicy?: string;
  overlap?: string;
  timeLimitMs?: number | null;
  memoryLimitMb?: number | null;
  wallTimeLimitMs?: number | null;
  retries?: number;
  retryBackoffMs?: number | null;
  autoPauseAfter?: number | null;
  jitterSeconds?: number | null;
}

export interface CodeDeclarations {
  scripts: CodeScript[];
  tasks: CodeTask[];
}

export const BUILTIN_PREFIX = 'builtin:';

const KEY_PATTERN = /^[a-z0-9][a-z0-9._-]{0,119}$/i;

const SCRIPT_FIELDS = ['key', 'name', 'description', 'body'];
// A declaration's own key, then every field a task may be created with (contracts/task-fields.ts).
const DECLARED_TASK_FIELDS: string[] = ['key', ...TASK_FIELDS];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** How an entry is named in messages: its place in the list and its key. */
export const entryLabel = (list: 'scripts' | 'tasks', index: number, key: unknown) =>
  `code.${list}[${index}]${typeof key === 'string' && key ? ` (key "${key}")` : ''}`;

const isWhole = (value: unknown) => typeof value === 'number' && Number.isInteger(value);

/**
 * The checks that need no database, run when the config loads: each problem names the entry (its
 * index and key) and the field. What needs the database or the sandbox (unique names, the body's
 * syntax, the limits' caps) is checked when the declarations are applied at boot, with the same
 * naming.
 */
export const checkCodeDeclarations = (value: unknown): string[] => {
  if (!isObject(value)) return ['code must be an object with scripts and tasks lists'];
  const problems: string[] = [];
  for (const field of Object.keys(value)) {
    if (field !== 'scripts' && field !== 'tasks') problems.push(`code: unknown field "${field}"`);
  }
  const scripts: unknown = value.scripts ?? [];
  const tasks: unknown = value.tasks ?? [];
  if (!Array.isArray(scripts)) problems.push('code.scripts must be a list');
  if (!Array.isArray(tasks)) problems.push('code.tasks must be a list');
  if (!Array.isArray(scripts) || !Array.isArray(tasks) || problems.length > 0) return problems;

  const scriptKeys = new Set<string>();
  const checkCommon = (
    list: 'scripts' | 'tasks',
    index: number,
    entry: unknown,
    fields: string[],
    keys: Set<string>,
    names: Set<string>
  ) => {
    if (!isObject(entry)) {
      problems.push(`${entryLabel(list, index, undefined)}: must be an object`);
      return null;
    }
    const label = entryLabel(list, index, entry.key);
    const problem = (field: string, message: string) =>
      problems.push(`${label}: ${field}: ${message}`);
    for (const field of Object.keys(entry)) {
      if (!fields.includes(field)) problem(field, 'unknown field');
    }
    if (typeof entry.key !== 'string' || !KEY_PATTERN.test(entry.key)) {
      problem('key', 'must be 1 to 120 letters, digits, dots, dashes or underscores');
    } else if (keys.has(entry.key)) {
      problem('key', 'is declared twice');
    } else keys.add(entry.key);
    if (typeof entry.name !== 'string' || !entry.name.trim() || entry.name.trim().length > 120) {
      problem('name', 'must be a non-empty string of at most 120 characters');
    } else if (names.has(entry.name.trim())) {
      problem('name', 'is declared twice');
    } else names.add(entry.name.trim());
    if (entry.description != null && typeof entry.description !== 'string') {
      problem('description', 'must be a string');
    }
    return { entry, problem };
  };

  const scriptNames = new Set<string>();
  scripts.forEach((raw: unknown, index: number) => {
    const checked = checkCommon('scripts', index, raw, SCRIPT_FIELDS, scriptKeys, scriptNames);
    if (!checked) return;
    const { entry, problem } = checked;
    if (typeof entry.body !== 'string' || !entry.body.trim()) {
      problem('body', 'must be a non-empty string');
    } else if (Buffer.byteLength(entry.body) > MAX_SCRIPT_BYTES) {
      problem('body', `must be at most ${MAX_SCRIPT_BYTES / 1024} KiB`);
    }
  });

  const builtInKeys = new Set(BUILT_IN_SCRIPTS.map((script) => script.key));
  const taskKeys = new Set<string>();
  const taskNames = new Set<string>();
  tasks.forEach((raw: unknown, index: number) => {
    const checked = checkCommon('tasks', index, raw, DECLARED_TASK_FIELDS, taskKeys, taskNames);
    if (!checked) return;
    const { entry, problem } = checked;
    const script = entry.script;
    if (typeof script !== 'string' || !script) {
      problem('script', 'must name a script key of code.scripts, or builtin:<key>');
    } else if (script.startsWith(BUILTIN_PREFIX)) {
      if (!builtInKeys.has(script.slice(BUILTIN_PREFIX.length))) {
        problem('script', `"${script}" is not a built-in script (${[...builtInKeys].join(', ')})`);
      }
    } else if (!scriptKeys.has(script)) {
      problem('script', `"${script}" is not the key of a script in code.scripts`);
    }
    if (typeof entry.schedule !== 'string') {
      problem('schedule', 'must be a cron expression');
    } else {
      const parsed = parseSchedule(entry.schedule);
      if (!parsed.ok) problem('schedule', parsed.error.message.replace(/^schedule: /, ''));
    }
    if (entry.timezone !== undefined) {
      const zone = typeof entry.timezone === 'string' ? checkTimeZone(entry.timezone) : null;
      if (!zone?.ok) problem('timezone', 'must be an IANA time zone name such as Europe/Paris');
    }
    if (entry.params !== undefined && !isObject(entry.params)) {
      problem('params', 'must be an object');
    }
    if (entry.enabled !== undefined && typeof entry.enabled !== 'boolean') {
      problem('enabled', 'must be true or false');
    }
    for (const [field, allowed] of [
      ['misfirePolicy', MISFIRE_POLICIES],
      ['overlap', OVERLAP_POLICIES],
    ] as const) {
      if (entry[field] !== undefined && !(allowed as readonly unknown[]).includes(entry[field])) {
        problem(field, `must be one of ${allowed.join(', ')}`);
      }
    }
    if (
      entry.retries !== undefined &&
      !(
        isWhole(entry.retries) &&
        (entry.retries as number) >= 0 &&
        (entry.retries as number) <= MAX_RETRIES
      )
    ) {
      problem('retries', `must be a whole number from 0 to ${MAX_RETRIES}`);
    }
    for (const field of [
      'maxRuns',
      'timeLimitMs',
      'memoryLimitMb',
      'wallTimeLimitMs',
      'retryBackoffMs',
      'autoPauseAfter',
      'jitterSeconds',
    ]) {
      if (entry[field] != null && !isWhole(entry[field])) problem(field, 'must be a whole number');
    }
  });
  return problems;
};
