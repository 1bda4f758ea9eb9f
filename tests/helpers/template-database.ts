import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { serverSettings } from '../../scripts/lib/database-servers.cjs';
import type { DatabaseClient, ProvisionedDatabase } from './database';

/**
 * A site as Strapi leaves it after its first boot, minus everything of the plugin's: each
 * integration test file starts from a copy of it instead of an empty database. Strapi's own first
 * boot (some 70 tables, the admin's roles and permissions, the default locale) costs 1–2 s of CPU,
 * the same for every one of ~70 files per pass; the copy costs milliseconds. The plugin's first
 * install still happens in every test: its tables are empty and its store keys gone, so it seeds
 * its scripts and default tasks as on a new site. Tests that need a truly empty database
 * (upgrades from an older schema) provision one directly.
 */
export interface TemplateDatabase {
  client: DatabaseClient;
  /** The database (PostgreSQL, MariaDB) or file (SQLite) copied. */
  source: string;
  /** MariaDB: the statements that create its tables (it has no CREATE DATABASE … TEMPLATE). */
  tables?: Array<{ name: string; create: string; rows: number }>;
}

/** Where the jest globalSetup says the template of this run is (read by workers). */
export const TEMPLATE_VARIABLE = 'MAINTENANCE_TEST_TEMPLATE';

export const templateFor = (client: DatabaseClient): TemplateDatabase | null => {
  const file = process.env[TEMPLATE_VARIABLE];
  if (!file) return null;
  const template = JSON.parse(readFileSync(file, 'utf8')) as TemplateDatabase;
  return template.client === client ? template : null;
};

export const saveTemplate = (template: TemplateDatabase, file: string) => {
  writeFileSync(file, JSON.stringify(template));
  process.env[TEMPLATE_VARIABLE] = file;
};

/** Empties the plugin's tables (ids from 1 again) and forgets its store keys. */
export const forgetPlugin = async (strapi: Core.Strapi) => {
  const tables = (
    strapi.plugin('maintenance').service('storage') as { tableNames(): string[] }
  ).tableNames();
  const knex = strapi.db.connection;
  const client = strapi.db.dialect.client;
  if (client === 'postgres') {
    await knex.raw(`TRUNCATE ${tables.map((name) => `"${name}"`).join(', ')} RESTART IDENTITY`);
  } else if (client === 'mysql') {
    await knex.transaction(async (trx) => {
      await trx.raw('SET FOREIGN_KEY_CHECKS = 0');
      for (const name of tables) await trx.raw(`TRUNCATE TABLE \`${name}\``);
      await trx.raw('SET FOREIGN_KEY_CHECKS = 1');
    });
  } else {
    for (const name of tables) await knex(name).delete();
    await knex('sqlite_sequence').whereIn('name', tables).delete();
  }
  await knex('strapi_core_store_settings').where('key', 'like', 'plugin_maintenance_%').delete();
};

/** MariaDB: each table's CREATE statement and row count, to build copies from. */
export const describeMysqlTables = async (strapi: Core.Strapi) => {
  const knex = strapi.db.connection;
  const [listed] = (await knex.raw('SHOW FULL TABLES WHERE Table_type = ?', ['BASE TABLE'])) as [
    Array<Record<string, string>>,
  ];
  const tables: NonNullable<TemplateDatabase['tables']> = [];
  for (const row of listed) {
    const name = Object.values(row)[0];
    const [[shown]] = (await knex.raw(`SHOW CREATE TABLE \`${name}\``)) as [
      Array<Record<string, string>>,
    ];
    const [[counted]] = (await knex.raw(`SELECT COUNT(*) AS n FROM \`${name}\``)) as [
      Array<{ n: number }>,
    ];
    tables.push({ name, create: shown['Create Table'], rows: Number(counted.n) });
  }
  return tables;
};

/** Fills a new, empty database (or SQLite file) with a copy of the template. */
export const copyTemplate = async (
  template: TemplateDatabase,
  target: Pick<ProvisionedDatabase, 'name' | 'env'>
) => {
  if (template.client === 'sqlite') {
    copyFileSync(template.source, target.env.DATABASE_FILENAME);
    return;
  }
  if (template.client === 'postgres') return; // made by CREATE DATABASE … TEMPLATE
  const mysql = await import('mysql2/promise');
  const { adminDatabase: _unused, ...settings } = serverSettings('mysql');
  const connection = await mysql.createConnection({
    ...settings,
    database: target.name,
    multipleStatements: true,
    connectTimeout: 5000,
  });
  try {
    const statements = [
      'SET FOREIGN_KEY_CHECKS = 0',
      ...(template.tables ?? []).map(({ create }) => create),
      ...(template.tables ?? [])
        .filter(({ rows }) => rows > 0)
        .map(
          ({ name }) => `INSERT INTO \`${name}\` SELECT * FROM \`${template.source}\`.\`${name}\``
        ),
      'SET FOREIGN_KEY_CHECKS = 1',
    ];
    await connection.query(statements.join(';\n'));
  } finally {
    await connection.end();
  }
};

export const templateFile = (dir: string, client: DatabaseClient) =>
  path.join(dir, `template-${client}.json`);
