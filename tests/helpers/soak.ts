import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  clusterEnvironment,
  registerFirstAdmin,
  startServer,
  type AdminClient,
  type Server,
} from './cluster';
import { percentile, startLoad, type LoadStats } from './load';
import type { DatabaseClient, ProvisionedDatabase } from './database';
import { databaseServer } from './database-server';
import { openRunTable, type RunTable } from './run-table';
import type { SoakTask } from './soak-report';
import { waitFor } from './wakeups';

/**
 * Short, so that a killed instance's slot is taken over within the window, yet above the worst
 * stall a loaded machine gives here: SQLite alone waits up to 5 s for its write lock, and at 5 s a
 * live holder's renewals could be held up past its lease (the product's default is 60 s).
 */
export const LEASE_MS = 15_000;
export const RECHECK_MS = 1000;
/**
 * Slots this close to a task's creation or end may be missed by design: the instances learn about
 * a task at their next re-check, and a slot due as the task is disabled may not start.
 */
export const EDGE_MS = 5000;
export const RATE = Number(process.env.SOAK_RATE ?? 60);
export const FAST_SCHEDULE = '*/2 * * * * *';
/** One slower task gives the faults a run to land in the middle of. */
export const SLOW_SCHEDULE = '*/10 * * * * *';
export const SLOW_RUN_MS = 1500;
const REPORT_DIR = path.resolve(__dirname, '..', '..', '.tmp', 'soak');

export interface CreatedTask extends SoakTask {
  enabled: boolean;
}

/** Several `strapi start` processes with their timers on, on one database, and its run table. */
export interface SoakCluster {
  servers: Server[];
  alive(): Server[];
  admin: AdminClient;
  table: RunTable;
  /** Loads started on the cluster; stop() ends those a failed test left running. */
  loads: Set<{ stop(): Promise<unknown> }>;
  stop(): Promise<void>;
}

export const startSoakCluster = async (
  database: ProvisionedDatabase,
  instances: number
): Promise<SoakCluster> => {
  const env = {
    ...clusterEnvironment(),
    ...database.env,
    MAINTENANCE_AUTO_RUN: 'true',
    MAINTENANCE_LEASE_MS: String(LEASE_MS),
    MAINTENANCE_RECHECK_MS: String(RECHECK_MS),
  };
  const servers: Server[] = [];
  const alive = () => servers.filter((server) => server.alive());
  // The first instance creates the schema; the others then boot on it, as in a rolling deploy.
  servers.push(await startServer('i1', env));
  for (let index = 2; index <= instances; index += 1) {
    servers.push(await startServer(`i${index}`, env));
  }
  const admin = await registerFirstAdmin(servers[0], () => alive()[0]);
  const table = await openRunTable(database);
  const loads = new Set<{ stop(): Promise<unknown> }>();
  mkdirSync(REPORT_DIR, { recursive: true });
  return {
    servers,
    alive,
    admin,
    table,
    loads,
    async stop() {
      await Promise.all([...loads].map((load) => load.stop()));
      // A frozen instance ignores SIGTERM until it is resumed.
      for (const server of servers) if (server.alive()) process.kill(server.pid, 'SIGCONT');
      await Promise.all(servers.map((server) => server.stop()));
      await table.close();
    },
  };
};

/** `count` tasks every 2 s and one slow task every 10 s, all with the backfill policy. */
export const createTasks = async (admin: AdminClient, label: string, count: number) => {
  const fast = await admin.call<{ id: number }>('POST', '/scripts', {
    name: `${label} no-op`,
    body: 'return ctx.task.slot;',
  });
  const slow = await admin.call<{ id: number }>('POST', '/scripts', {
    name: `${label} slow`,
    body: `const end = Date.now() + ${SLOW_RUN_MS};\nwhile (Date.now() < end) {}\nreturn 'slow';`,
  });
  const specs = [
    ...Array.from({ length: count }, (_, index) => ({
      name: `${label} fast ${index + 1}`,
      script: fast.id,
      schedule: FAST_SCHEDULE,
    })),
    { name: `${label} slow`, script: slow.id, schedule: SLOW_SCHEDULE },
  ];
  const tasks: CreatedTask[] = [];
  for (const spec of specs) {
    const createdAt = Date.now();
    // Backfill: a slot woken late still runs, so "every slot ran" can be checked strictly.
    const task = await admin.call<{ id: number }>('POST', '/tasks', {
      ...spec,
      timezone: 'UTC',
      misfirePolicy: 'backfill',
    });
    tasks.push({ ...spec, id: task.id, createdAt, endedAt: Infinity, enabled: true });
  }
  return { tasks, slowTask: tasks[tasks.length - 1] };
};

