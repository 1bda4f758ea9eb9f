/**
 * One-off tasks (issue 17): a task whose schedule is `@once <local date and time>` runs that slot
 * once, through the same claim as any slot (two instances waking at once run it once), follows
 * its misfire policy when the plugin was down at its time, and never runs again. The admin API
 * refuses a one-off time already past, naming the field.
 */
import { ACTIONS } from '../../../server/src/constants';
import { createAdminAgent } from '../../helpers/admin';
import { startInstance, type Instance } from '../../helpers/instances';
import { createScript, service, uniqueName } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false' });
let other: Instance | undefined;

afterAll(async () => {
  await other?.stop();
}, 60_000);

const DAY = 86_400_000;

const createOneOff = async (runAt: string, fields: Record<string, unknown> = {}) => {
  const { strapi } = app.current;
  const script = await createScript(strapi, 'return ctx.task.slot;');
  return service(strapi, 'tasks').create(
    {
      name: uniqueName('one-off'),
      script: script.id,
      schedule: `@once ${runAt}`,
      timezone: 'Europe/Paris',
      ...fields,
    },
    { now: Date.parse(`${runAt}+01:00`) - DAY }
  );
};

const runsOf = (taskId: number) => service(app.current.strapi, 'runs').findForTask(taskId);

test('Given a one-off task due, When two instances wake at the same instant, Then it runs exactly once, and never again', async () => {
  const { strapi } = app.current;
  const task = await createOneOff('2027-06-01T12:00');
  const slot = Date.parse('2027-06-01T10:00:00Z'); // 12:00 in Paris, summer time
  expect(task.nextRunAt).toBe(slot);

  other = await startInstance();
  const instance = other;
  const now = slot + 500;
  await Promise.all([
    service(strapi, 'scheduler').wake({ trigger: 'route', now }),
    instance.request({ type: 'wake', now }, 'woke'),
  ]);

  const runs = await runsOf(task.id);
  expect(runs.map((run) => ({ slot: run.slot, status: run.status }))).toEqual([
    { slot, status: 'succeeded' },
  ]);
  const done = await service(strapi, 'tasks').findOne(task.id);
  expect(done).toMatchObject({ nextRunAt: null, lastStatus: 'succeeded', leaseOwner: null });

  // Later wake-ups, on both instances, find nothing to run.
  await Promise.all([
    service(strapi, 'scheduler').wake({ trigger: 'route', now: slot + DAY }),
    instance.request({ type: 'wake', now: slot + 2 * DAY }, 'woke'),
  ]);
  expect(await runsOf(task.id)).toHaveLength(1);
}, 120_000);

describe('a one-off whose time passed while nothing woke the plugin', () => {
  const slot = Date.parse('2027-07-01T10:00:00Z');
  const later = slot + 2 * DAY;

  test.each([
    ['once', 'succeeded', 'catch-up'],
    ['backfill', 'succeeded', 'catch-up'],
    ['skip', 'skipped', 'route'],
  ] as const)(
    'Given misfire policy %s, When woken two days late, Then its slot is recorded %s (%s) and the task is done',
    async (misfirePolicy, status, trigger) => {
      const { strapi } = app.current;
      const task = await createOneOff('2027-07-01T12:00', { misfirePolicy });
      await service(strapi, 'scheduler').wake({ trigger: 'route', now: later });

      const runs = await runsOf(task.id);
      expect(
        runs.map((run) => ({ slot: run.slot, status: run.status, trigger: run.trigger }))
      ).toEqual([{ slot, status, trigger }]);
      expect((await service(strapi, 'tasks').findOne(task.id)).nextRunAt).toBeNull();

      await service(strapi, 'scheduler').wake({ trigger: 'route', now: later + DAY });
      expect(await runsOf(task.id)).toHaveLength(1);
    },
    60_000
  );
});

test('Given a one-off whose time passed 60 days before the plugin woke, When woken, Then it runs (its drift is past a 32-bit column) and is done', async () => {
  const { strapi } = app.current;
  const task = await createOneOff('2027-09-01T12:00');
  const slot = Date.parse('2027-09-01T10:00:00Z');
  await service(strapi, 'scheduler').wake({ trigger: 'route', now: slot + 60 * DAY });

  const runs = await runsOf(task.id);
  expect(runs.map((run) => ({ slot: run.slot, status: run.status, trigger: run.trigger }))).toEqual(
    [{ slot, status: 'succeeded', trigger: 'catch-up' }]
  );
  expect((await service(strapi, 'tasks').findOne(task.id)).nextRunAt).toBeNull();
}, 60_000);

describe('the admin API', () => {
  const api = async () => {
    const { strapi } = app.current;
    const admin = await createAdminAgent(
      strapi,
      [ACTIONS.read, ACTIONS.manageTasks],
      uniqueName('one-off admin')
    );
    const script = await createScript(strapi);
    const post = (schedule: string) =>
      admin.request('post', '/maintenance/tasks').send({
        name: uniqueName('one-off'),
        script: script.id,
        schedule,
        timezone: 'Europe/Paris',
      });
    return { admin, post };
  };

  test('Given a one-off time ahead, When created, Then its next run is that local time in its zone', async () => {
    const { post } = await api();
    const year = new Date().getUTCFullYear() + 1;
    const response = await post(`@once ${year}-01-15T08:30`);
    expect(response.status).toBe(201);
    expect(response.body.data.nextRunAt).toBe(Date.parse(`${year}-01-15T07:30:00Z`));
  });

  test('Given a one-off time already past, When created, Then 400 names the schedule and nothing is saved', async () => {
    const { post } = await api();
    const before = (await service(app.current.strapi, 'tasks').findMany()).length;
    const response = await post('@once 2020-01-15T08:30');
    expect(response.status).toBe(400);
    expect(response.body.error.details.errors).toEqual([
      expect.objectContaining({
        path: ['schedule'],
        message: expect.stringContaining('is in the past'),
      }),
    ]);
    expect(await service(app.current.strapi, 'tasks').findMany()).toHaveLength(before);
  });

  test('Given a date that does not exist, When created, Then 400 names the schedule', async () => {
    const { post } = await api();
    const response = await post('@once 2031-02-30T08:30');
    expect(response.status).toBe(400);
    expect(response.body.error.details.errors).toEqual([
      expect.objectContaining({
        path: ['schedule'],
        message: expect.stringContaining('no such date'),
      }),
    ]);
  });

  test('Given a done one-off, When renamed, Then it is saved and stays done', async () => {
    const { admin } = await api();
    const task = await createOneOff('2027-08-01T12:00');
    await service(app.current.strapi, 'scheduler').wake({
      trigger: 'route',
      now: Date.parse('2027-08-01T10:00:01Z'),
    });
    const response = await admin
      .request('put', `/maintenance/tasks/${task.id}`)
      .send({ name: uniqueName('renamed one-off') });
    expect(response.status).toBe(200);
    expect(response.body.data.nextRunAt).toBeNull();
  });
});
