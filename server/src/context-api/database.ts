import type { Core } from '@strapi/strapi';
import { rawRows } from '../utils/sql';
import { booleanOption, optionsObject } from './arguments';
import type { HostMethods, RunContext } from './types';

export interface DatabaseStats {
  client: string;
  /** Bytes the database occupies, where the database can tell. */
  sizeBytes: number | null;
  tables: number;
}

const firstNumber = (result: unknown) => {
  const row = rawRows(result)[0] ?? {};
  const value = Object.values(row)[0];
  return value === null || value === undefined ? null : Number(value);
};

export const databaseStats = async (strapi: Core.Strapi): Promise<DatabaseStats> => {
  const knex = strapi.db.connection;
  const client = strapi.db.dialect.client as string;
  const tables = (await strapi.db.dialect.schemaInspector.getTables()).length;
  if (client === 'sqlite') {
    const pages = firstNumber(await knex.raw('PRAGMA page_count'));
    const size = firstNumber(await knex.raw('PRAGMA page_size'));
    return { client, sizeBytes: pages !== null && size !== null ? pages * size : null, tables };
  }
  if (client === 'postgres') {
    return {
      client,
      sizeBytes: firstNumber(await knex.raw('SELECT pg_database_size(current_database())')),
      tables,
    };
  }
  return {
    client,
    sizeBytes: firstNumber(
      await knex.raw(
        'SELECT COALESCE(SUM(data_length + index_length), 0) FROM information_schema.tables WHERE table_schema = DATABASE()'
      )
    ),
    tables,
  };
};

const quoteTables = (tables: string[]) =>
  tables.map((table) => `\`${table.replace(/`/g, '``')}\``).join(', ');

/**
 * The statements `optimize` runs on each dialect: the seed's "pack the ZODB". `analyzeOnly`
 * refreshes the planner's statistics without rewriting tables, so it never holds the database.
 */
const optimizeStatements = (client: string, tables: string[], analyzeOnly: boolean) => {
  if (client === 'sqlite') return analyzeOnly ? ['PRAGMA optimize'] : ['VACUUM', 'PRAGMA optimize'];
  if (client === 'postgres') return analyzeOnly ? ['ANALYZE'] : ['VACUUM (ANALYZE)'];
  if (tables.length === 0) return [];
  return [`${analyzeOnly ? 'ANALYZE' : 'OPTIMIZE'} TABLE ${quoteTables(tables)}`];
};

/** ctx.db: size and statistics, and the database's own compaction. */
export const databaseMethods = ({ strapi, dryRun }: RunContext): HostMethods => ({
  'db.stats': () => databaseStats(strapi),

  async 'db.optimize'(options?: unknown) {
    const call = 'ctx.db.optimize';
    const analyzeOnly = booleanOption(
      call,
      'analyzeOnly',
      optionsObject(call, options).analyzeOnly,
      false
    );
    const before = await databaseStats(strapi);
    const tables = await strapi.db.dialect.schemaInspector.getTables();
    const statements = optimizeStatements(before.client, tables, analyzeOnly);
    if (dryRun) return { dryRun: true, wouldRun: statements, before };
    const started = Date.now();
    // Outside any transaction: VACUUM refuses to run inside one on SQLite and PostgreSQL.
    for (const statement of statements) await strapi.db.connection.raw(statement);
    const after = await databaseStats(strapi);
    return {
      dryRun: false,
      ran: statements,
      before,
      after,
      reclaimedBytes:
        before.sizeBytes !== null && after.sizeBytes !== null
          ? before.sizeBytes - after.sizeBytes
          : null,
      durationMs: Date.now() - started,
    };
  },
});
