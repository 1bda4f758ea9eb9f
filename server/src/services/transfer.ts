import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { errors, validateYupSchema, yup } from '@strapi/utils';
import { version as pluginVersion } from '../../../package.json';
import { UIDS } from '../constants';
import { checkTimeZone } from '../scheduling';
import { getService } from '../utils/get-service';
import { getPluginConfig } from '../utils/plugin-config';
import { validateScriptInput } from '../validation/script';
import { validateTaskInput } from '../validation/task';
import { canonicalJson } from './code';
import type { ScriptRecord } from './scripts';
import { toTaskRecord } from './task-store';
import type { TaskRecord } from './tasks';
import { noUnknown } from '../validation/no-unknown';
import { TASK_DEFINITION_FIELDS, type TaskDefinitionField } from '../contracts';

export const EXPORT_FORMAT = 'strapi-plugin-maintenance.export';
export const EXPORT_FORMAT_VERSION = 1;

// Changing this string invalidates every export file; it names the purpose and a version.
const KEY_INFO = 'strapi-plugin-maintenance export-signature v1';
const PREFIX = 'v1.';

/** The definition of a task, as exported: no schedule state, no counters, no leases. */
const TASK_FIELDS = TASK_DEFINITION_FIELDS;

type TaskField = TaskDefinitionField;

export interface ExportedScript {
  name: string;
  description: string | null;
  body: string;
}

export type ScriptReference = { name: string } | { builtIn: string };

export type ExportedTask = { name: string; script: ScriptReference; enabled: boolean } & Partial<
  Record<TaskField, unknown>
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

export type ImportAction = 'create' | 'update' | 'unchanged' | 'skip';

export interface ImportItem {
  name: string;
  action: ImportAction;
  /** The existing record an update or skip concerns. */
  id?: number;
  /** The fields an update changes. */
  changes?: string[];
  /** Why an item is skipped, or why it is invalid. */
  reason?: string;
  errors?: Array<{ path: string[]; message: string }>;
}

export interface ImportPlan {
  valid: boolean;
  scripts: ImportItem[];
  tasks: ImportItem[];
  summary: Record<ImportAction, number> & { invalid: number };
}

const fileSchema = yup
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

const SCRIPT_ITEM_FIELDS = ['name', 'description', 'body'];
const TASK_ITEM_FIELDS = ['name', 'script', 'enabled', ...TASK_FIELDS];

/** An item's keys that no export writes: refused like unknown fields on every other route. */
const unknownFields = (item: object, known: readonly string[]) =>
  Object.keys(item)
    .filter((key) => !known.includes(key))
    .map((key) => ({ path: [key], message: `unknown field "${key}"` }));

const refusal = (message: string) =>
  new errors.ValidationError(message, {
    errors: [{ path: ['signature'], message, name: 'ValidationError' }],
  });

