import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { adminStatement, serverDatabaseEnv } from '../../scripts/lib/database-servers.cjs';
import { copyTemplate, templateFor } from './template-database';

export { unavailableReason } from '../../scripts/lib/database-servers.cjs';

export type DatabaseClient = 'sqlite' | 'postgres' | 'mysql';

export const DATABASE_CLIENTS: readonly DatabaseClient[] = ['sqlite', 'postgres', 'mysql'];

// Test databases are thrown away: SQLite files go to memory-backed /dev/shm where there is one
// (a commit's fsync costs nothing there; a killed process loses nothing it wrote either).
const SQLITE_DIR = existsSync('/dev/shm')
  ? path.join('/dev/shm', 'maintenance-tests')
  : path.resolve(__dirname, '..', '..', 'playground', '.tmp');

/** The database an integration run targets: TEST_DB=sqlite (default) | postgres | mysql. */
export const selectedClient = (): DatabaseClient => {
  const value = (process.env.TEST_DB ?? 'sqlite').toLowerCase();
  const aliases: Record<string, DatabaseClient> = {
    sqlite: 'sqlite',
    postgres: 'postgres',
    postgresql: 'postgres',
    pg: 'postgres',
    mysql: 'mysql',
    mariadb: 'mysql',
  };
  const client = aliases[value];
  if (!client) throw new Error(`TEST_DB must be sqlite, postgres or mysql (got "${value}")`);
  return client;
};

export interface ProvisionedDatabase {
  client: DatabaseClient;
  name: string;
  /** Environment for the playground's config/database.js. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

/**
 * A brand-new database for one test suite (or one benchmark): empty, or with `fromTemplate` a copy
 * of this run's template when there is one (Strapi's first boot done, nothing of the plugin's:
 * tests/helpers/template-database.ts).
 */
export const provisionDatabase = async (
  client: DatabaseClient = selectedClient(),
  { fromTemplate = false }: { fromTemplate?: boolean } = {}
): Promise<ProvisionedDatabase> => {
  const name = `maint_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const template = fromTemplate ? templateFor(client) : null;

  if (client === 'sqlite') {
    mkdirSync(SQLITE_DIR, { recursive: true });
    const filename = path.join(SQLITE_DIR, `${name}.db`);
    const env = { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: filename };
    if (template) await copyTemplate(template, { name, env });
    return {
      client,
      name,
      env,
      async drop() {
        for (const suffix of ['', '-wal', '-shm', '-journal'])
          rmSync(filename + suffix, { force: true });
      },
    };
  }

  const copied = template && client === 'postgres' ? ` TEMPLATE ${template.source}` : '';
  await adminStatement(client, `CREATE DATABASE ${name}${copied}`);
  // Nor does a test database need a commit to wait for the disk (PostgreSQL allows that per
  // database; MariaDB only server-wide, which is the machine's to decide).
  if (client === 'postgres') {
    await adminStatement(client, `ALTER DATABASE ${name} SET synchronous_commit = off`);
  }
  const env = serverDatabaseEnv(client, name);
  if (template && client === 'mysql') await copyTemplate(template, { name, env });
  return {
    client,
    name,
    env,
    async drop() {
      const force = client === 'postgres' ? ' WITH (FORCE)' : '';
      await adminStatement(client, `DROP DATABASE IF EXISTS ${name}${force}`);
    },
  };
};
