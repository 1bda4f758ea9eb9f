import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const CLAIMER = path.resolve(__dirname, '..', 'fixtures', 'claimer.js');

export interface Instance {
  child: ChildProcess;
  instanceId: string;
  /** Sends a message and resolves with the first reply of the given type. */
  request<T = Record<string, unknown>>(
    message: Record<string, unknown>,
    replyType: string
  ): Promise<T>;
  stop(): Promise<void>;
}

/**
 * How long a reply may take: a boot or a wake-up on a busy machine takes seconds; past this, the
 * instance is stuck, and the error says which one and on what (a test's own time limit would not).
 */
const REPLY_TIMEOUT_MS = 90_000;

const nextMessage = <T>(child: ChildProcess, type: string) =>
  new Promise<T>((resolve, reject) => {
    const onMessage = (message: { type: string }) => {
      if (message.type !== type) return;
      cleanup();
      resolve(message as T);
    };
    const onExit = (code: number | null, signal: string | null) => {
      cleanup();
      reject(new Error(`instance exited (${code ?? signal}) while waiting for "${type}"`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(
        new Error(
          `instance (pid ${child.pid}) sent no "${type}" within ${REPLY_TIMEOUT_MS / 1000} s`
        )
      );
    }, REPLY_TIMEOUT_MS);
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });

/**
 * Another Strapi process on the same database as this test's instance. `env` must carry the
 * database settings and secrets (the test's own process.env already does while it runs Strapi).
 */
export const startInstance = async (env: NodeJS.ProcessEnv = process.env): Promise<Instance> => {
  // Eight claimers with Strapi's default pool of 10 come close to PostgreSQL's default limit of
  // 100 connections on their own; a claimer never needs more than a few at once.
  const child = fork(CLAIMER, [], {
    env: { DATABASE_POOL_MAX: '3', ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { instanceId } = await nextMessage<{ instanceId: string }>(child, 'ready');
  return {
    child,
    instanceId,
    request: (message, replyType) => {
      const reply = nextMessage<never>(child, replyType);
      child.send(message);
      return reply;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'stop' });
      await exited;
    },
  };
};
