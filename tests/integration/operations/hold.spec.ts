/**
 * The maintenance hold ("pause everything", issue 14): while it is on, no wake-up starts a
 * scheduled run on any instance (the route still answers, saying so), run now still runs with a
 * warning, health says so; once lifted, the slots missed meanwhile follow each task's misfire policy.
 */
import { ACTIONS } from '../../../server/src/constants';
import { createAdminAgent, type AdminAgent } from '../../helpers/admin';
import { useSlowServer } from '../../helpers/concurrency';
import { startInstance, type Instance } from '../../helpers/instances';
import { createScript, service, uniqueName } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';
import { createDueTask, disableSeededTasks, sleep, waitFor } from '../../helpers/wakeups';
import { hourlyTask, slot } from './helpers';

const MINUTE = 60_000;
const RECHECK_MS = 500;

// A server that answers late, for runs that last without keeping a core busy.
const site = useSlowServer();

// This instance has no timer; the other instance's timer is the one the hold must stop.
const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false' });
let admin: AdminAgent;
let other: Instance;

beforeAll(async () => {
  await disableSeededTasks(app.current.strapi);
  admin = await createAdminAgent(
    app.current.strapi,
    [ACTIONS.read, ACTIONS.manageSettings, ACTIONS.run],
    'holder'
  );
  other = await startInstance({
    ...process.env,
    MAINTENANCE_AUTO_RUN: 'true',
    MAINTENANCE_RECHECK_MS: String(RECHECK_MS),
  });
}, 120_000);

afterAll(() => other?.stop(), 60_000);

// Tasks first, hold second: a task due on the real clock must not run on the other instance's
// timer in the moment between the two.
afterEach(async () => {
  await disableSeededTasks(app.current.strapi);
  await service(app.current.strapi, 'hold').resume({ id: null, name: 'test' });
});

const pause = (body: object = { reason: 'database migration' }) =>
  admin.request('put', '/maintenance/settings/hold').send(body);
const resume = () => admin.request('delete', '/maintenance/settings/hold');
const runsOf = (taskId: number) => service(app.current.strapi, 'runs').findForTask(taskId);

describe('putting the hold on', () => {
  test('Given an administrator, When they put the hold on with a reason, Then the settings record who, when and why', async () => {
    const before = Date.now();
    const response = await pause();
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({
      held: true,
      by: { name: 'holder Test' },
      reason: 'database migration',
    });
    expect(response.body.data.since).toBeGreaterThanOrEqual(before);

    const settings = await admin.request('get', '/maintenance/settings');
    expect(settings.body.data.hold).toEqual(response.body.data);
    // A settings save neither undoes the hold nor hides it.
    const saved = await admin.request('put', '/maintenance/settings').send({ concurrency: 2 });
    expect(saved.body.data.hold).toEqual(response.body.data);
    await admin.request('put', '/maintenance/settings').send({ concurrency: null });
  });

  test('Given a reason that is not text, When the hold is asked for, Then 400 names the field and nothing is held', async () => {
    const response = await pause({ reason: 42 });
    expect(response.status).toBe(400);
    expect(response.body.error.details.errors[0].path).toEqual(['reason']);
    expect((await service(app.current.strapi, 'hold').refresh()).held).toBe(false);
  });

  test('Given an unknown field, When the hold is asked for, Then 400 names it', async () => {
    const response = await pause({ reasons: 'typo' });
    expect(response.status).toBe(400);
    expect(response.body.error.details.errors[0].path).toEqual(['reasons']);
  });

  test('Given the hold, When the admin and public health are read, Then they say so and nothing counts as overdue', async () => {
    await createDueTask(app.current.strapi);
    await pause();

    const health = await admin.request('get', '/maintenance/health');
    expect(health.body.data.hold).toMatchObject({ held: true, reason: 'database migration' });
    expect(health.body.data.overdue).toEqual([]);
    expect(health.body.data.watchdog).toMatchObject({ status: 'warning', overdue: [] });

    const open = await app.current.http().get('/api/maintenance/health');
    expect(open.status).toBe(200);
    expect(open.body).toMatchObject({ status: 'warning', held: true, overdue: 0 });
  });

  test('Given the hold, When it is lifted, Then the health no longer says held', async () => {
    await pause();
    const lifted = await resume();
    expect(lifted.status).toBe(200);
    expect(lifted.body.data).toMatchObject({ held: false, reason: null });
    const open = await app.current.http().get('/api/maintenance/health');
    expect(open.body.held).toBe(false);
  });
});

