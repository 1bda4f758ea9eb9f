import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { unavailableReason } from './database';

/**
 * Restarts the local PostgreSQL cluster (Debian's pg_ctlcluster, as root), as an operator or a
 * failover would: every connection is cut. Other suites on the machine may notice; the caller
 * waits for the server to answer again before it goes on.
 */
export const restartPostgres = async () => {
  const [version] = readdirSync('/etc/postgresql');
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart'], {
    stdio: 'inherit',
  });
};

export const postgresReady = async () => (await unavailableReason('postgres')) === null;
