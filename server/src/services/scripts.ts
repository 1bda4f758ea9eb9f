import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UIDS } from '../constants';
import { ConflictError } from '../utils/errors';
import { getService } from '../utils/get-service';
import { validateScriptInput } from '../validation/script';
import type { Integrity } from './signatures';
import { testRunScript } from './script-test-run';
import { assertNotManaged } from './managed-in-code';

export interface ScriptRecord {
  id: number;
  documentId: string;
  name: string;
  description: string | null;
  body: string;
  builtIn: boolean;
  version: number;
  signature: string | null;
  codeKey: string | null;
  managedInCode: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface WriteOptions {
  userId?: number;
  /** The change comes from the declarations in config/plugins. */
  fromCode?: boolean;
  /**
   * The change comes from outside the plugin (another plugin's Document Service call): it is
   * validated like any other, but not signed, so the body does not run until someone accepts it.
   */
  outside?: boolean;
}

const createScriptsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(UIDS.script);
  const signatures = () => getService(strapi, 'signatures');
  const history = () => getService(strapi, 'history');

  const findOrThrow = async (id: number): Promise<ScriptRecord> => {
    const row = await query().findOne({ where: { id } });
    if (!row) throw new errors.NotFoundError(`script ${id} not found`);
    return row as ScriptRecord;
  };

