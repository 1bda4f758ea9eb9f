import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UIDS } from '../constants';
import { checkTimeZone } from '../scheduling';
import { parseInstant } from '../utils/epoch';
import { getService } from '../utils/get-service';
import { getPluginConfig } from '../utils/plugin-config';
import {
  BUILTIN_PREFIX,
  entryLabel,
  type CodeDeclarations,
  type CodeScript,
  type CodeTask,
} from '../validation/code';
import type { ScriptRecord } from './scripts';

export interface CodeSyncReport {
  scripts: { created: string[]; updated: string[]; unchanged: string[]; released: string[] };
  tasks: { created: string[]; updated: string[]; unchanged: string[]; released: string[] };
}

/** JSON with sorted keys, so that two equal params compare equal whatever their key order. */
export const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))
        )
      : inner
  );

/** A boot-stopping message naming the declaration and, for a validation error, the field. */
const declarationError = (label: string, error: unknown) => {
  if (error instanceof errors.ValidationError) {
    const details = (error.details ?? {}) as {
      errors?: Array<{ path?: string[]; message: string }>;
    };
    const problems = details.errors?.length
      ? details.errors.map((problem) =>
          problem.path?.length && !problem.message.startsWith(`${problem.path.join('.')}:`)
            ? `${problem.path.join('.')}: ${problem.message}`
            : problem.message
        )
      : [error.message];
    return new Error(`Invalid maintenance declaration ${label}: ${problems.join('; ')}`);
  }
  return new Error(
    `Invalid maintenance declaration ${label}: ${error instanceof Error ? error.message : String(error)}`
  );
};

const isUniqueViolation = (error: unknown) =>
  /unique|duplicate/i.test(error instanceof Error ? error.message : String(error));

/**
 * Tasks and scripts declared in config/plugins (`code.scripts`, `code.tasks`), applied at every
 * boot by their key: created when new, updated when the declaration changed, marked managed in
 * code (read-only everywhere else). A declaration removed from the code leaves its record
 * editable again — a task is disabled — and never deletes it, its runs or its versions.
 */
