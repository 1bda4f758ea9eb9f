import type { Core } from '@strapi/strapi';
import { validateYupSchema } from '@strapi/utils';
import { UIDS } from '../constants';
import { getService } from '../utils/get-service';
import { validateScriptInput } from '../validation/script';
import { validateTaskInput } from '../validation/task';
import type { ScriptRecord } from './scripts';
import {
  SCRIPT_ITEM_FIELDS,
  TASK_ITEM_FIELDS,
  definition,
  fileSchema,
  problemsOf,
  summarize,
  taskChanges,
  twice,
  unknownFields,
  type ExportFile,
  type ExportedScript,
  type ExportedTask,
  type ImportItem,
  type ImportProblem,
} from './transfer-file';
import { verifyFile } from './transfer-signature';

/**
 * What importing an export file would do, item by item, read against the site: which scripts and
 * tasks would be created, updated, left alone or skipped, and which are invalid. Reads only.
 * Everything an import could trip over is found here, before anything is written: an item that
 * would fail half-way through the import makes the whole file invalid instead.
 */

const planScripts = async (strapi: Core.Strapi, file: ExportFile) => {
  const scripts: ImportItem[] = [];
  const incoming = new Map<string, ExportedScript>();
  for (const [index, raw] of file.scripts.entries()) {
    const script = raw as ExportedScript;
    const name = typeof script.name === 'string' ? script.name.trim() : '';
    if (name && incoming.has(name)) {
      scripts.push({ name, action: 'create', errors: [twice(name)] });
      continue;
    }
    const existing = name
      ? ((await strapi.db.query(UIDS.script).findOne({ where: { name } })) as
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
    if (name) incoming.set(name, script);
  }
  return { scripts, incoming };
};

/** The script a task names: one of the file's, one already on the site, or a built-in. */
const resolveScript = async (
  strapi: Core.Strapi,
  task: ExportedTask,
  incoming: Map<string, ExportedScript>
): Promise<{ scriptId: number | null; problem?: ImportProblem }> => {
  const reference = (task.script ?? {}) as Partial<{ name: string; builtIn: string }>;
  if (typeof reference.builtIn === 'string') {
    const builtIn = await getService(strapi, 'builtin').findScript(reference.builtIn);
    if (builtIn) return { scriptId: builtIn.id };
    return {
      scriptId: null,
      problem: {
        path: ['script'],
        message: `no built-in script "${reference.builtIn}" on this site`,
      },
    };
  }
  if (typeof reference.name === 'string') {
    const onSite = await strapi.db.query(UIDS.script).findOne({
      where: { name: reference.name },
      select: ['id'],
    });
    if (onSite) return { scriptId: onSite.id };
    if (incoming.has(reference.name)) return { scriptId: null };
    return {
      scriptId: null,
      problem: {
        path: ['script'],
        message: `script "${reference.name}" is neither in the file nor on this site`,
      },
    };
  }
  return {
    scriptId: null,
    problem: { path: ['script'], message: 'script must be { name } or { builtIn }' },
  };
};

const planTasks = async (
  strapi: Core.Strapi,
  file: ExportFile,
  incomingScripts: Map<string, ExportedScript>
) => {
  const tasks: ImportItem[] = [];
  const incoming = new Set<string>();
  for (const [index, raw] of file.tasks.entries()) {
    const task = raw as ExportedTask;
    const name = typeof task.name === 'string' ? task.name.trim() : '';
    const item: ImportItem = { name: name || `tasks[${index}]`, action: 'create' };
    if (name && incoming.has(name)) {
      tasks.push({ ...item, errors: [twice(name)] });
      continue;
    }
    if (name) incoming.add(name);
    const current = name ? await getService(strapi, 'taskStore').find({ name }) : null;
    if (current?.managedInCode) {
      Object.assign(item, {
        action: 'skip',
        id: current.id,
        reason: `managed in code (key "${current.codeKey}")`,
      });
      tasks.push(item);
      continue;
    }
    const problems: ImportProblem[] = [...unknownFields(task, TASK_ITEM_FIELDS)];
    const { scriptId, problem } = await resolveScript(strapi, task, incomingScripts);
    if (problem) problems.push(problem);
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
  return tasks;
};

/** Reads and checks the whole file (shape, then signature), and plans its import. */
export const planImport = async (
  strapi: Core.Strapi,
  input: unknown,
  secrets: () => readonly string[]
) => {
  const file = (await validateYupSchema(fileSchema)(input)) as unknown as ExportFile;
  verifyFile(input as Record<string, unknown>, secrets());
  const { scripts, incoming } = await planScripts(strapi, file);
  const tasks = await planTasks(strapi, file, incoming);
  return { file, plan: summarize(scripts, tasks) };
};
