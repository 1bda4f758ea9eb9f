import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { version as pluginVersion } from '../../../package.json';
import { UIDS } from '../constants';
import { getService } from '../utils/get-service';
import { getPluginConfig } from '../utils/plugin-config';
import { planImport } from './import-plan';
import type { ScriptRecord } from './scripts';
import { toTaskRecord } from './task-store';
import {
  EXPORT_FORMAT,
  EXPORT_FORMAT_VERSION,
  TASK_FIELDS,
  definition,
  planProblems,
  type ExportFile,
  type ExportedTask,
} from './transfer-file';
import { signFile } from './transfer-signature';

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

  const scriptsQuery = () => strapi.db.query(UIDS.script);
  const plan = (input: unknown) => planImport(strapi, input, secrets);

  return {
    /** Every script but the built-ins, and every task, in one signed file. */
    async export(now = Date.now()): Promise<ExportFile> {
      const scripts = (await scriptsQuery().findMany({
        where: { builtIn: false },
        orderBy: { name: 'asc' },
      })) as ScriptRecord[];
      const rows = await getService(strapi, 'taskStore').withScripts(
        ['id', 'name', 'builtIn', 'builtInKey'],
        { name: 'asc' }
      );
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
      return {
        ...file,
        signature: signFile(file as unknown as Record<string, unknown>, secrets()),
      };
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
        const invalid = planProblems(result);
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
