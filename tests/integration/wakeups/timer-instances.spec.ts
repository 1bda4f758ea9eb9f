/**
 * Several instances with timers, plus an external cron calling the route, on one database and the
 * real clock: each slot runs once, tasks created on one instance are picked up by the others at
 * their re-check, and an instance shut down in the middle of a run leaves nothing behind.
 */
import { startInstance, type Instance } from '../../helpers/instances';
import { createScript, service, uniqueName } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';
import { busyFor, createDueTask, disableSeededTasks, sleep, waitFor } from '../../helpers/wakeups';

const RECHECK_MS = 500;

// This instance has no timer: whatever the timers run, the other two instances ran, after finding
// the task (created here) at a re-check.
const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false' });
let instances: Instance[] = [];

beforeAll(async () => {
  await disableSeededTasks(app.current.strapi);
  const env = {
    ...process.env,
    MAINTENANCE_AUTO_RUN: 'true',
    MAINTENANCE_RECHECK_MS: String(RECHECK_MS),
  };
  instances = await Promise.all([startInstance(env), startInstance(env)]);
}, 120_000);

afterAll(async () => {
  await Promise.all(instances.map((instance) => instance.stop()));
}, 60_000);

const runsOf = (taskId: number) => service(app.current.strapi, 'runs').findForTask(taskId);

test('Given two instances with timers and an external cron, When a task runs every second, Then each slot runs exactly once', async () => {
  const { strapi } = app.current;
  const script = await createScript(strapi, 'return ctx.task.slot;');
  const task = await service(strapi, 'tasks').create({
    name: uniqueName('every second'),
    script: script.id,
    schedule: '* * * * * *',
    timezone: 'UTC',
    // A slot that comes while the previous run is still going (a busy machine) waits for it,
    // rather than being recorded skipped (the default overlap policy).
    overlap: 'queue',
  });

  // The external cron: this instance calls the route the whole time, for 5 s and until three runs
  // are recorded, one of them by a timer (on a busy machine one run can take longer than its
  // one-second slot, and the cron, polling every 150 ms, can be first to a few slots in a row).
  const started = Date.now();
  const cronCalls: number[] = [];
  const enough = async () => {
    const runs = await runsOf(task.id);
    return runs.length >= 3 && runs.some((run) => run.trigger === 'timer');
  };
  while (Date.now() < started + 5000 || (!(await enough()) && Date.now() < started + 30_000)) {
    cronCalls.push((await app.current.http().get('/api/maintenance/runMaintenanceTasks')).status);
    await sleep(150);
  }
  await service(strapi, 'tasks').setEnabled(task.id, false);
  await waitFor(async () =>
    (await service(strapi, 'tasks').findOne(task.id)).leaseOwner ? undefined : true
  );

  expect(new Set(cronCalls)).toEqual(new Set([200]));
  const runs = await runsOf(task.id);
  const slots = runs.map((run) => run.slot);
  expect(new Set(slots).size).toBe(slots.length);
  expect(runs.length).toBeGreaterThanOrEqual(3);
  expect(runs.every((run) => run.status === 'succeeded' && run.attempt === 1)).toBe(true);
  // The timers of the other instances took part, having found the task at a re-check.
  const timerOwners = new Set(
    runs.filter((run) => run.trigger === 'timer').map((run) => run.instanceId)
  );
  expect(timerOwners.size).toBeGreaterThanOrEqual(1);
  const others = new Set(instances.map((instance) => instance.instanceId));
  expect([...timerOwners].every((owner) => others.has(owner as string))).toBe(true);
}, 60_000);

test('Given an instance running a task, When it shuts down, Then the run is recorded as ended and the lease is released', async () => {
  const { strapi } = app.current;
  const { task } = await createDueTask(strapi, { body: busyFor(20_000) });
  const running = await waitFor(async () => {
    const [run] = await runsOf(task.id);
    return run?.status === 'running' ? run : undefined;
  });
  const owner = instances.find((instance) => instance.instanceId === running.instanceId)!;

  await owner.stop();
  instances = instances.filter((instance) => instance !== owner);

  const [run] = await runsOf(task.id);
  expect(run).toMatchObject({ status: 'killed', finishedAt: expect.any(Number) });
  expect(await service(strapi, 'tasks').findOne(task.id)).toMatchObject({
    leaseOwner: null,
    lastStatus: 'killed',
  });
}, 60_000);
