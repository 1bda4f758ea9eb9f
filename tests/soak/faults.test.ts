/**
 * The fault matrix (`npm test -- soak-faults`, PostgreSQL and MariaDB): four real `strapi start`
 * instances with their timers on, the public route called 60 times a second, tasks every 2 s and
 * a slow one every 10 s, and one fault after another in the same window, each landing in the
 * middle of a run: a sandbox child SIGKILLed, the database server restarted, the database server
 * down for longer than the lease, an instance frozen (SIGSTOP) for longer than the lease and then
 * resumed, an instance SIGKILLed. The run table, read straight from the database, must then show
 * every slot run exactly once, nothing held and nothing running. Writes .tmp/soak/<db>-faults.md.
 */
import { childProcesses } from '../helpers/cluster';
import { provisionDatabase, selectedClient, type ProvisionedDatabase } from '../helpers/database';
import { databaseServer, type ServerClient } from '../helpers/database-server';
import {
  EDGE_MS,
  LEASE_MS,
  RATE,
  createTasks,
  endSoak,
  finish,
  loadFigures,
  loadOn,
  slowRunInProgress,
  startSoakCluster,
  writeReport,
  type SoakCluster,
} from '../helpers/soak';
import type { Server } from '../helpers/cluster';
import { buildReport, formatReport, type SoakRun } from '../helpers/soak-report';
import { sleep, waitFor } from '../helpers/wakeups';

const client = selectedClient();
const INSTANCES = 4;
const TASKS = 10;
/** Long enough after each fault for what it left to be taken over and run (lease + grace + …). */
const SETTLE_MS = LEASE_MS + 10_000;
/** Longer than the lease, so that every lease of the moment expires during the fault. */
const LONG_FAULT_MS = LEASE_MS + 8_000;
const NAMES = { postgres: 'PostgreSQL', mysql: 'MariaDB' };

let database: ProvisionedDatabase;
let cluster: SoakCluster;
const frozen = new Set<Server>();

const serverClient = client === 'sqlite' ? null : (client as ServerClient);

beforeAll(async () => {
  if (!serverClient) return;
  database = await provisionDatabase(client);
  cluster = await startSoakCluster(database, INSTANCES);
}, 300_000);

afterAll(async () => {
  // Whatever happened, both the database server and every instance are left running or stopped
  // cleanly: a frozen instance is resumed before it is stopped.
  for (const server of frozen) if (server.alive()) process.kill(server.pid, 'SIGCONT');
  await endSoak(client, cluster, database);
}, 180_000);

/** The slow task's run in progress, for a fault to land in the middle of. */
const victimOf = async (slowTaskId: number) => {
  const { run, server } = await slowRunInProgress(cluster, slowTaskId);
  return { run, server, describe: `run ${run.id} on ${server.name}` };
};

