import type { Core } from '@strapi/strapi';
import { PLUGIN_INDEXES } from '../../server/src/services/storage';
import { tableOf } from '../../server/src/utils/sql';

/**
 * The columns of index `name` on `table`, in key order, read from the database's own catalogue
 * (Strapi 5.54's PostgreSQL inspector leaves `id` columns out and lists columns in table order).
 * Empty when there is no such index.
 */
export const indexColumns = async (
  strapi: Core.Strapi,
  table: string,
  name: string
): Promise<string[]> => {
  const knex = strapi.db.connection;
  const client = strapi.db.dialect.client as string;
  if (client === 'sqlite') {
    const rows = (await knex.raw(`PRAGMA index_info(${JSON.stringify(name)})`)) as Array<{
      name: string;
    }>;
    return rows.map((row) => row.name);
  }
  if (client === 'postgres') {
    const { rows } = (await knex.raw(
      `SELECT a.attname AS name
         FROM pg_index ix
         JOIN pg_class i ON i.oid = ix.indexrelid
         JOIN pg_class t ON t.oid = ix.indrelid
         CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum
        WHERE i.relname = ? AND t.relname = ?
        ORDER BY k.ord`,
      [name, table]
    )) as { rows: Array<{ name: string }> };
    return rows.map((row) => row.name);
  }
  const [rows] = (await knex.raw(
    `SELECT column_name AS name FROM information_schema.statistics
      WHERE table_schema = DATABASE() AND table_name = ? AND index_name = ?
      ORDER BY seq_in_index`,
    [table, name]
  )) as [Array<{ name: string }>];
  return rows.map((row) => row.name);
};

/** Each of the plugin's own indexes (storage PLUGIN_INDEXES) → its columns in the database. */
export const pluginIndexes = async (strapi: Core.Strapi) => {
  const found: Record<string, string[]> = {};
  const expected: Record<string, string[]> = {};
  for (const { uid, name, attributes } of PLUGIN_INDEXES) {
    const { table, column } = tableOf(strapi, uid);
    expected[name] = attributes.map(column);
    found[name] = await indexColumns(strapi, table, name);
  }
  return { expected, found };
};
