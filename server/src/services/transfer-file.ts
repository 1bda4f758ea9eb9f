import { errors, yup } from '@strapi/utils';
import {
  TASK_DEFINITION_FIELDS,
  type ImportAction,
  type ImportItem,
  type ImportPlan,
  type TaskDefinitionField,
} from '../contracts';
import { checkTimeZone } from '../scheduling';
import { noUnknown } from '../validation/no-unknown';
import { canonicalJson } from './code';
import type { TaskRecord } from './tasks';

/**
 * The export file: its format, its shape, and the rules that read an item of it against what a
 * site holds. Pure: no database, no keys (signing is transfer-signature.ts, planning an import
 * against the site is import-plan.ts).
 */

export const EXPORT_FORMAT = 'strapi-plugin-maintenance.export';
export const EXPORT_FORMAT_VERSION = 1;

/** The definition of a task, as exported: no schedule state, no counters, no leases. */
export const TASK_FIELDS = TASK_DEFINITION_FIELDS;

export interface ExportedScript {
  name: string;
  description: string | null;
  body: string;
}

export type ScriptReference = { name: string } | { builtIn: string };

export type ExportedTask = { name: string; script: ScriptReference; enabled: boolean } & Partial<
  Record<TaskDefinitionField, unknown>
>;

export interface ExportFile {
  format: typeof EXPORT_FORMAT;
  formatVersion: number;
  pluginVersion: string;
  exportedAt: string;
  scripts: ExportedScript[];
  tasks: ExportedTask[];
  signature?: string;
}

export type { ImportAction, ImportItem, ImportPlan };

export type ImportProblem = NonNullable<ImportItem['errors']>[number];

export const fileSchema: yup.AnyObjectSchema = yup
  .object({
    format: yup
      .string()
      .oneOf(
        [EXPORT_FORMAT],
        `format must be "${EXPORT_FORMAT}" (this is not a maintenance export file)`
      )
      .required('format is required (this is not a maintenance export file)'),
    formatVersion: yup
      .number()
      .oneOf(
        [EXPORT_FORMAT_VERSION],
        `formatVersion ${EXPORT_FORMAT_VERSION} is the only one this version reads`
      )
      .required('formatVersion is required'),
    pluginVersion: yup.string(),
    exportedAt: yup.string(),
    scripts: yup
      .array()
      .of(yup.object().typeError('each script must be an object'))
      .required('scripts is required'),
    tasks: yup
      .array()
      .of(yup.object().typeError('each task must be an object'))
      .required('tasks is required'),
    signature: yup.string().typeError('signature must be a string'),
  })
  .test(noUnknown())
  .typeError('the body must be an export file (a JSON object)')
  .required('the body must be an export file (a JSON object)');

export const SCRIPT_ITEM_FIELDS = ['name', 'description', 'body'];
export const TASK_ITEM_FIELDS = ['name', 'script', 'enabled', ...TASK_FIELDS];

/** An item's keys that no export writes: refused like unknown fields on every other route. */
export const unknownFields = (item: object, known: readonly string[]): ImportProblem[] =>
  Object.keys(item)
    .filter((key) => !known.includes(key))
    .map((key) => ({ path: [key], message: `unknown field "${key}"` }));

/** A name that stands twice in one file (names are unique on a site). */
export const twice = (name: string): ImportProblem => ({
  path: ['name'],
  message: `"${name}" appears more than once in the file (names are unique on a site)`,
});

/** What a validation error (or any other) says, as the problems of one item. */
export const problemsOf = (error: unknown): ImportProblem[] => {
  if (error instanceof errors.ValidationError) {
    const details = (error.details ?? {}) as {
      errors?: Array<{ path?: string[]; message: string }>;
    };
    return (details.errors ?? [{ path: [], message: error.message }]).map((problem) => ({
      path: problem.path ?? [],
      message: problem.message,
    }));
  }
  return [{ path: [], message: error instanceof Error ? error.message : String(error) }];
};

/** An exported task's fields, as the task validators take them (script resolved elsewhere). */
export const definition = (task: ExportedTask) =>
  Object.fromEntries(
    TASK_FIELDS.filter((field) => field in task).map((field) => [field, task[field]])
  );

/** The fields of `current` that importing `task` would change (a zone compared canonically). */
export const taskChanges = (task: ExportedTask, current: TaskRecord, scriptId: number | null) => {
  const changed: string[] = [];
  const wanted = definition(task);
  for (const field of TASK_FIELDS) {
    if (!(field in wanted)) continue;
    let value = wanted[field] ?? null;
    if (field === 'timezone' && typeof value === 'string') {
      const zone = checkTimeZone(value);
      if (zone.ok) value = zone.timeZone;
    }
    const stored = (current as unknown as Record<string, unknown>)[field] ?? null;
    const same =
      field === 'params'
        ? canonicalJson(value ?? {}) === canonicalJson(stored ?? {})
        : value === stored;
    if (!same) changed.push(field);
  }
  if (scriptId !== null && scriptId !== current.script) changed.push('script');
  return changed;
};

/** The plan of a whole file: valid only when no item has errors; the counts leave those out. */
export const summarize = (scripts: ImportItem[], tasks: ImportItem[]): ImportPlan => {
  const all = [...scripts, ...tasks];
  const count = (action: ImportAction) =>
    all.filter((item) => !item.errors && item.action === action).length;
  return {
    valid: all.every((item) => !item.errors),
    scripts,
    tasks,
    summary: {
      create: count('create'),
      update: count('update'),
      unchanged: count('unchanged'),
      skip: count('skip'),
      invalid: all.filter((item) => item.errors).length,
    },
  };
};

/** Every problem of an invalid plan, each naming its list, item and field (the 400's details). */
export const planProblems = (plan: ImportPlan) =>
  [
    ...plan.scripts.map((item) => ({ ...item, list: 'scripts' })),
    ...plan.tasks.map((item) => ({ ...item, list: 'tasks' })),
  ]
    .filter((item) => item.errors)
    .flatMap((item) =>
      (item.errors ?? []).map((problem) => ({
        path: [item.list, item.name, ...problem.path],
        message: `${item.list.slice(0, -1)} "${item.name}": ${problem.message}`,
        name: 'ValidationError',
      }))
    );
