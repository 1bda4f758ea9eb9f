import type { Core } from '@strapi/strapi';
import { PLUGIN_ID, UIDS } from '../constants';
import { getPluginConfig } from '../utils/plugin-config';
import { getService } from '../utils/get-service';
import { BUILT_IN_SCRIPTS, DEFAULT_TASKS } from './index';
import type { BuiltInScript, DefaultTask } from './types';

/** Core-store key listing every default task ever created on this site. */
export const SEEDED_TASKS_KEY = 'seeded-default-tasks';

export interface StoredScript {
  id: number;
  name: string;
  description: string | null;
  body: string;
  builtIn: boolean;
  builtInKey: string | null;
  version: number;
  signature: string | null;
}

export interface SeedReport {
  scripts: { created: string[]; updated: string[]; unchanged: string[] };
  tasks: {
    created: string[];
    /** Created on an earlier start (and perhaps deleted since): never created again. */
    seededBefore: string[];
    /** A task of that name was there already (the user's, or another instance's just now). */
    nameTaken: string[];
    /** Not created this time (the error is logged); tried again on the next start. */
    failed: Array<{ key: string; message: string }>;
  };
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Seeds the built-in script library and the default tasks on every start. Built-in scripts are
 * found by their builtInKey, never by name: a user's script is never read, changed or deleted.
 * A shipped body that differs from the stored one replaces it as a new version (signed, and kept
 * in the script's version history, as a save in the admin panel would be).
 */
const createBuiltinService = ({ strapi }: { strapi: Core.Strapi }) => {
  const scripts = () => strapi.db.query(UIDS.script);
  const signatures = () => getService(strapi, 'signatures');
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID });

  /** The shipped name, unless a user's script has it: then a suffixed one. */
  const freeName = async (definition: BuiltInScript, ownId?: number) => {
    for (const name of [
      definition.name,
      `${definition.name} (built-in)`,
      `${definition.name} (built-in ${definition.key})`,
    ]) {
      const holder = await scripts().findOne({ where: { name }, select: ['id'] });
      if (!holder || holder.id === ownId) return name;
    }
    return `${definition.name} (built-in ${definition.key} ${Date.now()})`;
  };

  const create = async (definition: BuiltInScript) => {
    try {
      const script = (await scripts().create({
        data: {
          name: await freeName(definition),
          description: definition.description,
          body: definition.body,
          builtIn: true,
          builtInKey: definition.key,
          version: 1,
          signature: signatures().sign(definition.body),
        },
      })) as StoredScript;
      await getService(strapi, 'history').record(script);
      return { script, outcome: 'created' as const };
    } catch (error) {
      // Another instance starting at the same moment won the unique builtInKey.
      const winner = (await scripts().findOne({
        where: { builtInKey: definition.key },
      })) as StoredScript | null;
      if (!winner) throw error;
      return { script: winner, outcome: 'unchanged' as const };
    }
  };

  const upsert = async (definition: BuiltInScript) => {
    const current = (await scripts().findOne({
      where: { builtInKey: definition.key },
    })) as StoredScript | null;
    if (!current) return create(definition);

    const changes: Partial<StoredScript> = {};
    if (current.body !== definition.body) {
      changes.body = definition.body;
      changes.version = current.version + 1;
    }
    if (current.description !== definition.description) {
      changes.description = definition.description;
    }
    if (!current.builtIn) changes.builtIn = true;
    if (current.name !== definition.name) {
      const name = await freeName(definition, current.id);
      if (name !== current.name) changes.name = name;
    }
    // Re-signed when the body changes, and when the site's keys changed since it was signed.
    if (changes.body || signatures().check(definition.body, current.signature) !== 'valid') {
      changes.signature = signatures().sign(definition.body);
    }
    if (Object.keys(changes).length === 0)
      return { script: current, outcome: 'unchanged' as const };

    // Conditional on the version read, so that of two instances upgrading at once only one
    // records the new version.
    const updated = (await scripts().update({
      where: { id: current.id, version: current.version },
      data: changes,
    })) as StoredScript | null;
    if (!updated) {
      const script = (await scripts().findOne({ where: { id: current.id } })) as StoredScript;
      return { script, outcome: 'unchanged' as const };
    }
    if (changes.version) await getService(strapi, 'history').record(updated);
    return { script: updated, outcome: 'updated' as const };
  };

  const createTask = async (definition: DefaultTask, scriptId: number) => {
    const { timezone, caps } = getPluginConfig(strapi);
    await getService(strapi, 'tasks').create({
      name: definition.name,
      description: definition.description,
      script: scriptId,
      schedule: definition.schedule,
      timezone,
      enabled: definition.enabled,
      params: definition.params,
      ...(definition.wallTimeLimitMs
        ? { wallTimeLimitMs: Math.min(definition.wallTimeLimitMs, caps.wallTimeLimitMs) }
        : {}),
    });
  };

  return {
    /** Keys of the default tasks created on this site so far. */
    async seededTaskKeys(): Promise<string[]> {
      const value = await store().get({ key: SEEDED_TASKS_KEY });
      return Array.isArray(value) ? (value as string[]) : [];
    },

    /** The built-in script with this key, as stored. */
    async findScript(key: string): Promise<StoredScript | null> {
      return (await scripts().findOne({ where: { builtInKey: key } })) as StoredScript | null;
    },

    async seed({
      library = BUILT_IN_SCRIPTS,
      tasks = DEFAULT_TASKS,
    }: { library?: readonly BuiltInScript[]; tasks?: readonly DefaultTask[] } = {}) {
      const report: SeedReport = {
        scripts: { created: [], updated: [], unchanged: [] },
        tasks: { created: [], seededBefore: [], nameTaken: [], failed: [] },
      };
      const scriptIds = new Map<string, number>();
      for (const definition of library) {
        const { script, outcome } = await upsert(definition);
        scriptIds.set(definition.key, script.id);
        report.scripts[outcome].push(definition.key);
      }

      const seeded = new Set(await this.seededTaskKeys());
      for (const definition of tasks) {
        if (seeded.has(definition.key)) {
          report.tasks.seededBefore.push(definition.key);
          continue;
        }
        const scriptId = scriptIds.get(definition.script);
        try {
          if (scriptId === undefined) {
            throw new Error(`no built-in script "${definition.script}"`);
          }
          await createTask(definition, scriptId);
          report.tasks.created.push(definition.key);
        } catch (error) {
          const holder = await getService(strapi, 'taskStore').pick({ name: definition.name }, [
            'id',
          ]);
          if (!holder) {
            strapi.log.error(
              `[maintenance] the default task "${definition.name}" could not be created: ${message(error)}`
            );
            report.tasks.failed.push({ key: definition.key, message: message(error) });
            continue;
          }
          report.tasks.nameTaken.push(definition.key);
        }
        // Recorded one by one: a start that stops half-way never creates a task twice.
        seeded.add(definition.key);
        await store().set({ key: SEEDED_TASKS_KEY, value: [...seeded] });
      }
      return report;
    },
  };
};

export type BuiltinService = ReturnType<typeof createBuiltinService>;
export default createBuiltinService;