const createCodeService = ({ strapi }: { strapi: Core.Strapi }) => {
  const scripts = () => strapi.db.query(UIDS.script);
  const tasks = () => getService(strapi, 'taskStore');

  /**
   * One message for a declared name that another record holds, whether the declaration is new or
   * renamed (docs/operations.md quotes it).
   */
  const assertNameFree = async (kind: 'script' | 'task', name: string, ownId?: number) => {
    const holder =
      kind === 'script'
        ? await scripts().findOne({ where: { name }, select: ['id', 'codeKey'] })
        : await tasks().pick({ name }, ['id', 'codeKey']);
    if (!holder || holder.id === ownId) return;
    throw new errors.ValidationError('name taken', {
      errors: [
        {
          path: ['name'],
          message: holder.codeKey
            ? `a ${kind} named "${name}" is already declared in code with key "${holder.codeKey}" (rename one of them)`
            : `a ${kind} named "${name}" already exists and is not declared in code (rename one of them)`,
        },
      ],
    });
  };

  const syncScript = async (declaration: CodeScript) => {
    const wanted = {
      name: declaration.name.trim(),
      description: declaration.description ?? null,
      body: declaration.body,
    };
    const current = (await scripts().findOne({
      where: { codeKey: declaration.key },
    })) as ScriptRecord | null;
    await assertNameFree('script', wanted.name, current?.id);
    if (!current) {
      const data = await getService(strapi, 'scripts').prepareCreate(wanted);
      try {
        const script = (await scripts().create({
          data: { ...data, codeKey: declaration.key, managedInCode: true },
        })) as ScriptRecord;
        await getService(strapi, 'history').record(script);
        return { id: script.id, outcome: 'created' as const };
      } catch (error) {
        // Another instance booting at the same moment created it.
        const winner = await scripts().findOne({ where: { codeKey: declaration.key } });
        if (winner && isUniqueViolation(error))
          return { id: winner.id, outcome: 'unchanged' as const };
        throw error;
      }
    }
    const changes = Object.fromEntries(
      (Object.keys(wanted) as Array<keyof typeof wanted>)
        .filter((field) => wanted[field] !== current[field])
        .map((field) => [field, wanted[field]])
    );
    if (Object.keys(changes).length === 0 && current.managedInCode) {
      return { id: current.id, outcome: 'unchanged' as const };
    }
    if (Object.keys(changes).length > 0) {
      await getService(strapi, 'scripts').update(current.id, changes, { fromCode: true });
    }
    if (!current.managedInCode) {
      await scripts().update({ where: { id: current.id }, data: { managedInCode: true } });
    }
    return { id: current.id, outcome: 'updated' as const };
  };

  /** The task as the declaration wants it, every field set (the code is the whole truth). */
  const wantedTask = (declaration: CodeTask, scriptId: number) => {
    const zone = checkTimeZone(declaration.timezone ?? getPluginConfig(strapi).timezone);
    return {
      name: declaration.name.trim(),
      description: declaration.description ?? null,
      script: scriptId,
      schedule: declaration.schedule,
      timezone: zone.ok ? zone.timeZone : (declaration.timezone as string),
      params: declaration.params ?? {},
      enabled: declaration.enabled ?? true,
      startAt: parseInstant(declaration.startAt ?? null) ?? null,
      endAt: parseInstant(declaration.endAt ?? null) ?? null,
      maxRuns: declaration.maxRuns ?? null,
      misfirePolicy: declaration.misfirePolicy ?? 'once',
      overlap: declaration.overlap ?? 'skip',
      timeLimitMs: declaration.timeLimitMs ?? null,
      memoryLimitMb: declaration.memoryLimitMb ?? null,
      wallTimeLimitMs: declaration.wallTimeLimitMs ?? null,
      retries: declaration.retries ?? 0,
      retryBackoffMs: declaration.retryBackoffMs ?? null,
      autoPauseAfter: declaration.autoPauseAfter ?? null,
      jitterSeconds: declaration.jitterSeconds ?? null,
    };
  };

  const syncTask = async (declaration: CodeTask, scriptId: number) => {
    const wanted = wantedTask(declaration, scriptId);
    const current = await tasks().find({ codeKey: declaration.key });
    const service = getService(strapi, 'tasks');
    await assertNameFree('task', wanted.name, current?.id);
    if (!current) {
      const data = await service.prepareCreate(wanted);
      try {
        await tasks().create({ ...data, codeKey: declaration.key, managedInCode: true });
        return 'created' as const;
      } catch (error) {
        const winner = await tasks().pick({ codeKey: declaration.key }, ['id']);
        if (winner && isUniqueViolation(error)) return 'unchanged' as const;
        throw error;
      }
    }
    const changes = Object.fromEntries(
      (Object.keys(wanted) as Array<keyof typeof wanted>)
        .filter((field) =>
          field === 'params'
            ? canonicalJson(wanted.params) !== canonicalJson(current.params ?? {})
            : (wanted[field] ?? null) !==
              ((current as unknown as Record<string, unknown>)[field] ?? null)
        )
        .map((field) => [field, wanted[field]])
    );
    if (Object.keys(changes).length === 0 && current.managedInCode) return 'unchanged' as const;
    const data =
      Object.keys(changes).length > 0
        ? await service.prepareUpdate(current, changes, { fromCode: true })
        : {};
    await tasks().set(current.id, { ...data, managedInCode: true });
    return 'updated' as const;
  };

  /** Records once declared and no longer: editable again; a task is also disabled. */
  const release = async (report: CodeSyncReport, declarations: CodeDeclarations) => {
    const taskKeys = new Set(declarations.tasks.map((task) => task.key));
    const orphanTasks = await tasks().findAll({ where: { managedInCode: true } });
    for (const current of orphanTasks) {
      if (taskKeys.has(current.codeKey as string)) continue;
      const data = await getService(strapi, 'tasks').prepareUpdate(
        current,
        { enabled: false },
        { fromCode: true }
      );
      await tasks().set(current.id, { ...data, managedInCode: false });
      report.tasks.released.push(current.codeKey as string);
    }
    const scriptKeys = new Set(declarations.scripts.map((script) => script.key));
    const orphanScripts = (await scripts().findMany({
      where: { managedInCode: true },
      select: ['id', 'codeKey'],
    })) as Array<{ id: number; codeKey: string }>;
    for (const script of orphanScripts) {
      if (scriptKeys.has(script.codeKey)) continue;
      await scripts().update({ where: { id: script.id }, data: { managedInCode: false } });
      report.scripts.released.push(script.codeKey);
    }
  };

  return {
    /**
     * Applies the declarations, all or nothing: in one database transaction, so that a bad
     * declaration late in the list leaves the ones before it unapplied too. Throws (stopping
     * boot) with a message naming the entry and the field when one cannot be applied.
     */
    async sync(declarations: CodeDeclarations = getPluginConfig(strapi).code) {
      return strapi.db.transaction(() => this.apply(declarations));
    },

    /** Applies the declarations one by one; `sync` runs it inside a transaction. */
    async apply(declarations: CodeDeclarations) {
      const report: CodeSyncReport = {
        scripts: { created: [], updated: [], unchanged: [], released: [] },
        tasks: { created: [], updated: [], unchanged: [], released: [] },
      };
      const scriptIds = new Map<string, number>();
      for (const [index, declaration] of declarations.scripts.entries()) {
        try {
          const { id, outcome } = await syncScript(declaration);
          scriptIds.set(declaration.key, id);
          report.scripts[outcome].push(declaration.key);
        } catch (error) {
          throw declarationError(entryLabel('scripts', index, declaration.key), error);
        }
      }
      for (const [index, declaration] of declarations.tasks.entries()) {
        const label = entryLabel('tasks', index, declaration.key);
        try {
          let scriptId = scriptIds.get(declaration.script);
          if (declaration.script.startsWith(BUILTIN_PREFIX)) {
            const key = declaration.script.slice(BUILTIN_PREFIX.length);
            scriptId = (await getService(strapi, 'builtin').findScript(key))?.id;
          }
          if (scriptId === undefined) throw new Error(`script: "${declaration.script}" not found`);
          report.tasks[await syncTask(declaration, scriptId)].push(declaration.key);
        } catch (error) {
          throw declarationError(label, error);
        }
      }
      await release(report, declarations);
      return report;
    },
  };
};

export type CodeService = ReturnType<typeof createCodeService>;
export default createCodeService;
