import type { RunChanges } from '../contracts';
import deleteOldEntries from './scripts/delete-old-entries';
import optimizeDatabase from './scripts/optimize-database';
import purgeExpiredAuth from './scripts/purge-expired-auth';
import purgeRunHistory from './scripts/purge-run-history';
import removeOrphanedMedia from './scripts/remove-orphaned-media';
import siteReport from './scripts/site-report';
import trimContentHistory from './scripts/trim-content-history';
import unpublishExpiredContent from './scripts/unpublish-expired-content';
import type { BuiltInScript, DefaultTask } from './types';

export type { BuiltInScript, DefaultTask, ParamSpec } from './types';
export { describeParam } from './compose';

/** The library every site gets (docs/builtin-scripts.md). */
export const BUILT_IN_SCRIPTS: readonly BuiltInScript[] = [
  optimizeDatabase,
  purgeRunHistory,
  deleteOldEntries,
  removeOrphanedMedia,
  purgeExpiredAuth,
  trimContentHistory,
  unpublishExpiredContent,
  siteReport,
];

const MINUTE = 60_000;

/**
 * Created once, on first install (or on the first start of the version that adds one). Only the
 * run-history purge is enabled: nothing that deletes a site's data runs until an editor switches
 * it on. Deleting old entries and unpublishing expired content need a content type, so they have
 * no default task.
 */
export const DEFAULT_TASKS: readonly DefaultTask[] = [
  {
    key: 'purge-run-history',
    script: 'purge-run-history',
    name: 'Purge maintenance run history',
    description:
      "Daily: deletes runs older than 90 days, keeping each task's last 20 and its last failure.",
    schedule: '15 4 * * *',
    enabled: true,
    params: { olderThanDays: 90, keepLast: 20 },
  },
  {
    key: 'purge-expired-auth',
    script: 'purge-expired-auth',
    name: 'Purge expired sessions and tokens',
    description:
      'Daily: deletes expired sessions, and API and transfer tokens that expired more than 30 days ago.',
    schedule: '30 4 * * *',
    enabled: false,
    params: { tokenGraceDays: 30 },
  },
  {
    key: 'optimize-database',
    script: 'optimize-database',
    name: 'Optimise the database',
    description: 'Weekly, Sunday night: compacts the database and refreshes its statistics.',
    schedule: '45 4 * * 0',
    enabled: false,
    params: {},
    // VACUUM of a large SQLite file, or OPTIMIZE TABLE of every table, outlasts the default limit.
    wallTimeLimitMs: 30 * MINUTE,
  },
  {
    key: 'remove-orphaned-media',
    script: 'remove-orphaned-media',
    name: 'Remove orphaned media',
    description:
      'Weekly, Sunday: reports media files unused for more than 30 days. Set the param remove to true to remove them.',
    schedule: '0 5 * * 0',
    enabled: false,
    params: { olderThanDays: 30, remove: false },
    wallTimeLimitMs: 30 * MINUTE,
  },
  {
    key: 'trim-content-history',
    script: 'trim-content-history',
    name: 'Trim content history',
    description: 'Weekly, Sunday: deletes content-history versions older than 90 days.',
    schedule: '15 5 * * 0',
    enabled: false,
    params: { olderThanDays: 90 },
  },
  {
    key: 'site-report',
    script: 'site-report',
    name: 'Weekly site report',
    description:
      'Monday morning: entries per content type, media, database size and recent runs, in the run log.',
    schedule: '0 7 * * 1',
    enabled: false,
    params: { sinceDays: 7, lastRuns: 20 },
  },
];

/**
 * What a run of the built-in script `key` with these params changes, in a sentence (the admin's
 * run-now confirmation translates it by its key, with the params as values); null when it changes
 * nothing, or when the script is not a built-in: a user's script may do anything, and the plugin
 * cannot tell.
 */
export const runChanges = (key: string | null, params: unknown): RunChanges | null => {
  const script = key === null ? undefined : BUILT_IN_SCRIPTS.find((found) => found.key === key);
  if (!script) return null;
  const given =
    params !== null && typeof params === 'object' && !Array.isArray(params)
      ? (params as Record<string, unknown>)
      : {};
  const values: Record<string, string | number> = {};
  const filled: Record<string, unknown> = {};
  for (const param of script.params) {
    const value = given[param.name] ?? param.default;
    filled[param.name] = value;
    if (typeof value === 'string' || typeof value === 'number') values[param.name] = value;
  }
  const variant = script.changes.pick(filled);
  if (variant === null) return null;
  const template = script.changes.sentences[variant];
  return {
    key: changesKey(script.key, variant),
    values,
    text: template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? '')),
  };
};

/** The admin catalogues' key of one of a built-in's change sentences. */
export const changesKey = (script: string, variant: string) =>
  `builtin.changes.${script}.${variant}`;