const serverTest = serverClient ? test : test.skip;
serverTest(
  `Given ${INSTANCES} instances with timers on ${serverClient ? NAMES[serverClient] : client} and the public route called ${RATE} times a second, When a sandbox child is SIGKILLed, the database restarts, the database stays down longer than the lease, an instance is frozen longer than the lease and an instance is SIGKILLed, each in the middle of a run, Then every slot runs exactly once and nothing is left held or running`,
  async () => {
    const server = databaseServer(serverClient as ServerClient);
    const { tasks, slowTask } = await createTasks(cluster.admin, 'faults', TASKS);
    // The frozen instance is left out of the load, so that its hung calls do not use up the load
    // generator's connections.
    const load = loadOn(cluster, (server) => frozen.has(server));
    const faults: Record<string, string> = {};
    await sleep(SETTLE_MS / 2);

    // 1. A sandbox child dies in the middle of a run (tried again on a later run, up to three
    //    times, if the kill came after the script had ended or the run was started again as a
    //    bystander of the others in that process).
    let sandboxVictim: Awaited<ReturnType<typeof victimOf>>;
    for (let attempt = 1; ; attempt += 1) {
      sandboxVictim = await victimOf(slowTask.id);
      const [sandboxPid] = childProcesses(sandboxVictim.server.pid, 'sandbox-child');
      expect(sandboxPid).toBeDefined();
      process.kill(sandboxPid, 'SIGKILL');
      const victimId = sandboxVictim.run.id;
      const ended = await waitFor(
        async () => {
          const run = await cluster.table.run(victimId);
          return run && run.status !== 'running' ? run : undefined;
        },
        LEASE_MS * 4,
        200
      );
      faults['1. sandbox child SIGKILLed'] =
        `${sandboxVictim.describe} (attempt ${attempt}: ${ended.status})`;
      if (ended.status === 'killed' || attempt === 3) break;
    }
    await sleep(SETTLE_MS);

    // 2. The database server restarts in the middle of a run.
    const restartVictim = await victimOf(slowTask.id);
    let started = Date.now();
    try {
      await server.restart();
    } finally {
      await server.ensureRunning();
    }
    faults['2. database restarted'] = `${restartVictim.describe}, down ${Date.now() - started} ms`;
    await sleep(SETTLE_MS);

    // 3. The database server is down for longer than the lease, in the middle of a run.
    const downVictim = await victimOf(slowTask.id);
    started = Date.now();
    try {
      await server.stop();
      await sleep(LONG_FAULT_MS);
    } finally {
      await server.ensureRunning();
    }
    faults['3. database down longer than the lease'] =
      `${downVictim.describe}, down ${Date.now() - started} ms (lease ${LEASE_MS} ms)`;
    await sleep(SETTLE_MS);

    // 4. An instance is frozen for longer than the lease in the middle of a run, then resumed.
    const frozenVictim = await victimOf(slowTask.id);
    frozen.add(frozenVictim.server);
    started = Date.now();
    process.kill(frozenVictim.server.pid, 'SIGSTOP');
    try {
      await sleep(LONG_FAULT_MS);
    } finally {
      process.kill(frozenVictim.server.pid, 'SIGCONT');
      frozen.delete(frozenVictim.server);
    }
    const resumedAt = Date.now();
    faults['4. instance frozen longer than the lease'] =
      `${frozenVictim.describe}, frozen ${resumedAt - started} ms (lease ${LEASE_MS} ms)`;
    await sleep(SETTLE_MS);

    // 5. An instance is SIGKILLed in the middle of a run.
    const killVictim = await victimOf(slowTask.id);
    await killVictim.server.kill();
    faults['5. instance SIGKILLed'] = killVictim.describe;
    await sleep(SETTLE_MS);

    const windowEnd = Date.now();
    const stats = await load.stop();
    const { leasesHeld, figures } = await finish(cluster, tasks, windowEnd);
    const runs = await cluster.table.runs();
    const byId = (id: number) => runs.find((run) => run.id === id) as SoakRun;
    for (const [key, victim] of [
      ['2. database restarted', restartVictim],
      ['3. database down longer than the lease', downVictim],
      ['4. instance frozen longer than the lease', frozenVictim],
      ['5. instance SIGKILLed', killVictim],
    ] as const) {
      faults[key] += ` → ${byId(victim.run.id).status}`;
    }
    const report = buildReport({
      title: `Faults on ${NAMES[serverClient as ServerClient]}: ${INSTANCES} instances, ${TASKS} tasks every 2 s + 1 slow task, ${Math.round(stats.elapsedMs / 1000)} s`,
      tasks,
      runs,
      leasesHeld,
      edgeMs: EDGE_MS,
      extra: {
        ...loadFigures(stats),
        ...faults,
        ...figures,
      },
    });
    writeReport(`${client}-faults`, formatReport(report));

    // The load really was offered (answers during the outages are errors, and say so).
    expect(stats.sent / (stats.elapsedMs / 1000)).toBeGreaterThanOrEqual(50);
    // Slot by slot: exactly once, nothing missed, nothing held, nothing running.
    expect(report.duplicates).toBe(0);
    // Fenced leases: no slot's script ran on two instances at the same time, by the run table
    // (a run stopped for a lost lease records when its script stopped).
    expect(report.overlaps).toBe(0);
    expect(report.missed).toBe(0);
    expect(report.ran + report.missedAtEdges).toBe(report.expected);
    expect(report.stillRunning).toBe(0);
    expect(report.leasesHeld).toBe(0);
    expect(report.interrupted).toBe(report.interruptedRerun);
    // Only the SIGKILLed instance is gone; the frozen one came back and ran slots again.
    expect(cluster.alive().map((alive) => alive.name)).not.toContain(killVictim.server.name);
    expect(cluster.alive()).toHaveLength(INSTANCES - 1);
    const frozenId = frozenVictim.run.instanceId;
    expect(
      runs.filter((run) => run.instanceId === frozenId && run.startedAt! > resumedAt).length
    ).toBeGreaterThan(0);
    // The sandbox kill ended its run as killed.
    // The kill ended its run as killed; or, with other runs in the same sandbox process, started
    // it again there as a bystander (sandbox/bystanders.ts), or came after its script had ended.
    // Either way the slot ran once, on the one run record.
    expect(['killed', 'succeeded']).toContain(byId(sandboxVictim.run.id).status);
    expect(
      runs.filter((run) => run.taskId === slowTask.id && run.slot === sandboxVictim.run.slot)
    ).toHaveLength(1);
    // Runs that ended while the database was away were stored once it was back: neither taken
    // over nor run again.
    for (const victim of [restartVictim, downVictim]) {
      expect(byId(victim.run.id).status).toBe('succeeded');
      expect(
        runs.filter((run) => run.taskId === slowTask.id && run.slot === victim.run.slot)
      ).toHaveLength(1);
    }
    // The frozen instance's sandbox stopped its script before the lease could be taken over:
    // no script went on past a take-over. The frozen run's record says why it did not count:
    // stopped for a lost lease (the fence), or ended before the take-over but unrecorded, since
    // its instance was frozen (then the slot ran again after it, never beside it).
    const lateEnders = runs.filter((run) => run.note?.includes('the script went on and ended'));
    expect(lateEnders).toEqual([]);
    const frozenRun = byId(frozenVictim.run.id);
    if (frozenRun.status === 'interrupted') {
      expect(frozenRun.note).toMatch(/lease lost|lost its lease/);
    }
    // The SIGKILLed instance's run was recorded interrupted and its slot ran again elsewhere.
    expect(byId(killVictim.run.id).status).toBe('interrupted');
    const rerun = runs.find(
      (run) => run.taskId === slowTask.id && run.slot === killVictim.run.slot && run.attempt === 2
    );
    expect(rerun).toMatchObject({ status: 'succeeded' });
  },
  20 * 60_000
);
