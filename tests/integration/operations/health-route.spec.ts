/**
 * The public watchdog, GET /api/maintenance/health, for uptime monitors: who may ask (the trigger
 * mode of runMaintenanceTasks), what an anonymous caller learns (counts only) and what a caller
 * with a token learns, and its answers: 200 ok, 200 warning (paused tasks only), 503 failing
 * (a task overdue, or wake-ups stopped).
 */
import { PLUGIN_ID, UIDS } from '../../../server/src/constants';
import { service, uniqueName } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';

const HEALTH = '/api/maintenance/health';
const WAKE = '/api/maintenance/runMaintenanceTasks';
const HOUR = 3_600_000;

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false' });
const http = () => app.current.http();
const settings = () => service(app.current.strapi, 'settings');

let token: string;
beforeAll(async () => {
  token = ((await settings().createToken({ name: 'uptime monitor' })) as { token: string }).token;
});

/**
 * Each test starts from a healthy site: no task enabled or paused, no wake-up recorded, open mode.
 */
beforeEach(async () => {
  const { strapi } = app.current;
  await strapi.db
    .query(UIDS.task)
    .updateMany({ where: {}, data: { enabled: false, pausedAt: null, pausedReason: null } });
  await strapi.db
    .query('strapi::core-store')
    .deleteMany({ where: { key: { $startsWith: `plugin_${PLUGIN_ID}_last-wake-` } } });
  await settings().update({ triggerMode: 'open' });
});

/** An hourly task whose slots started `hoursAgo` hours ago; nothing has run it. */
const lateTask = async (hoursAgo: number, name = uniqueName('late task')) => {
  const { strapi } = app.current;
  const script = await service(strapi, 'scripts').create({
    name: uniqueName('script'),
    body: 'return 1;',
  });
  return service(strapi, 'tasks').create(
    { name, script: script.id, schedule: '0 * * * *', timezone: 'UTC' },
    { now: Date.now() - hoursAgo * HOUR }
  );
};

const pausedTask = async (name = uniqueName('paused task')) => {
  const task = await lateTask(0, name);
  await app.current.strapi.db.query(UIDS.task).update({
    where: { id: task.id },
    data: { pausedAt: Date.now() - HOUR, pausedReason: 'paused after 5 consecutive failed slots' },
  });
  return task;
};

/** A wake-up recorded now, as the route or the timer records one. */
const wakeUpNow = () =>
  app.current.strapi.db.query('strapi::core-store').create({
    data: {
      key: `plugin_${PLUGIN_ID}_last-wake-timer`,
      value: JSON.stringify({ at: Date.now(), trigger: 'timer', instanceId: 'elsewhere' }),
      type: 'object',
      environment: null,
      tag: null,
    },
  });

const withToken = () => http().get(HEALTH).set('Authorization', `Bearer ${token}`);

describe('open mode, anonymous caller', () => {
  test('Given a healthy site, When the health route is asked, Then it answers 200 ok with the five counts and nothing else', async () => {
    const response = await http().get(HEALTH);
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toEqual({
      status: 'ok',
      wakeUpsStopped: false,
      overdue: 0,
      paused: 0,
      changedOutside: 0,
      held: false,
    });
  });

  test('Given an overdue task and a paused task, When the health route is asked, Then the answer counts them but names no task and gives no id', async () => {
    const late = await lateTask(5, uniqueName('secret overdue name'));
    const paused = await pausedTask(uniqueName('secret paused name'));

    const response = await http().get(HEALTH);

    expect(response.body).toEqual({
      status: 'failing',
      wakeUpsStopped: true,
      overdue: 1,
      paused: 1,
      changedOutside: 0,
      held: false,
    });
    expect(response.text).not.toContain(late.name);
    expect(response.text).not.toContain(paused.name);
    expect(response.text).not.toMatch(/"id"|Tasks"|checkedAt/);
  });
});

describe('status codes', () => {
  test('Given a task overdue far beyond the threshold and no wake-up since it came due, When the health route is asked, Then it answers 503 with wake-ups stopped', async () => {
    await lateTask(5);
    const response = await http().get(HEALTH);
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ status: 'failing', wakeUpsStopped: true, overdue: 1 });
  });

  test('Given wake-ups that keep coming and a task overdue anyway, When the health route is asked, Then it answers 503 with the task overdue and wake-ups not stopped', async () => {
    await lateTask(5);
    await wakeUpNow();
    const response = await http().get(HEALTH);
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ status: 'failing', wakeUpsStopped: false, overdue: 1 });
  });

  test('Given only a paused task, When the health route is asked, Then it answers 200 with status warning', async () => {
    await pausedTask();
    const response = await http().get(HEALTH);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      status: 'warning',
      wakeUpsStopped: false,
      overdue: 0,
      paused: 1,
      changedOutside: 0,
      held: false,
    });
  });

  test('Given a task due less than the threshold ago, When the health route is asked, Then it answers 200 ok', async () => {
    await lateTask(1);
    const response = await http().get(HEALTH);
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('ok');
  });
});