  return {
    findOne: findOrThrow,

    async findMany(): Promise<ScriptRecord[]> {
      return (await query().findMany({ orderBy: { name: 'asc' } })) as ScriptRecord[];
    },

    integrity(script: Pick<ScriptRecord, 'body' | 'signature'>): Integrity {
      return signatures().check(script.body, script.signature);
    },

    /** The tasks that run a script, by name. */
    async usedBy(id: number): Promise<Array<{ id: number; name: string }>> {
      return (await getService(strapi, 'taskStore').pickMany({ script: { id } }, ['id', 'name'], {
        orderBy: { name: 'asc' },
      })) as Array<{ id: number; name: string }>;
    },

    /** The tasks of every script at once, by script id (for lists). */
    async usage(): Promise<Map<number, Array<{ id: number; name: string }>>> {
      const rows = (await getService(strapi, 'taskStore').pickMany({}, ['id', 'name'], {
        script: ['id'],
        orderBy: { name: 'asc' },
      })) as Array<{ id: number; name: string; script: { id: number } | null }>;
      const byScript = new Map<number, Array<{ id: number; name: string }>>();
      for (const { id, name, script } of rows) {
        if (!script) continue;
        byScript.set(script.id, [...(byScript.get(script.id) ?? []), { id, name }]);
      }
      return byScript;
    },

    async prepareCreate(input: unknown, { userId, outside = false }: WriteOptions = {}) {
      const data = await validateScriptInput(strapi, input);
      return {
        ...data,
        builtIn: false,
        version: 1,
        signature: outside ? null : signatures().sign(data.body as string),
        ...(userId ? { createdBy: userId, updatedBy: userId } : {}),
      };
    },

    /**
     * Every change bumps the version that runs record; a save that changes nothing keeps it.
     * A body sent again is signed again: that is how an administrator approves a body that was
     * changed outside the plugin, after reading it. A change that does not send the body keeps
     * the signature as it is, so renaming a tampered script does not make it runnable.
     */
    async prepareUpdate(
      current: ScriptRecord,
      input: unknown,
      { userId, fromCode, outside = false }: WriteOptions = {}
    ) {
      assertNotManaged(current, 'script', fromCode);
      if (current.builtIn && !outside) {
        throw new errors.ForbiddenError(
          'built-in scripts are read-only; duplicate it to change it'
        );
      }
      const changes = await validateScriptInput(strapi, input, current);
      const changed = (Object.keys(changes) as Array<keyof typeof changes>).some(
        (field) => changes[field] !== current[field]
      );
      const bodySent = typeof changes.body === 'string';
      const approving =
        bodySent && !outside && signatures().check(current.body, current.signature) !== 'valid';
      if (!changed && !approving) return null;
      return {
        ...changes,
        // From outside, the old signature stays: a new body no longer matches it.
        ...(bodySent && !outside ? { signature: signatures().sign(changes.body as string) } : {}),
        version: current.version + 1,
        ...(userId ? { updatedBy: userId } : {}),
      };
    },

    async create(input: unknown, options: WriteOptions = {}): Promise<ScriptRecord> {
      const script = (await query().create({
        data: await this.prepareCreate(input, options),
      })) as ScriptRecord;
      await history().record(script, options);
      return script;
    },

    async update(id: number, input: unknown, options: WriteOptions = {}): Promise<ScriptRecord> {
      const current = await findOrThrow(id);
      const data = await this.prepareUpdate(current, input, options);
      if (!data) return current;
      const script = (await query().update({ where: { id }, data })) as ScriptRecord;
      await history().record(script, options);
      return script;
    },

    /** Saves an earlier version's body as a new version; refused if that version was tampered with. */
    async restore(id: number, version: number, options: WriteOptions = {}) {
      await findOrThrow(id);
      const saved = await history().findOne(id, version);
      const integrity = history().integrity(saved);
      if (integrity !== 'valid') {
        throw new ConflictError(
          `version ${version} of script ${id} does not match its signature, so it cannot be restored`,
          { integrity }
        );
      }
      return this.update(id, { body: saved.body }, options);
    },

    /**
     * What a user reviews before accepting a body changed outside the plugin: the body as stored
     * and the last version the plugin signed (null when it never signed one).
     */
    async review(id: number) {
      const script = await findOrThrow(id);
      const lastSigned = await history().lastSigned(id);
      return {
        integrity: this.integrity(script),
        current: { version: script.version, body: script.body },
        lastSigned: lastSigned ? { version: lastSigned.version, body: lastSigned.body } : null,
      };
    },

    /** Signs the body as it stands, as a new version: the user has reviewed and accepts it. */
    async accept(id: number, options: WriteOptions = {}): Promise<ScriptRecord> {
      const current = await findOrThrow(id);
      if (this.integrity(current) === 'valid') return current;
      if (current.builtIn || current.managedInCode) {
        throw new errors.ForbiddenError(
          `script ${id} is ${current.builtIn ? 'built in' : 'managed in code'}: a change made outside the plugin cannot be accepted; restore the last signed version`
        );
      }
      return this.update(id, { body: current.body }, options);
    },

    /**
     * Puts back the last body the plugin signed, as a new version. Allowed for built-in and
     * code-managed scripts too: it returns them to what the plugin itself saved.
     */
    async restoreSigned(id: number, { userId }: WriteOptions = {}): Promise<ScriptRecord> {
      const current = await findOrThrow(id);
      const saved = await history().lastSigned(id);
      if (!saved) {
        throw new ConflictError(`script ${id} has no version signed by the plugin to restore`);
      }
      const script = (await query().update({
        where: { id },
        data: {
          body: saved.body,
          signature: signatures().sign(saved.body),
          version: current.version + 1,
          ...(userId ? { updatedBy: userId } : {}),
        },
      })) as ScriptRecord;
      await history().record(script, { userId });
      return script;
    },

    /** A script that tasks use cannot go: the error names them. */
    async delete(id: number): Promise<ScriptRecord> {
      const script = await findOrThrow(id);
      assertNotManaged(script, 'script');
      // The plugin seeds its built-ins again on every start, so deleting one would not last.
      if (script.builtIn) {
        throw new errors.ForbiddenError(
          'built-in scripts cannot be deleted; duplicate one to change it'
        );
      }
      const users = await this.usedBy(id);
      if (users.length > 0) {
        const names = users.map((task) => task.name);
        throw new ConflictError(`script ${id} is used by tasks: ${names.join(', ')}`, {
          tasks: users,
        });
      }
      await query().delete({ where: { id } });
      await history().deleteForScript(id);
      return script;
    },

    /**
     * Runs the saved script once outside any task, with the given params, dry by default; nothing
     * is recorded in the run history (script-test-run.ts).
     */
    async testRun(id: number, body: unknown = {}, { userId }: WriteOptions = {}) {
      return testRunScript(strapi, await findOrThrow(id), body, { userId });
    },
  };
};

export type ScriptsService = ReturnType<typeof createScriptsService>;
export default createScriptsService;
