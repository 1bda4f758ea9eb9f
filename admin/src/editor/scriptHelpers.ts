/** Pure helpers of the scripts pages (no admin-app imports, so that jsdom tests can load them). */
import { apiDetails } from '../api/errors';

/** The server's limit on script names (content-types/script/schema.json). */
export const MAX_SCRIPT_NAME = 120;

/**
 * A name for a copy of `name` that no script in `existing` has: `<name> (copy)`, then
 * `<name> (copy 2)`, … Copying a copy does not stack suffixes. Names are compared as the server
 * does (trimmed; case-insensitively, to be safe on databases with case-insensitive collations)
 * and the base is shortened to keep the result within MAX_SCRIPT_NAME.
 */
export const copyName = (name: string, existing: Iterable<string>, suffix = 'copy'): string => {
  const taken = new Set([...existing].map((candidate) => candidate.trim().toLowerCase()));
  const escaped = suffix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const base = name.trim().replace(new RegExp(` \\(${escaped}(?: \\d+)?\\)$`), '') || 'script';
  for (let n = 1; ; n += 1) {
    const tail = n === 1 ? ` (${suffix})` : ` (${suffix} ${n})`;
    const candidate = `${base.slice(0, MAX_SCRIPT_NAME - tail.length).trimEnd()}${tail}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
};

export type ParamsParse =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; error: 'json' | 'object'; message?: string };

/** Test-run params as typed: empty means `{}`; otherwise a JSON object. */
export const parseParams = (text: string): ParamsParse => {
  if (text.trim() === '') return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: 'json', message: (error as Error).message };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: 'object' };
  }
  return { ok: true, value: value as Record<string, unknown> };
};

export interface LogEntry {
  at: number;
  level: string;
  message: string;
}

/**
 * A run log as text lines: `12:03:04.120 WARN  message`, the time by `formatTime` (the admin's
 * formatter; UTC by default). Accepts a string log as it is.
 */
export const formatLog = (
  log: unknown,
  formatTime: (at: number) => string = (at) => new Date(at).toISOString().slice(11, 23)
): string => {
  if (typeof log === 'string') return log;
  if (!Array.isArray(log)) return '';
  return log
    .map((entry: Partial<LogEntry>) => {
      const time = typeof entry.at === 'number' ? formatTime(entry.at) : '';
      const level = String(entry.level ?? 'log')
        .toUpperCase()
        .padEnd(5);
      return `${time} ${level} ${entry.message ?? ''}`.trim();
    })
    .join('\n');
};

/** A result as pretty JSON (`undefined` when there is none). */
export const prettyJson = (value: unknown): string | undefined => {
  if (value === undefined || value === null) return undefined;
  try {
    return JSON.stringify(value, null, 2);
  } catch {
    return String(value);
  }
};

/** The server's 409 on delete names the tasks using the script in `details.tasks`. */
export const conflictTasks = (error: unknown): Array<{ id: number; name: string }> => {
  const tasks = apiDetails(error)?.tasks;
  return Array.isArray(tasks)
    ? tasks.filter(
        (task): task is { id: number; name: string } =>
          typeof task === 'object' && task !== null && typeof task.name === 'string'
      )
    : [];
};

/** Read-only for everyone: built-ins, and scripts managed in code (config/plugins). */
export const isLockedScript = (script: { builtIn: boolean; managedInCode: boolean }): boolean =>
  script.builtIn || script.managedInCode;