const problemsOf = (error: unknown) => {
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

/**
 * Export and import of scripts and tasks as one signed JSON file. The signature is an HMAC of the
 * file's canonical JSON under a key derived from `exportSecret` (shared by the sites that exchange
 * files) or else from this site's APP_KEYS: a file edited after export, or signed elsewhere, is
 * refused. Imports are planned first (what would be created, updated or left alone), imported
 * tasks arrive disabled, and records managed in code are never touched.
 */
const createTransferService = ({ strapi }: { strapi: Core.Strapi }) => {
  const secrets = (): string[] => {
    const { exportSecret } = getPluginConfig(strapi);
    const appKeys = strapi.config.get('server.app.keys') as unknown;
    const keys = (Array.isArray(appKeys) ? appKeys : []).filter(
      (key): key is string => typeof key === 'string' && key.length > 0
    );
    const list = [...(exportSecret ? [exportSecret] : []), ...keys];
    if (list.length === 0)
      throw new Error('export files are signed with exportSecret or APP_KEYS; neither is set');
    return list;
  };
  const keys = () =>
    secrets().map((secret) => Buffer.from(hkdfSync('sha256', secret, '', KEY_INFO, 32)));
  const unsigned = (file: Record<string, unknown>) => {
    const { signature: _signature, ...rest } = file;
    return canonicalJson(rest);
  };
  const mac = (key: Buffer, text: string) =>
    createHmac('sha256', key).update(text, 'utf8').digest();

  const sign = (file: Record<string, unknown>) =>
    PREFIX + mac(keys()[0], unsigned(file)).toString('base64url');

  const verify = (file: Record<string, unknown>) => {
    const signature = file.signature;
    if (typeof signature !== 'string' || !signature) {
      throw refusal('the file is not signed: only files exported by the plugin can be imported');
    }
    const presented = signature.startsWith(PREFIX)
      ? Buffer.from(signature.slice(PREFIX.length), 'base64url')
      : Buffer.alloc(0);
    const text = unsigned(file);
    let matched = false;
    for (const key of keys()) {
      const expected = mac(key, text);
      if (presented.length === expected.length && timingSafeEqual(presented, expected))
        matched = true;
    }
    if (!matched) {
      throw refusal(
        "the file's signature does not match its content: it was changed after it was exported, or it was exported by a site with other keys (set the same exportSecret on both sites)"
      );
    }
  };

  const scriptsQuery = () => strapi.db.query(UIDS.script);
  const taskStore = () => getService(strapi, 'taskStore');

  /** An exported task's fields, as the task validators take them (script resolved elsewhere). */
  const definition = (task: ExportedTask) =>
    Object.fromEntries(
      TASK_FIELDS.filter((field) => field in task).map((field) => [field, task[field]])
    );

  const taskChanges = (task: ExportedTask, current: TaskRecord, scriptId: number | null) => {
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

  /** Reads and checks the whole file, and works out what an import would do, item by item. */
  const plan = async (input: unknown) => {
    const file = (await validateYupSchema(fileSchema)(input)) as unknown as ExportFile;
    verify(input as Record<string, unknown>);

    // Everything an import could trip over is found here, before anything is written: an item
    // that would fail half-way through the import makes the whole file invalid instead.
    const twice = (name: string) => ({
      path: ['name'],
      message: `"${name}" appears more than once in the file (names are unique on a site)`,
    });

    const scripts: ImportItem[] = [];
    const incomingScripts = new Map<string, ExportedScript>();
    for (const [index, raw] of file.scripts.entries()) {
      const script = raw as ExportedScript;
      const name = typeof script.name === 'string' ? script.name.trim() : '';
      if (name && incomingScripts.has(name)) {
        scripts.push({ name, action: 'create', errors: [twice(name)] });
        continue;
      }
      const existing = name
        ? ((await scriptsQuery().findOne({ where: { name } })) as
            (ScriptRecord & { builtIn: boolean }) | null)
        : null;
      const item: ImportItem = { name: name || `scripts[${index}]`, action: 'create' };
      const unknown = unknownFields(script, SCRIPT_ITEM_FIELDS);
      if (unknown.length > 0) {
        item.errors = unknown;
      } else if (existing?.builtIn) {
        Object.assign(item, {
          action: 'skip',
          id: existing.id,
          reason: 'a built-in script has this name',
        });
      } else if (existing?.managedInCode) {
        Object.assign(item, {
          action: 'skip',
          id: existing.id,
          reason: `managed in code (key "${existing.codeKey}")`,
        });
      } else {
        try {
          await validateScriptInput(
            strapi,
            { name, description: script.description ?? null, body: script.body },
            existing ? { id: existing.id } : undefined
          );
          if (existing) {
            const changes = (['description', 'body'] as const).filter(
              (field) => (script[field] ?? null) !== (existing[field] ?? null)
            );
            Object.assign(item, {
              id: existing.id,
              action: changes.length ? 'update' : 'unchanged',
              ...(changes.length ? { changes } : {}),
            });
          }
        } catch (error) {
          item.errors = problemsOf(error);
        }
      }
      scripts.push(item);
      if (name) incomingScripts.set(name, script);
    }

    const tasks: ImportItem[] = [];
    const incomingTasks = new Set<string>();
    for (const [index, raw] of file.tasks.entries()) {
      const task = raw as ExportedTask;
      const name = typeof task.name === 'string' ? task.name.trim() : '';
      const item: ImportItem = { name: name || `tasks[${index}]`, action: 'create' };
      if (name && incomingTasks.has(name)) {
        tasks.push({ ...item, errors: [twice(name)] });
        continue;
      }
      if (name) incomingTasks.add(name);
      const current = name ? await taskStore().find({ name }) : null;
      if (current?.managedInCode) {
        Object.assign(item, {
          action: 'skip',
          id: current.id,
          reason: `managed in code (key "${current.codeKey}")`,
        });
        tasks.push(item);
        continue;
      }
      const problems: Array<{ path: string[]; message: string }> = [
        ...unknownFields(task, TASK_ITEM_FIELDS),
      ];
      // The script: one of the file's, one already on the site, or a built-in.
      let scriptId: number | null = null;
      const reference = (task.script ?? {}) as Partial<{ name: string; builtIn: string }>;
      if (typeof reference.builtIn === 'string') {
        const builtIn = await getService(strapi, 'builtin').findScript(reference.builtIn);
        if (builtIn) scriptId = builtIn.id;
        else
          problems.push({
            path: ['script'],
            message: `no built-in script "${reference.builtIn}" on this site`,
          });
      } else if (typeof reference.name === 'string') {
        const onSite = await scriptsQuery().findOne({
          where: { name: reference.name },
          select: ['id'],
        });
        if (onSite) scriptId = onSite.id;
        else if (!incomingScripts.has(reference.name)) {
          problems.push({
            path: ['script'],
            message: `script "${reference.name}" is neither in the file nor on this site`,
          });
        }
      } else {
        problems.push({ path: ['script'], message: 'script must be { name } or { builtIn }' });
      }
      try {
        // Each field the file holds is checked; the script is resolved above (it may be one of
        // the file's, not created yet).
        await validateTaskInput(strapi, { name, ...definition(task) }, { id: current?.id ?? 0 });
      } catch (error) {
        problems.push(...problemsOf(error));
      }
      if (!name) problems.push({ path: ['name'], message: 'name is required' });
      // A new task needs what creating one needs (an update keeps what the task has).
      if (!current && (typeof task.schedule !== 'string' || !task.schedule.trim())) {
        problems.push({ path: ['schedule'], message: 'schedule is required' });
      }
      if (problems.length > 0) {
        item.errors = problems;
      } else if (current) {
        const changes = taskChanges(task, current, scriptId);
        Object.assign(item, {
          id: current.id,
          action: changes.length ? 'update' : 'unchanged',
          ...(changes.length ? { changes } : {}),
        });
      }
      tasks.push(item);
    }

    const all = [...scripts, ...tasks];
    const count = (action: ImportAction) =>
      all.filter((item) => !item.errors && item.action === action).length;
    const result: ImportPlan = {
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
    return { file, plan: result };
  };

  return {
    /** Every script but the built-ins, and every task, in one signed file. */
    async export(now = Date.now()): Promise<ExportFile> {
      const scripts = (await scriptsQuery().findMany({
        where: { builtIn: false },
        orderBy: { name: 'asc' },
      })) as ScriptRecord[];
      const rows = await taskStore().withScripts(['id', 'name', 'builtIn', 'builtInKey'], {
        name: 'asc',
      });
      const file: ExportFile = {
        format: EXPORT_FORMAT,
        formatVersion: EXPORT_FORMAT_VERSION,
        pluginVersion,
        exportedAt: new Date(now).toISOString(),
        scripts: scripts.map((script) => ({
          name: script.name,
          description: script.description ?? null,
          body: script.body,
        })),
        tasks: rows
          .filter((row: Record<string, unknown>) => row.script)
          .map((row: Record<string, unknown>) => {
            const script = row.script as {
              name: string;
              builtIn: boolean;
              builtInKey: string | null;
            };
            const task = toTaskRecord(row);
            return {
              name: task.name,
              script:
                script.builtIn && script.builtInKey
                  ? { builtIn: script.builtInKey }
                  : { name: script.name },
              enabled: task.enabled,
              ...Object.fromEntries(
                TASK_FIELDS.map((field) => [
                  field,
                  (task as unknown as Record<string, unknown>)[field] ?? null,
                ])
              ),
            } as ExportedTask;
          }),
      };
      return { ...file, signature: sign(file as unknown as Record<string, unknown>) };
    },

    /** What an import of this file would do; changes nothing. 400 for a tampered or unsigned file. */
    async preview(input: unknown) {
      return (await plan(input)).plan;
    },

    /**
     * Imports the file: creates and updates what the preview says (tasks disabled), leaves the
     * rest alone. Refused as a whole (400, each invalid item named) if any item is invalid.
     */
    async apply(input: unknown, { userId }: { userId?: number } = {}) {
      const { file, plan: result } = await plan(input);
      if (!result.valid) {
        const invalid = [
          ...result.scripts.map((item) => ({ ...item, list: 'scripts' })),
          ...result.tasks.map((item) => ({ ...item, list: 'tasks' })),
        ]
          .filter((item) => item.errors)
          .flatMap((item) =>
            (item.errors ?? []).map((problem) => ({
              path: [item.list, item.name, ...problem.path],
              message: `${item.list.slice(0, -1)} "${item.name}": ${problem.message}`,
              name: 'ValidationError',
            }))
          );
        throw new errors.ValidationError(
          `the file cannot be imported: ${invalid.length} problem(s), nothing was imported`,
          { errors: invalid, plan: result }
        );
      }
      const scriptsService = getService(strapi, 'scripts');
      const tasksService = getService(strapi, 'tasks');
      for (const [index, item] of result.scripts.entries()) {
        const script = file.scripts[index];
        const data = {
          name: item.name,
          description: script.description ?? null,
          body: script.body,
        };
        if (item.action === 'create') item.id = (await scriptsService.create(data, { userId })).id;
        if (item.action === 'update')
          await scriptsService.update(item.id as number, data, { userId });
      }
      for (const [index, item] of result.tasks.entries()) {
        if (item.action !== 'create' && item.action !== 'update') continue;
        const task = file.tasks[index];
        const reference = task.script as Partial<{ name: string; builtIn: string }>;
        const script = reference.builtIn
          ? await getService(strapi, 'builtin').findScript(reference.builtIn)
          : await scriptsQuery().findOne({ where: { name: reference.name }, select: ['id'] });
        const data = { ...definition(task), name: item.name, script: script?.id, enabled: false };
        if (item.action === 'create') item.id = (await tasksService.create(data, { userId })).id;
        else await tasksService.update(item.id as number, data, { userId });
      }
      return result;
    },
  };
};

export type TransferService = ReturnType<typeof createTransferService>;
export default createTransferService;
