import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
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

/** Whether a process runs this executable (pidof exits 1 when none does). */
const running = (executable: string) => {
  try {
    execFileSync('pidof', [executable], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

const run = (command: string, args: string[]) =>
  execFileSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });

const postgres = (action: 'start' | 'stop' | 'restart') => {
  const [version] = readdirSync('/etc/postgresql');
  run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', action]);
};

const mariadb = (action: 'start' | 'stop') => {
  if (action === 'start') {
    run('start-stop-daemon', [
      '--start',
      '--oknodo',
      '--background',
      '--exec',
      '/usr/sbin/mariadbd',
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
      await waitFor(() => (running('mariadbd') ? undefined : true), READY_TIMEOUT_MS, 200);
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
