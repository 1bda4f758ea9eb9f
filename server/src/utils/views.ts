import type { ScriptVersionRecord } from '../services/history';
import type { RunRecord } from '../services/runs';
import type { ScriptRecord } from '../services/scripts';
import type { Integrity } from '../services/signatures';
import type { TaskRecord } from '../services/tasks';

/** Fields Strapi adds to every row that mean nothing for these types (no drafts, no locales). */
const STRAPI_FIELDS = ['publishedAt', 'locale'];

/** Lease bookkeeping and a task's script state stay out of lists; who holds a task does not. */
const HIDDEN_TASK_FIELDS = [
  ...STRAPI_FIELDS,
  'leaseFence',
  'leaseSlot',
  'leaseRunId',
  'state',
  'seal',
];

const without = (record: object, fields: readonly string[]) => {
  const view: Record<string, unknown> = { ...record };
  for (const field of fields) delete view[field];
  return view;
};

/**
 * What the admin API shows of stored records: instants in epoch milliseconds, whether a task is
 * running now, whether its seal holds (never the seal or a signature itself).
 */
export const taskView = (
  task: TaskRecord & { scriptName?: string | null },
  {
    integrity,
    now = Date.now(),
    withState = false,
  }: { integrity: Integrity; now?: number; withState?: boolean }
) => {
  return {
    ...without(task, HIDDEN_TASK_FIELDS),
    integrity,
    running: Boolean(task.leaseOwner) && (task.leaseExpiresAt ?? 0) >= now,
    ...(withState ? { state: (task as { state?: unknown }).state ?? null } : {}),
  };
};

export const scriptView = (
  script: ScriptRecord,
  {
    integrity,
    tasks,
    withBody = false,
  }: { integrity: Integrity; tasks: Array<{ id: number; name: string }>; withBody?: boolean }
) => {
  const { signature: _signature, body, ...rest } = script;
  return { ...without(rest, STRAPI_FIELDS), ...(withBody ? { body } : {}), integrity, tasks };
};

export const runView = (run: RunRecord) => without(run, STRAPI_FIELDS);

/** A saved version: who saved it and when; the body only when one version is asked for. */
export const versionView = (
  version: ScriptVersionRecord,
  { current, integrity }: { current: boolean; integrity?: Integrity }
) => ({
  scriptId: version.scriptId,
  version: version.version,
  name: version.name,
  description: version.description,
  changedBy: version.changedBy,
  changedAt: version.changedAt,
  current,
  ...(integrity ? { body: version.body, integrity } : {}),
});
