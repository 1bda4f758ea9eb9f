import type { ProvisionedDatabase } from './database';
import type { SoakRun } from './soak-report';

/**
 * Reads the plugin's tables straight from the database, with the plain driver, from outside every
 * Strapi instance: what a soak checks must not depend on any of the processes it is testing.
 */
export interface RunTable {
  runs(): Promise<SoakRun[]>;
  run(id: number): Promise<SoakRun | undefined>;
  /** Tasks whose lease someone holds. */
  heldLeases(taskIds: number[]): Promise<number>;
  runningRuns(taskIds: number[]): Promise<SoakRun[]>;
  /**
   * Tasks with a slot up to `until` still to run: not claimed yet, being run, or waiting for a
   * retry (a loaded machine runs slots late; the soak lets them catch up before it ends them).
   */
  behind(taskIds: number[], until: number): Promise<number>;
  /** Tasks someone holds, with what their lease says (for a report that must say why). */
  heldTasks(taskIds: number[]): Promise<Row[]>;
  close(): Promise<void>;
}

type Row = Record<string, unknown>;

// The drivers ship no types (and the plugin has no need of @types for them); this is all the soak
// uses of them.
interface SqliteDatabase {
  pragma(text: string): unknown;
  prepare(sql: string): { all(): unknown[] };
  close(): void;
}
interface PgClient {
  on(event: 'error', listener: () => void): void;
  connect(): Promise<void>;
  query(sql: string): Promise<{ rows: Row[] }>;
  end(): Promise<void>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const driver = <T>(name: string): T => require(name) as T;

const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));

const toRun = (row: Row): SoakRun => ({
  id: Number(row.id),
  taskId: Number(row.task_id),
  slot: num(row.slot),
  attempt: Number(row.attempt),
  status: String(row.status),
  trigger: String(row.run_trigger),
  startedAt: num(row.started_at),
  finishedAt: num(row.finished_at),
  driftMs: num(row.drift_ms),
  instanceId: (row.instance_id as string | null) ?? null,
  note: errorMessage(row.run_error),
});

/** The message of a run's error column (JSON text on SQLite and MariaDB, parsed on PostgreSQL). */
const errorMessage = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  try {
    const parsed = (typeof value === 'string' ? JSON.parse(value) : value) as {
      message?: unknown;
    } | null;
    return typeof parsed?.message === 'string' ? parsed.message : null;
  } catch {
    return null;
  }
};

/**
 * A fault test stops and restarts the database server under the soak: a query that fails is tried
 * again on a fresh connection until the server answers, for up to this long.
 */
const RETRY_FOR_MS = 90_000;

const retrying = async <T>(attempt: () => Promise<T>): Promise<T> => {
  const deadline = Date.now() + RETRY_FOR_MS;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
};

export const openRunTable = async (database: ProvisionedDatabase): Promise<RunTable> => {
  let query: (sql: string) => Promise<Row[]>;
  let close: () => Promise<void>;
  const env = database.env;
  if (database.client === 'sqlite') {
    const Database =
      driver<new (file: string, options: object) => SqliteDatabase>('better-sqlite3');
    const db = new Database(env.DATABASE_FILENAME, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    query = async (sql) => db.prepare(sql).all() as Row[];
    close = async () => void db.close();
  } else if (database.client === 'postgres') {
    const { Client } = driver<{ Client: new (options: object) => PgClient }>('pg');
    const connect = async () => {
      const connection = new Client({
        host: env.DATABASE_HOST,
        port: Number(env.DATABASE_PORT),
        user: env.DATABASE_USERNAME,
        password: env.DATABASE_PASSWORD,
        database: env.DATABASE_NAME,
      });
      // A restart of the server in a fault test ends this connection; reconnect on next use.
      connection.on('error', () => undefined);
      await connection.connect();
      return connection;
    };
    let connection: Awaited<ReturnType<typeof connect>> | undefined;
    // A restart of the server ends the connection: the next attempt opens a new one.
    query = (sql) =>
      retrying(async () => {
        connection ??= await connect();
        try {
          return (await connection.query(sql)).rows;
        } catch (error) {
          await connection.end().catch(() => undefined);
          connection = undefined;
          throw error;
        }
      });
    close = async () => void (await connection?.end());
  } else {
    const mysql = await import('mysql2/promise');
    const pool = mysql.createPool({
      host: env.DATABASE_HOST,
      port: Number(env.DATABASE_PORT),
      user: env.DATABASE_USERNAME,
      password: env.DATABASE_PASSWORD,
      database: env.DATABASE_NAME,
      connectionLimit: 1,
    });
    // The pool drops a connection the server closed; the next attempt gets a new one.
    query = (sql) => retrying(async () => (await pool.query(sql))[0] as Row[]);
    close = () => pool.end();
  }
  // `trigger` is a reserved word in MySQL.
  const quote = (name: string) => (database.client === 'mysql' ? `\`${name}\`` : `"${name}"`);
  const RUN_COLUMNS = `id, task_id, slot, attempt, status, ${quote('trigger')} AS run_trigger, started_at, finished_at, drift_ms, instance_id, ${quote('error')} AS run_error`;
  const ids = (taskIds: number[]) => (taskIds.length ? taskIds.join(',') : '0');

  return {
    async runs() {
      return (await query(`SELECT ${RUN_COLUMNS} FROM maintenance_runs ORDER BY id`)).map(toRun);
    },
    async run(id) {
      const rows = await query(
        `SELECT ${RUN_COLUMNS} FROM maintenance_runs WHERE id = ${Number(id)}`
      );
      return rows.map(toRun)[0];
    },
    async heldLeases(taskIds) {
      const rows = await query(
        `SELECT id FROM maintenance_tasks WHERE lease_owner IS NOT NULL AND id IN (${ids(taskIds)})`
      );
      return rows.length;
    },
    async runningRuns(taskIds) {
      const rows = await query(
        `SELECT ${RUN_COLUMNS} FROM maintenance_runs WHERE status = 'running' AND task_id IN (${ids(taskIds)}) ORDER BY id`
      );
      return rows.map(toRun);
    },
    async behind(taskIds, until) {
      const bound = Number(until);
      const rows = await query(
        `SELECT id FROM maintenance_tasks WHERE id IN (${ids(taskIds)}) AND (next_run_at <= ${bound} OR retry_slot <= ${bound} OR (lease_owner IS NOT NULL AND lease_slot <= ${bound}))`
      );
      return rows.length;
    },
    async heldTasks(taskIds) {
      return query(
        `SELECT id, lease_owner, lease_expires_at, lease_fence, lease_slot FROM maintenance_tasks WHERE lease_owner IS NOT NULL AND id IN (${ids(taskIds)})`
      );
    },
    close,
  };
};
