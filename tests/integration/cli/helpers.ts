import { spawn } from 'node:child_process';
import path from 'node:path';
import {
  strapiEnvironment,
  startStrapi,
  PLAYGROUND_DIR,
  type TestStrapi,
} from '../../helpers/strapi';

const BIN = path.resolve(__dirname, '..', '..', '..', 'bin', 'strapi-maintenance.js');
const CLI_TIMEOUT_MS = 120_000;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed, for --json calls. */
  json<T = Record<string, unknown>>(): T;
}

/**
 * Runs `strapi-maintenance <args>` as a site owner would: its own process, in the playground's
 * directory, on the database and with the secrets of the test's instance (process.env while it
 * runs). Each call boots the site once.
 */
export const cli = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
  new Promise<CliResult>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: PLAYGROUND_DIR,
      env: { ...env, DATABASE_POOL_MAX: '3' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`strapi-maintenance ${args.join(' ')} did not end\n${stderr}`));
    }, CLI_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        code,
        stdout,
        stderr,
        json: <T>() => {
          try {
            return JSON.parse(stdout) as T;
          } catch {
            throw new Error(
              `stdout is not JSON (exit ${code}):\n${stdout}\n--- stderr:\n${stderr}`
            );
          }
        },
      });
    });
  });

/**
 * One playground instance in this process (no timer) on a fresh database, with secrets fixed for
 * the whole file so that the command line's processes share its signing keys: it seeds the tasks
 * and reads what the command line did.
 */
export const useSite = () => {
  const holder: { current: TestStrapi } = { current: undefined as unknown as TestStrapi };
  beforeAll(async () => {
    holder.current = await startStrapi({ ...strapiEnvironment(), MAINTENANCE_AUTO_RUN: 'false' });
  }, 120_000);
  afterAll(() => holder.current?.stop(), 120_000);
  return holder;
};