/**
 * Ends the window at `windowEnd`: every slot up to it is expected to run. A loaded machine runs
 * slots late, so the tasks are first given time to catch up with the window (their slots after it
 * may run or not, and are not counted); then every task is disabled (through an instance still
 * alive) and nothing may stay held or running. Both waits are bounded by the lease: a holder that
 * died is taken over after its lease, a renewal period of grace and a re-check, and what it left
 * then runs. Returns what the run table says at the end, with the details of anything left.
 */
export const finish = async (
  cluster: SoakCluster,
  tasks: CreatedTask[],
  windowEnd = Date.now()
) => {
  const ids = tasks.map((task) => task.id);
  const bound = LEASE_MS * 4 + 10_000;
  const caughtUp = await waitFor(
    async () => ((await cluster.table.behind(ids, windowEnd)) === 0 ? true : undefined),
    bound,
    250
  ).catch(() => false);
  const catchUpMs = Date.now() - windowEnd;
  for (const task of tasks) {
    task.endedAt = windowEnd;
    await cluster.admin.call('POST', `/tasks/${task.id}/disable`);
  }
  const settled = async () =>
    (await cluster.table.heldLeases(ids)) === 0 &&
    (await cluster.table.runningRuns(ids)).length === 0;
  await waitFor(async () => ((await settled()) ? true : undefined), bound, 250).catch(
    () => undefined
  );
  const held = await cluster.table.heldTasks(ids);
  const running = await cluster.table.runningRuns(ids);
  const left = [
    ...held.map((row) => `task ${String(row.id)} held by ${String(row.lease_owner)}`),
    ...running.map((run) => `run ${run.id} of task ${run.taskId} running on ${run.instanceId}`),
  ];
  const figures: Record<string, string> = {
    'caught up with the window': caughtUp ? `${catchUpMs} ms after it ended` : 'no',
    ...(left.length ? { left: left.join('; ') } : {}),
  };
  return { leasesHeld: held.length, figures };
};

/** Waits for the slow task to be running and says which run and which instance. */
export const slowRunInProgress = async (cluster: SoakCluster, slowTaskId: number) =>
  waitFor(
    async () => {
      const [run] = await cluster.table.runningRuns([slowTaskId]);
      if (!run?.instanceId) return undefined;
      const pid = Number(run.instanceId.split(':')[1]);
      const server = cluster.alive().find((candidate) => candidate.pid === pid);
      return server ? { run, server } : undefined;
    },
    LEASE_MS * 4,
    50
  );

/**
 * The public route called `RATE` times a second, spread over the instances still alive and not
 * `left out` (a load balancer stops sending to an instance that does not answer).
 */
export const loadOn = (
  cluster: SoakCluster,
  leftOut: (server: Server) => boolean = () => false
) => {
  const load = startLoad({
    targets: () =>
      cluster
        .alive()
        .filter((server) => !leftOut(server))
        .map((server) => server.url),
    ratePerSecond: RATE,
  });
  const stop = async () => {
    cluster.loads.delete(handle);
    return load.stop();
  };
  const handle = { stop };
  cluster.loads.add(handle);
  return { stats: load.stats, stop };
};

export const loadFigures = (stats: LoadStats) => {
  const rate = stats.sent / (stats.elapsedMs / 1000);
  const statuses = Object.entries(stats.statuses)
    .map(([status, count]) => `${status}: ${count}`)
    .join(', ');
  return {
    'route calls': `${stats.sent} in ${(stats.elapsedMs / 1000).toFixed(0)} s (${rate.toFixed(1)}/s; ${statuses}; ${stats.errors} connection errors)`,
    'route latency p50 / p95 / max': [50, 95, 100]
      .map((p) => `${Math.round(percentile(stats.latencies, p))}`)
      .join(' / ')
      .concat(` ms (at most ${stats.peakInFlight} unanswered at once)`),
  };
};

/** Writes .tmp/soak/<name>.md, which the test runner prints at the end. */
export const writeReport = (name: string, text: string) => {
  writeFileSync(path.join(REPORT_DIR, `${name}.md`), text);
  console.log(text);
};

/**
 * Ends a soak whatever its faults left: the database server running again for everyone else, and
 * the instances stopped and the database dropped even when the server cannot be brought back
 * (jest would otherwise wait on live instances for ever).
 */
export const endSoak = async (
  client: DatabaseClient,
  cluster: SoakCluster | undefined,
  database: ProvisionedDatabase | undefined
) => {
  try {
    if (client !== 'sqlite') await databaseServer(client).ensureRunning();
  } finally {
    await cluster?.stop();
    await database?.drop();
  }
};