describe('while held', () => {
  test('Given the hold and a due task, When the public route is called, Then it answers that it is held and runs nothing', async () => {
    await pause();
    const { task } = await createDueTask(app.current.strapi);

    const response = await app.current.http().post('/api/maintenance/runMaintenanceTasks');

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ ran: 0, running: 0, held: true });
    expect(await runsOf(task.id)).toEqual([]);
  });

  test('Given the hold and a due task, When this instance’s timer wakes up, Then it runs nothing and waits for its re-check', async () => {
    await pause();
    const { task } = await createDueTask(app.current.strapi);

    const result = await service(app.current.strapi, 'wakeups').wake({ trigger: 'timer' });

    expect(result).toMatchObject({ ran: 0, held: true, nextAttentionAt: null });
    expect(await runsOf(task.id)).toEqual([]);
  });

  test('Given the hold, When an editor runs a task now, Then it runs and the answer warns that the hold is on', async () => {
    await pause();
    const { task } = await createDueTask(app.current.strapi);

    const response = await admin.request('post', `/maintenance/tasks/${task.id}/run`).send({});

    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ status: 'succeeded', trigger: 'manual' });
    expect(response.body.meta.hold).toMatchObject({ held: true });
    expect(response.body.meta.warning).toMatch(/on hold.*database migration/);
  });

  test('Given no hold, When an editor runs a task now, Then the answer carries no warning', async () => {
    const { task } = await createDueTask(app.current.strapi);
    await service(app.current.strapi, 'tasks').setEnabled(task.id, false);
    const response = await admin.request('post', `/maintenance/tasks/${task.id}/run`).send({});
    expect(response.status).toBe(200);
    expect(response.body.meta).toBeUndefined();
  });
});

describe('two instances on one database', () => {
  test('Given the hold put on here, When the other instance’s timer and wake-ups come, Then neither runs anything; When lifted here, Then the other instance runs the task', async () => {
    const { strapi } = app.current;
    await pause();
    // A timer wake-up of the other instance already under way when the hold came on may still
    // start what it found due; let any such one end before the task exists.
    await sleep(2 * RECHECK_MS);
    const script = await createScript(strapi, 'return 1;');
    const task = await service(strapi, 'tasks').create({
      name: uniqueName('every second'),
      script: script.id,
      schedule: '* * * * * *',
      timezone: 'UTC',
    });

    // Several of the other instance's re-checks and slots pass while held.
    await sleep(6 * RECHECK_MS);
    const woke = await other.request<{ summary: { held: boolean; started: number } }>(
      { type: 'wake', now: Date.now() },
      'woke'
    );
    expect(woke.summary).toMatchObject({ held: true, started: 0 });
    expect(await runsOf(task.id)).toEqual([]);

    await resume();
    const runs = await waitFor(async () => {
      const found = await runsOf(task.id);
      return found.some((run) => run.trigger === 'timer') ? found : undefined;
    });
    expect(runs.some((run) => run.instanceId === other.instanceId)).toBe(true);
  }, 60_000);
});

describe('lifting the hold: missed slots follow the misfire policy', () => {
  const wake = (now: number) =>
    service(app.current.strapi, 'scheduler').wake({ trigger: 'route', now });
  const statuses = async (taskId: number) =>
    (await runsOf(taskId))
      .map((run) => [run.slot, run.status, run.trigger])
      .sort((a, b) => Number(a[0]) - Number(b[0]));

  test('Given tasks with each misfire policy whose slots passed while held, When wake-ups come during the hold and after it, Then nothing runs during it and afterwards once runs the latest, skip records a skip, backfill replays them', async () => {
    const { strapi } = app.current;
    const once = (await hourlyTask(strapi, 'return 1;', { misfirePolicy: 'once' })).task;
    const skip = (await hourlyTask(strapi, 'return 1;', { misfirePolicy: 'skip' })).task;
    const backfill = (await hourlyTask(strapi, 'return 1;', { misfirePolicy: 'backfill' })).task;
    await pause();

    const during = await wake(slot(1) + MINUTE);
    expect(during).toMatchObject({ held: true, started: 0, outcomes: [] });
    expect(await wake(slot(3) + MINUTE)).toMatchObject({ held: true, started: 0 });
    for (const task of [once, skip, backfill]) expect(await runsOf(task.id)).toEqual([]);

    await resume();
    await wake(slot(3) + 2 * MINUTE);

    expect(await statuses(once.id)).toEqual([[slot(3), 'succeeded', 'catch-up']]);
    expect(await statuses(skip.id)).toEqual([[slot(1), 'skipped', 'route']]);
    expect(await statuses(backfill.id)).toEqual([
      [slot(1), 'succeeded', 'catch-up'],
      [slot(2), 'succeeded', 'catch-up'],
      [slot(3), 'succeeded', 'catch-up'],
    ]);
  });

  test('Given a backfill batch running its missed slots, When the hold comes on during its first slot, Then the rest stay due and run once the hold is lifted', async () => {
    const { strapi } = app.current;
    const { task } = await hourlyTask(strapi, site.slow.waitFor(1500), {
      misfirePolicy: 'backfill',
    });
    const waking = wake(slot(3) + MINUTE);
    await waitFor(async () => ((await runsOf(task.id)).length > 0 ? true : undefined));
    await pause();
    await waking;

    expect(await statuses(task.id)).toEqual([[slot(1), 'succeeded', 'catch-up']]);
    expect((await service(strapi, 'tasks').findOne(task.id)).nextRunAt).toBe(slot(2));

    await resume();
    await wake(slot(3) + 2 * MINUTE);
    expect((await statuses(task.id)).map(([at]) => at)).toEqual([slot(1), slot(2), slot(3)]);
  }, 60_000);
});
