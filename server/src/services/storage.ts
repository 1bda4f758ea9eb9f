import type { Core } from '@strapi/strapi';
import { PLUGIN_ID, UIDS } from '../constants';
import { getService } from '../utils/get-service';
import { tableOf } from '../utils/sql';

/** The data layout this version writes; stored so that a later version knows what to migrate. */
export const DATA_VERSION = 4;

const VERSION_KEY = 'data-version';

/**
 * Columns added after the first release (0.1.0), with the value existing rows get. Strapi adds
 * new columns without a database default, so rows written by an older version read NULL until
 * they are filled here.
 */
const FILLED_COLUMNS: ReadonlyArray<{ uid: string; attribute: string; value: unknown }> = [
  { uid: UIDS.task, attribute: 'retries', value: 0 },
  { uid: UIDS.task, attribute: 'consecutiveFailedSlots', value: 0 },
  { uid: UIDS.task, attribute: 'managedInCode', value: false },
  { uid: UIDS.task, attribute: 'overlap', value: 'skip' },
  { uid: UIDS.script, attribute: 'managedInCode', value: false },
];

/**
 * Indexes the plugin makes itself (version 4): those the runs list sorts and filters by, and the
 * per-task seeks of the history purge and the tasks list. Not declared in the content type: each
 * ends with the id, and Strapi 5.54's PostgreSQL inspector leaves `id` columns out of the indexes
 * it reads (and lists columns in table order), so every later schema sync would see a declared
 * index as changed and drop and rebuild it. Strapi's sync only drops indexes it made, so these
 * stay.
 */
export const PLUGIN_INDEXES: ReadonlyArray<{ uid: string; name: string; attributes: string[] }> = [
  { uid: UIDS.run, name: 'maintenance_runs_task_id_idx', attributes: ['taskId', 'id'] },
  {
    uid: UIDS.run,
    name: 'maintenance_runs_task_failure_idx',
    attributes: ['taskId', 'status', 'id'],
  },
  { uid: UIDS.run, name: 'maintenance_runs_started_idx', attributes: ['startedAt', 'id'] },
  {
    uid: UIDS.run,
    name: 'maintenance_runs_task_started_idx',
    attributes: ['taskId', 'startedAt', 'id'],
  },
  {
    uid: UIDS.run,
    name: 'maintenance_runs_status_started_idx',
    attributes: ['status', 'startedAt', 'id'],
  },
  {
    uid: UIDS.run,
    name: 'maintenance_runs_trigger_started_idx',
    attributes: ['trigger', 'startedAt', 'id'],
  },
];

interface PersistedTable {
  name: string;
  dependsOn?: Array<{ name: string }>;
}

/**
 * Keeps the plugin's data through upgrades and through removal of the plugin.
 *
 * - Upgrades: Strapi's schema sync adds the new columns; `migrate` fills them in old rows.
 * - Removal: Strapi's schema sync drops the tables of content types that disappeared since the
 *   last boot, except the tables listed in the core store's `persisted_tables` (the mechanism
 *   Strapi's own audit logs use). The plugin lists its tables there, so a site booted without it
 *   keeps every task, script, version and run, and finds them again when it comes back.
 */
const createStorageService = ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID });

  return {
    /** The plugin's tables: one per content type and the join tables of its relations. */
    tableNames(): string[] {
      const names = new Set<string>();
      for (const uid of Object.values(UIDS)) {
        const meta = strapi.db.metadata.get(uid);
        names.add(meta.tableName);
        for (const attribute of Object.values(meta.attributes)) {
          const joinTable = (attribute as { joinTable?: { name?: string } }).joinTable;
          if (joinTable?.name) names.add(joinTable.name);
        }
      }
      return [...names].sort();
    },

    /** Adds the plugin's tables to Strapi's persisted tables (once; later boots change nothing). */
    async persistTables() {
      const stored = ((await strapi.store.get({ type: 'core', key: 'persisted_tables' })) ??
        []) as Array<string | PersistedTable>;
      const listed = new Set(
        stored.map((entry) => (typeof entry === 'string' ? entry : entry.name))
      );
      const missing = this.tableNames().filter((name) => !listed.has(name));
      if (missing.length === 0) return [];
      await strapi.store.set({
        type: 'core',
        key: 'persisted_tables',
        value: [...stored, ...missing.map((name) => ({ name }))],
      });
      return missing;
    },

    /**
     * Creates each of PLUGIN_INDEXES that the database does not have (by name): safe to run again,
     * on every database. On a large history this is the one slow step of the upgrade (PostgreSQL
     * and MariaDB build an index over a million runs in seconds, holding writes to the table).
     */
    async ensureIndexes() {
      const created: string[] = [];
      const inspector = strapi.db.dialect.schemaInspector;
      for (const { uid, name, attributes } of PLUGIN_INDEXES) {
        const { table, column } = tableOf(strapi, uid);
        const exists = async () =>
          (await inspector.getIndexes(table)).some((index) => index.name === name);
        if (await exists()) continue;
        try {
          await strapi.db.connection.schema.alterTable(table, (builder) => {
            builder.index(attributes.map(column), name);
          });
          created.push(name);
        } catch (error) {
          // Another instance booting at the same time made it first.
          if (!(await exists())) throw error;
        }
      }
      return created;
    },

    /** Brings rows written by an older version up to this one. Idempotent; safe on every boot. */
    async migrate() {
      const from = Number((await store().get({ key: VERSION_KEY })) ?? 1);
      if (from >= DATA_VERSION) return { from, to: from };
      // Straight through the query engine rather than the task store (task-store.ts): the same
      // loop fills columns of every content type of the plugin, scripts too.
      for (const { uid, attribute, value } of FILLED_COLUMNS) {
        await strapi.db
          .query(uid as typeof UIDS.task)
          .updateMany({ where: { [attribute]: { $null: true } }, data: { [attribute]: value } });
      }
      // Version 3 seals tasks. Before it, the plugin signed whatever reached it, so every task of
      // an older site is taken as the plugin's, once; a seal cleared later is never filled again.
      if (from < 3) await getService(strapi, 'tasks').sealUnsealed();
      if (from < 4) await this.ensureIndexes();
      await store().set({ key: VERSION_KEY, value: DATA_VERSION });
      return { from, to: DATA_VERSION };
    },
  };
};

export type StorageService = ReturnType<typeof createStorageService>;
export default createStorageService;
