import type {
  Run,
  RunLogEntry,
  RunStatus,
  RunSummary,
  Script,
  ScriptIntegrity,
  ScriptSummary,
  ScriptVersion,
  Task,
  TaskLastRun,
  RunChanges,
  TaskListItem,
} from '../contracts';
import type { ScriptVersionRecord } from '../services/history';
import type { RunRecord } from '../services/runs';
import type { ScriptRecord } from '../services/scripts';
import type { Integrity } from '../services/signatures';
import type { TaskRecord } from '../services/tasks';

/*
 * What the admin API shows of stored records, typed by the contracts the admin panel reads
 * (server/src/contracts). The checks below make a field added to or dropped from a record, and
 * not followed by the contract, fail the type check.
 */

type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <T extends true>(value: T) => value;

same<Exactly<Integrity, ScriptIntegrity>>(true);

/** Fields Strapi adds to every row that mean nothing for these types (no drafts, no locales). */
const STRAPI_FIELDS = ['publishedAt', 'locale'] as const;

/** Lease bookkeeping and a task's script state stay out of lists; who holds a task does not. */
const HIDDEN_TASK_FIELDS = [
  ...STRAPI_FIELDS,
  'leaseFence',
  'leaseSlot',
  'cancelRequestedAt',
  'leaseRunId',
  'state',
  'seal',
] as const;
type HiddenTaskField = Extract<(typeof HIDDEN_TASK_FIELDS)[number], keyof TaskRecord>;
type ShownTask = Omit<TaskRecord, HiddenTaskField>;
same<Exactly<keyof ShownTask | 'integrity' | 'running' | 'state', keyof Task>>(true);

const without = <T extends object, K extends string>(record: T, fields: readonly K[]) => {
  const view = { ...record } as Record<string, unknown>;
  for (const field of fields) delete view[field];
  return view as Omit<T, K>;
};

/**
 * A task: instants in epoch milliseconds, whether it is running now, whether its seal holds (never
 * the seal or a signature itself).
 */
export const taskView = (
  task: TaskRecord,
  {
    integrity,
    now = Date.now(),
    withState = false,
  }: { integrity: Integrity; now?: number; withState?: boolean }
): Task => {
  const shown: ShownTask = without(task, HIDDEN_TASK_FIELDS);
  return {
    ...shown,
    // The scheduler writes it from a run's status.
    lastStatus: task.lastStatus as RunStatus | null,
    integrity,
    running: Boolean(task.leaseOwner) && (task.leaseExpiresAt ?? 0) >= now,
    ...(withState ? { state: (task as { state?: unknown }).state ?? null } : {}),
  };
};

/** A task in the list, with its last run (null when it never ran). */
export const taskListView = (
  task: TaskRecord & {
    scriptName: string | null;
    changes: RunChanges | null;
    lastRun: TaskLastRun | null;
  },
  options: { integrity: Integrity; now?: number }
): TaskListItem => ({
  ...taskView(task, options),
  scriptName: task.scriptName,
  changes: task.changes,
  lastRun: task.lastRun,
});

type ShownScript = Omit<ScriptRecord, 'signature' | 'body'>;
same<Exactly<keyof ShownScript | 'integrity' | 'tasks', keyof ScriptSummary>>(true);

export function scriptView(
  script: ScriptRecord,
  options: { integrity: Integrity; tasks: Array<{ id: number; name: string }>; withBody: true }
): Script;
export function scriptView(
  script: ScriptRecord,
  options: { integrity: Integrity; tasks: Array<{ id: number; name: string }>; withBody?: false }
): ScriptSummary;
export function scriptView(
  script: ScriptRecord,
  {
    integrity,
    tasks,
    withBody = false,
  }: { integrity: Integrity; tasks: Array<{ id: number; name: string }>; withBody?: boolean }
): Script | ScriptSummary {
  const { signature: _signature, body, ...rest } = script;
  const shown: ShownScript = without(rest, STRAPI_FIELDS);
  return { ...shown, ...(withBody ? { body } : {}), integrity, tasks };
}

type ShownRun = Omit<RunRecord, 'log' | 'result'>;
same<Exactly<keyof ShownRun, keyof RunSummary>>(true);
same<Exactly<keyof RunRecord, keyof Run>>(true);

/** A run with its log and result (the sandbox writes the log as entries, older rows as text). */
export const runView = (run: RunRecord): Run => ({
  ...without(run, STRAPI_FIELDS),
  result: run.result,
  log: run.log as RunLogEntry[] | string | null,
});

/** A run as lists show it: no log, no result. */
export const runSummaryView = (run: ShownRun): RunSummary => without(run, STRAPI_FIELDS);

/** A saved version: who saved it and when; the body only when one version is asked for. */
export const versionView = (
  version: ScriptVersionRecord,
  {
    current,
    integrity,
    authors,
  }: { current: boolean; integrity?: Integrity; authors: Map<number, string> }
): ScriptVersion => ({
  scriptId: version.scriptId,
  version: version.version,
  name: version.name,
  description: version.description,
  changedBy: version.changedBy,
  changedByName: version.changedBy === null ? null : (authors.get(version.changedBy) ?? null),
  changedAt: version.changedAt,
  current,
  ...(integrity ? { body: version.body, integrity } : {}),
});
