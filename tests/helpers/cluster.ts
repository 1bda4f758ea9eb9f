import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { freePort, waitForHttp } from './processes';
import { PLAYGROUND_DIR, strapiEnvironment } from './strapi';

const STRAPI_BIN = path.resolve(
  __dirname,
  '..',
  '..',
  'node_modules',
  '@strapi',
  'strapi',
  'bin',
  'strapi.js'
);

/** One `strapi start` of the compiled playground, in a process of its own, on its own port. */
export interface Server {
  name: string;
  child: ChildProcess;
  pid: number;
  url: string;
  /** Resolves when the process has exited, however it ended. */
  exited: Promise<void>;
  alive(): boolean;
  /** SIGTERM: Strapi's own shutdown (timer stopped, runs ended, leases released). */
  stop(timeoutMs?: number): Promise<void>;
  /** SIGKILL: no shutdown at all, as when a container is killed. */
  kill(): Promise<void>;
}

/**
 * Starts the compiled playground (playground/dist, built by the jest global setup) with the real
 * CLI, as a deployment would. `env` carries the database and the MAINTENANCE_* knobs; secrets are
 * shared by the caller so that every instance of a cluster accepts the same admin sessions.
 */
export const startServer = async (
  name: string,
  env: Record<string, string>,
  { bootTimeoutMs = 120_000 }: { bootTimeoutMs?: number } = {}
): Promise<Server> => {
  const port = await freePort();
  const child = spawn(process.execPath, [STRAPI_BIN, 'start'], {
    cwd: PLAYGROUND_DIR,
    env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Strapi prints its start-up banner whatever the log level: relay only what looks like a warning
  // or an error (winston writes every level to stdout), prefixed with the instance's name.
  const relay = (stream: NodeJS.ReadableStream, everything: boolean) =>
    stream.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n'))
        if (line.trim() && (everything || /\b(error|warn)\b/i.test(line)))
          process.stderr.write(`[${name}] ${line}\n`);
    });
  relay(child.stdout!, false);
  relay(child.stderr!, true);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const alive = () => child.exitCode === null && child.signalCode === null;
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/_health`, bootTimeoutMs, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    name,
    child,
    pid: child.pid as number,
    url,
    exited,
    alive,
    async stop(timeoutMs = 30_000) {
      if (!alive()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
  };
};

/** Secrets and quiet logging shared by every instance of one cluster. */
export const clusterEnvironment = () => ({
  ...strapiEnvironment(),
  NODE_ENV: 'production',
  GRAPHQL_ENABLED: 'true',
});

/** The process ids under `pid` whose command line contains `match` (e.g. the sandbox child). */
export const childProcesses = (pid: number, match: string): number[] => {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  return out
    .trim()
    .split('\n')
    .map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/))
    .filter((fields): fields is RegExpMatchArray => fields !== null)
    .filter(([, , ppid, args]) => Number(ppid) === pid && args.includes(match))
    .map(([, child]) => Number(child));
};

/** Resident memory of a process in bytes, from /proc (0 when it is gone). */
export const residentBytes = (pid: number): number => {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kb * 1024;
  } catch {
    return 0;
  }
};

/** A tiny JSON client with keep-alive, for the admin API and the public route. */
export const jsonRequest = async (
  url: string,
  {
    method = 'GET',
    body,
    token,
    agent,
  }: { method?: string; body?: unknown; token?: string; agent?: http.Agent } = {}
): Promise<{ status: number; body: unknown }> =>
  new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const request = http.request(
      url,
      {
        method,
        agent,
        headers: {
          ...(payload ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            // Not JSON: keep the text.
          }
          resolve({ status: response.statusCode ?? 0, body: parsed });
        });
        response.on('error', reject);
      }
    );
    request.on('error', reject);
    request.end(payload);
  });

/** The admin API of a cluster, as the first administrator registered on a fresh database. */
export interface AdminClient {
  token: string;
  call<T = unknown>(method: string, route: string, body?: unknown): Promise<T>;
}

/**
 * Registers the first administrator through `server`; later calls go to whichever server `pick`
 * returns, so that the client outlives an instance killed by a fault test.
 */
export const registerFirstAdmin = async (
  server: Server,
  pick: () => Server = () => server
): Promise<AdminClient> => {
  const registered = await jsonRequest(`${server.url}/admin/register-admin`, {
    method: 'POST',
    body: {
      email: `soak-${randomBytes(3).toString('hex')}@example.test`,
      password: `Pw1-${randomBytes(12).toString('hex')}`,
      firstname: 'Soak',
      lastname: 'Test',
    },
  });
  if (registered.status !== 200 && registered.status !== 201) {
    throw new Error(
      `admin registration failed: ${registered.status} ${JSON.stringify(registered.body)}`
    );
  }
  const token = (registered.body as { data: { token: string } }).data.token;
  return {
    token,
    async call<T>(method: string, route: string, body?: unknown) {
      const response = await jsonRequest(`${pick().url}/maintenance${route}`, {
        method,
        body,
        token,
      });
      if (response.status >= 300) {
        throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(response.body)}`);
      }
      return (response.body as { data: T }).data;
    },
  };
};
