import type { Core } from '@strapi/strapi';

/** The rows of a knex.raw answer, in each driver's own shape: better-sqlite3 gives an array, pg { rows }, mysql2 [rows, fields]. */
export const rawRows = (result: unknown): Array<Record<string, unknown>> => {
  if (Array.isArray(result))
    return (Array.isArray(result[0]) ? result[0] : result) as Array<Record<string, unknown>>;
  return ((result as { rows?: Array<Record<string, unknown>> }).rows ?? []) as Array<
    Record<string, unknown>
  >;
};

/** A content type's table and the column name of each of its attributes, from Strapi's metadata. */
export const tableOf = (strapi: Core.Strapi, uid: string) => {
  const meta = strapi.db.metadata.get(uid as never);
  const column = (attribute: string) =>
    (meta.attributes[attribute] as { columnName?: string } | undefined)?.columnName ?? attribute;
  return { table: meta.tableName, column };
};
