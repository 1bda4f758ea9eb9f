'use strict';

/**
 * A floor that deletes: `remove(knex)` (bare statements, answering the rows they deleted) committed
 * and timed, after a copy of each of `tables` (not timed); the deleted rows are put back after,
 * ids and all, so that the plugin's run that follows works on the very same data. (A DELETE
 * rolled back instead would leave its writing out: SQLite writes a transaction's pages at COMMIT.)
 */
const copyOf = (table) => `${table}_bench_copy`;

/** A copy of each table (not timed), for `restoreTables` to put deleted rows back from. */
const copyTables = async (knex, tables) => {
  for (const table of tables) {
    await knex.raw('DROP TABLE IF EXISTS ??', [copyOf(table)]);
    await knex.raw('CREATE TABLE ?? AS SELECT * FROM ??', [copyOf(table), table]);
  }
};

/** The rows deleted since `copyTables` put back, ids and all; the copies dropped. */
const restoreTables = async (knex, tables) => {
  for (const table of tables) {
    await knex.raw(
      'INSERT INTO ?? SELECT b.* FROM ?? b LEFT JOIN ?? t ON t.id = b.id WHERE t.id IS NULL',
      [table, copyOf(table), table]
    );
    await knex.raw('DROP TABLE ??', [copyOf(table)]);
  }
};

const committedDelete = async (strapi, tables, remove) => {
  const knex = strapi.db.connection;
  await copyTables(knex, tables);
  try {
    const started = performance.now();
    const rows = await remove(knex);
    return { ms: performance.now() - started, rows };
  } finally {
    await restoreTables(knex, tables);
  }
};

/** The rows a `knex.raw` statement changed, whatever the client. */
const changedRows = (answer) =>
  Number(answer.rowCount ?? answer.changes ?? (Array.isArray(answer) ? answer[0].affectedRows : 0));

module.exports = { committedDelete, copyTables, restoreTables, changedRows };
