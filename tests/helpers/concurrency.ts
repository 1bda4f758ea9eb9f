import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Core } from '@strapi/strapi';
import { createScript, service, uniqueName } from './maintenance';
import { useStrapi } from './strapi';
import { disableSeededTasks, waitFor } from './wakeups';

/**
 * A local HTTP server that answers after `?ms=` milliseconds: scripts that wait on it run for a
 * long time without burning a core (a busy loop would, on a two-core machine running other work).
 * Set `MAINTENANCE_FETCH_ALLOW_LIST` to `host` before Strapi boots.
 */
export const startSlowServer = async () => {
  // Answers still to come, cleared on close: a pending one would hold jest's worker up to 9 s
  // past its last test ("a worker process has failed to exit gracefully").
  const answers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    const ms = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('ms') ?? 0);
    const answer = setTimeout(
      () => {
        answers.delete(answer);
        res.end('ok');
      },
      Math.max(0, Math.min(ms, 9_000))
    );
    answers.add(answer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    /** A script body that waits `ms` on this server (in steps under ctx.fetch's 10 s timeout). */
    waitFor: (ms: number, result = 'waited') =>
      [
        `const end = Date.now() + ${ms};`,
        'while (Date.now() < end) {',
        `  await ctx.fetch('http://127.0.0.1:${port}/?ms=' + Math.min(9000, end - Date.now()));`,
        '}',
        `return '${result}';`,
      ].join('\n'),
    close: () =>
      new Promise<void>((resolve) => {
        // A script may still be waiting on it (a run the test left going).
        for (const answer of answers) clearTimeout(answer);
        answers.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** A six-field expression for one second of the day, `secondsAhead` from now (UTC). */
export const onceAt = (secondsAhead: number) => {
  const at = new Date(Date.now() + secondsAhead * 1000);
  at.setUTCMilliseconds(0);
  return {
    slot: at.getTime(),
    schedule: `${at.getUTCSeconds()} ${at.getUTCMinutes()} ${at.getUTCHours()} * * *`,
  };
};

/**
 * A task on `schedule` whose script is `body`. With `slot` (from onceAt), the task is created as
 * of a second before it, so that the slot is its next run however long the creation takes on a
 * busy machine (created after it, the slot is simply overdue: run once at the next wake-up).
 */
export const createTask = async (
  strapi: Core.Strapi,
  {
    body,
    schedule,
    label = 'task',
    slot,
  }: { body: string; schedule: string; label?: string; slot?: number }
) => {
  const script = await createScript(strapi, body);
  return service(strapi, 'tasks').create(
    {
      name: uniqueName(label),
      script: script.id,
      schedule,
      timezone: 'UTC',
      // The slow server's waits count against the wall-time limit only.
      wallTimeLimitMs: 120_000,
    },
    slot === undefined ? {} : { now: slot - 1000 }
  );
};

interface Interval {
  startedAt: number | null;
  finishedAt: number | null;
}

/** The most runs going at the same instant, from their records. */
export const maxOverlap = (runs: Interval[]) => {
  const edges = runs
    .filter((run) => run.startedAt !== null && run.finishedAt !== null)
    .flatMap((run) => [
      { at: run.startedAt as number, delta: 1 },
      { at: run.finishedAt as number, delta: -1 },
    ])
    // An end at the same millisecond as a start goes first: those two runs did not overlap.
    .sort((a, b) => a.at - b.at || a.delta - b.delta);
  let going = 0;
  let most = 0;
  for (const edge of edges) {
    going += edge.delta;
    most = Math.max(most, going);
  }
  return most;
};

/** The value below which `share` of the values fall (nearest rank). */
export const percentile = (values: number[], share: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)];
};

export type SlowServer = Awaited<ReturnType<typeof startSlowServer>>;

/**
 * A slow server for the test file, the sites it boots allowed to call it: to be called before
 * the site's own hooks (useStrapi, useE2E), since ctx.fetch's allow list is read at boot. Tests
 * read `site.slow` inside their bodies.
 */
export const useSlowServer = () => {
  const site: { slow: SlowServer } = { slow: undefined as unknown as SlowServer };
  beforeAll(async () => {
    site.slow = await startSlowServer();
    process.env.MAINTENANCE_FETCH_ALLOW_LIST = site.slow.host;
  });
  afterAll(async () => {
    delete process.env.MAINTENANCE_FETCH_ALLOW_LIST;
    await site.slow?.close();
  });
  return site;
};

/**
 * One Strapi per test file with the built-in timer and a slow server scripts may call (see
 * startSlowServer), the plugin's seeded tasks disabled so that only the test's own tasks run.
 */
export const useSlowSite = (env: Record<string, string> = {}) => {
  const site = useSlowServer();
  const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'true', ...env });
  beforeAll(async () => {
    await disableSeededTasks(app.current.strapi);
  });
  return { app, site };
};

/**
 * `count` tasks due on the same slot, each waiting `ms` on the slow server; returns their runs
 * once each has one that finished. The slot is far enough ahead that every task exists before it,
 * even on a busy machine.
 */
export const runTogether = async (
  strapi: Core.Strapi,
  slow: SlowServer,
  { count, ms, timeoutMs }: { count: number; ms: number; timeoutMs: number }
) => {
  const { slot, schedule } = onceAt(8);
  const tasks = await Promise.all(
    Array.from({ length: count }, (_, index) =>
      createTask(strapi, {
        body: slow.waitFor(ms, `run ${index}`),
        schedule,
        slot,
        label: 'together',
      })
    )
  );
  for (const task of tasks) {
    if (task.nextRunAt !== slot) throw new Error('a task was created after the shared slot');
  }
  const runsOf = (taskId: number) => service(strapi, 'runs').findForTask(taskId);
  const runs = await waitFor(
    async () => {
      const all = (await Promise.all(tasks.map((task) => runsOf(task.id)))).flat();
      return all.filter((run) => run.finishedAt !== null).length >= count ? all : undefined;
    },
    timeoutMs,
    250
  );
  return { tasks, runs };
};

/** Disables the task and waits for a run of it that may be in progress. */
export const retire = async (strapi: Core.Strapi, taskId: number, timeoutMs?: number) => {
  await service(strapi, 'tasks').setEnabled(taskId, false);
  await waitFor(
    async () => ((await service(strapi, 'tasks').findOne(taskId)).leaseOwner ? undefined : true),
    timeoutMs
  );
};
