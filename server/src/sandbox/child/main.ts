/*
 * Entry of the sandbox process, forked by the plugin with --no-node-snapshot. It is the only
 * process that loads isolated-vm; Strapi's process talks to it over IPC and kills it whenever it
 * stops answering. Bundled on its own into dist/sandbox-child.js (scripts/build-sandbox-child.mjs).
 */
import type { ChildMessage, ParentMessage } from '../protocol';
import { checkSyntax } from './compile';
import { ScriptRun } from './script-run';

const WATCHDOG_MS = 10;

const runs = new Map<number, ScriptRun>();
let watchdog: NodeJS.Timeout | undefined;
/** When the parent last sent anything (it pings every second while alive): see ScriptRun.check. */
let heardFromParentAt = Date.now();

const post = (message: ChildMessage) => {
  if (!process.connected || !process.send) return;
  // The callback keeps a failed send (the parent is gone) from being thrown as an error.
  process.send(message, undefined, {}, () => undefined);
};

const watch = () => {
  watchdog ??= setInterval(() => {
    const now = Date.now();
    for (const run of runs.values()) run.check(now, now - heardFromParentAt);
    if (runs.size === 0) {
      clearInterval(watchdog);
      watchdog = undefined;
    }
  }, WATCHDOG_MS);
};

const onMessage = (message: ParentMessage) => {
  heardFromParentAt = Date.now();
  switch (message.t) {
    case 'ping':
      post({ t: 'pong', seq: message.seq });
      return;
    case 'run': {
      // A run stays watched after its end until its isolate has stopped: see ScriptRun.check.
      const run = new ScriptRun(message, post, (released) => runs.delete(released.runId));
      runs.set(message.runId, run);
      watch();
      void run.start();
      return;
    }
    case 'host-result':
      runs.get(message.runId)?.settle(message);
      return;
    case 'cancel':
      runs.get(message.runId)?.cancel(message.reason);
      return;
    case 'compile':
      void checkSyntax(message.code).then((result) =>
        post({ t: 'compiled', compileId: message.compileId, result })
      );
      return;
  }
};

process.on('message', (message) => onMessage(message as ParentMessage));
// Without its parent nobody can kill this process later: leave now.
process.on('disconnect', () => {
  for (const run of runs.values()) run.abandon();
  process.exit(0);
});
process.on('unhandledRejection', (reason) => {
  console.error('[sandbox] unhandled rejection', reason);
});
post({ t: 'ready' });
