// Starting the playground for a benchmark: a brand-new database of each kind, and the playground
// as `strapi start` starts it in a process of its own (bench/lib/host.cjs), driven over IPC.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
/** Shared with the host process (host.cjs), which samples its sandbox child mid-run. */
export const { rssOf } = require('./rss.cjs');
const { adminStatement, serverDatabaseEnv } = require('../../scripts/lib/database-servers.cjs');
export const WORK = join(ROOT, '.tmp', 'bench');
mkdirSync(WORK, { recursive: true });

const secret = () => randomBytes(16).toString('base64');
const secrets = {
  APP_KEYS: `${secret()},${secret()}`,
  API_TOKEN_SALT: secret(),
  ADMIN_JWT_SECRET: secret(),
  TRANSFER_TOKEN_SALT: secret(),
  JWT_SECRET: secret(),
  ENCRYPTION_KEY: secret(),
};

const freePort = () =>
  new Promise((done, fail) => {
    const server = net.createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });

/** A brand-new database of the given kind; `drop()` removes it. */
export const provision = async (client) => {
  const name = `maint_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  if (client === 'sqlite') {
    const filename = join(WORK, `${name}.db`);
    return {
      env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: filename },
      drop: async () => {
        for (const suffix of ['', '-wal', '-shm', '-journal'])
          rmSync(filename + suffix, { force: true });
      },
    };
  }
  await adminStatement(client, `CREATE DATABASE ${name}`);
  return {
    env: serverDatabaseEnv(client, name),
    drop: () =>
      adminStatement(
        client,
        `DROP DATABASE IF EXISTS ${name}${client === 'postgres' ? ' WITH (FORCE)' : ''}`
      ),
  };
};

/** Starts the playground on a fresh database; `call(type, fields)` talks to it over IPC. */
export const startHost = async (client, env = {}) => {
  const database = await provision(client);
  const port = await freePort();
  const child = fork(join(ROOT, 'bench', 'lib', 'host.cjs'), [], {
    cwd: join(ROOT, 'playground'),
    execArgv: ['--expose-gc'],
    env: {
      ...process.env,
      ...secrets,
      ...database.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      STRAPI_LOG_LEVEL: 'error',
      STRAPI_TELEMETRY_DISABLED: 'true',
      UPDATE_NOTIFIER: 'false',
      MAINTENANCE_AUTO_RUN: 'false',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const next = (type) =>
    new Promise((done, fail) => {
      const onMessage = (message) => {
        if (message.type !== type && message.type !== 'error') return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (message.type === 'error') fail(new Error(message.message));
        else done(message);
      };
      const onExit = (code) => fail(new Error(`host exited ${code} waiting for ${type}`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const ready = await next('ready');
  return {
    url: `http://127.0.0.1:${port}`,
    pid: ready.pid,
    call(type, fields = {}) {
      const reply = next(`${type}:done`);
      child.send({ type, ...fields });
      return reply;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.send({ type: 'stop' });
        await exited;
      }
      await database.drop();
    },
  };
};

/** Samples a process's RSS every 100 ms from now: `stop()` answers the value at the start and the peak. */
export const sampleRss = (pid) => {
  const base = rssOf(pid);
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssOf(pid));
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      return { base, peak };
    },
  };
};
