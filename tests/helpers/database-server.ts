import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { serverSettings } from '../../scripts/lib/database-servers.cjs';
import { unavailableReason, type DatabaseClient } from './database';
import { waitFor } from './wakeups';

export type ServerClient = Exclude<DatabaseClient, 'sqlite'>;

/**
 * The local PostgreSQL or MariaDB server of this machine, stopped and started as an operator or a
 * failover would: every connection is cut. Other suites on the machine notice too. Whoever stops
 * it must start it again whatever happens (`ensureRunning` in a finally or an afterAll).
 */
export interface DatabaseServer {
  client: ServerClient;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops and starts the server; resolves once it answers again. */
  restart(): Promise<void>;
  /** Whether it answers a query now. */
  ready(): Promise<boolean>;
  /** Starts it if it does not answer, and waits until it does. */
  ensureRunning(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;

/**
 * Which server is stopped and started: the machine's own by default. A soak can be pointed at a
 * server of its own, so that its restarts do not cut other work on the machine (docs/benchmarks.md):
 * TEST_PG_CLUSTER names a Debian PostgreSQL cluster (with TEST_PG_PORT), TEST_MYSQL_DEFAULTS_FILE
 * the option file of a second MariaDB (its datadir, port, socket and pid-file; with TEST_MYSQL_PORT).
 */
const pgCluster = () => process.env.TEST_PG_CLUSTER ?? 'main';
const mariadbDefaults = () => process.env.TEST_MYSQL_DEFAULTS_FILE;
/** The machine's own MariaDB reads this option file (Debian's). */
const SYSTEM_MARIADB_OPTIONS = '/etc/mysql/my.cnf';

/**
 * The pid-file of the MariaDB server this helper drives, as its option file names it, or null.
 * Servers are told apart by it: with a second MariaDB on the machine, looking for any `mariadbd`
 * process would find the other one (and start-stop-daemon would start nothing).
 */
const mariadbPidFile = (): string | null => {
  const file = mariadbDefaults() ?? SYSTEM_MARIADB_OPTIONS;
  let options: string;
  try {
    options = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  return /^\s*pid-file\s*=\s*(\S+)/m.exec(options)?.[1] ?? null;
};

/** Whether the MariaDB server this helper drives is running. */
const mariadbRunning = () => {
  const pidFile = mariadbPidFile();
  try {
    if (pidFile) process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 0);
    // No pid-file named: any mariadbd process (pidof exits 1 when there is none).
    else execFileSync('pidof', ['mariadbd'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

const run = (command: string, args: string[]) =>
  execFileSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });

const postgres = (action: 'start' | 'stop' | 'restart') => {
  const [version] = readdirSync('/etc/postgresql');
  run('pg_ctlcluster', ['--skip-systemctl-redirect', version, pgCluster(), action]);
};

const mariadb = (action: 'start' | 'stop') => {
  if (action === 'start') {
    const defaults = mariadbDefaults();
    const pidFile = mariadbPidFile();
    run('start-stop-daemon', [
      '--start',
      '--oknodo',
      '--background',
      ...(pidFile ? ['--pidfile', pidFile] : []),
      '--exec',
      '/usr/sbin/mariadbd',
      ...(defaults ? ['--', `--defaults-file=${defaults}`] : []),
    ]);
    return;
  }
  const { host, port, user, password } = serverSettings('mysql');
  run('mysqladmin', [
    '-h',
    host,
    '-P',
    String(port),
    '-u',
    user,
    ...(password ? [`-p${password}`] : []),
    'shutdown',
  ]);
};

export const databaseServer = (client: ServerClient): DatabaseServer => {
  const ready = async () => (await unavailableReason(client)) === null;
  const waitReady = () =>
    waitFor(async () => ((await ready()) ? true : undefined), READY_TIMEOUT_MS, 200);
  const server: DatabaseServer = {
    client,
    ready,
    async stop() {
      if (client === 'postgres') {
        postgres('stop');
        return;
      }
      mariadb('stop');
      // mysqladmin can return while the server is still shutting down, and start-stop-daemon
      // would then find it running and start nothing.
      await waitFor(() => (mariadbRunning() ? undefined : true), READY_TIMEOUT_MS, 200);
    },
    async start() {
      if (client === 'postgres') postgres('start');
      else mariadb('start');
      await waitReady();
    },
    async restart() {
      if (client === 'postgres') postgres('restart');
      else {
        await server.stop();
        mariadb('start');
      }
      await waitReady();
    },
    async ensureRunning() {
      if (await ready()) return;
      try {
        await server.start();
      } catch {
        // Started by someone else meanwhile (pg_ctlcluster refuses to start a running cluster).
        await waitReady();
      }
    },
  };
  return server;
};