describe('token mode', () => {
  beforeEach(() => settings().update({ triggerMode: 'token' }));

  test('Given token mode, When the health route is asked without a token, Then it answers 401 with a Bearer challenge', async () => {
    const response = await http().get(HEALTH);
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="maintenance"');
    expect(response.body.error).toEqual({
      status: 401,
      name: 'UnauthorizedError',
      message: 'Unauthorized',
      details: {},
    });
  });

  test('Given token mode, When the health route is asked with a token that matches none, Then it answers 401', async () => {
    const wrong = `mnt_${'A'.repeat(43)}`;
    const response = await http().get(HEALTH).set('Authorization', `Bearer ${wrong}`);
    expect(response.status).toBe(401);
  });

  test('Given token mode, When the health route is asked with a malformed authorization, Then it answers 401', async () => {
    const response = await http().get(HEALTH).set('Authorization', 'Basic dXNlcjpwYXNz');
    expect(response.status).toBe(401);
  });

  test('Given token mode and a healthy site, When the health route is asked with a valid token, Then it answers 200 with the details', async () => {
    const response = await withToken();
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      status: 'ok',
      wakeUpsStopped: false,
      overdue: 0,
      paused: 0,
      checkedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      lastWakeUpAt: null,
      dueSince: null,
      thresholdMs: expect.any(Number),
      overdueTasks: [],
      pausedTasks: [],
      changedOutside: 0,
      changedOutsideItems: [],
      held: false,
      hold: null,
    });
  });

  test('Given the maintenance hold and an overdue task, When the health route is asked with a valid token, Then it answers 200 warning with who held it and why, and nothing overdue', async () => {
    await lateTask(5);
    await service(app.current.strapi, 'hold').pause(
      { reason: 'restore' },
      { id: null, name: 'ops' }
    );
    try {
      const response = await withToken();
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        status: 'warning',
        wakeUpsStopped: false,
        overdue: 0,
        held: true,
        hold: { since: expect.stringMatching(/^\d{4}-/), by: 'ops', reason: 'restore' },
      });
    } finally {
      await service(app.current.strapi, 'hold').resume({ id: null, name: 'ops' });
    }
  });

  test('Given an overdue task and a paused task, When the health route is asked with a valid token, Then it names each with its times', async () => {
    const late = await lateTask(5);
    const paused = await pausedTask();

    const response = await withToken();

    expect(response.status).toBe(503);
    expect(response.body.overdueTasks).toEqual([
      {
        id: late.id,
        name: late.name,
        dueAt: new Date(late.nextRunAt!).toISOString(),
        lateMs: expect.any(Number),
      },
    ]);
    expect(response.body.overdueTasks[0].lateMs).toBeGreaterThan(4 * HOUR);
    expect(response.body.pausedTasks).toEqual([
      {
        id: paused.id,
        name: paused.name,
        pausedAt: expect.any(String),
        pausedReason: 'paused after 5 consecutive failed slots',
      },
    ]);
    expect(response.body.dueSince).toBe(new Date(late.nextRunAt!).toISOString());
  });
});

describe('open mode, caller with a token', () => {
  test('Given open mode, When the health route is asked with a valid token, Then it answers with the details', async () => {
    const response = await withToken();
    expect(response.status).toBe(200);
    expect(response.body).toHaveProperty('overdueTasks', []);
    expect(response.body).toHaveProperty('pausedTasks', []);
  });

  test('Given open mode, When the health route is asked with a token that matches none, Then it answers 401', async () => {
    const response = await http()
      .get(HEALTH)
      .set('Authorization', `Bearer mnt_${'B'.repeat(43)}`);
    expect(response.status).toBe(401);
  });
});

describe('disabled mode', () => {
  test('Given disabled mode, When the health route is asked, Then it answers 403 as the wake-up route does', async () => {
    await settings().update({ triggerMode: 'disabled' });
    const health = await http().get(HEALTH);
    const wake = await http().get(WAKE);
    expect(health.status).toBe(403);
    expect(wake.status).toBe(403);
    expect(health.body).toEqual(wake.body);
    expect(health.body.error).toMatchObject({ status: 403, name: 'ForbiddenError' });
  });

  test('Given disabled mode, When the health route is asked with a valid token, Then it still answers 403', async () => {
    await settings().update({ triggerMode: 'disabled' });
    const response = await withToken();
    expect(response.status).toBe(403);
  });
});
