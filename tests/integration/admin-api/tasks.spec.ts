/**
 * The admin API for tasks: list (filter, sort, paginate) with next and last run, get, create,
 * update, delete, enable, disable, and run now as the admin who asked.
 */
import { ACTIONS } from '../../../server/src/constants';
import { createAdminAgent, type AdminAgent } from '../../helpers/admin';
import { createScript, service, uniqueName } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';
import { busyFor, waitFor } from '../../helpers/wakeups';

const WAIT_MS = 1000;
const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false', MAINTENANCE_WAKE_WAIT_MS: String(WAIT_MS) });

let admin: AdminAgent;
let scriptId: number;
let otherScriptId: number;
// Names that sort predictably and that no other test uses.
const prefix = `list-${process.pid}`;

beforeAll(async () => {
  const { strapi } = app.current;
  admin = await createAdminAgent(
    strapi,
    [ACTIONS.read, ACTIONS.manageTasks, ACTIONS.run],
    'task admin'
  );
  scriptId = (await createScript(strapi)).id;
  otherScriptId = (await createScript(strapi, "throw new Error('no');")).id;
});

const api = (method: 'get' | 'post' | 'put' | 'delete', path: string) =>
  admin.request(method, `/maintenance${path}`);

const createTask = async (overrides: Record<string, unknown> = {}) => {
  const response = await api('post', '/tasks').send({
    name: uniqueName('task'),
    script: scriptId,
    schedule: '0 3 * * *',
    timezone: 'Europe/Paris',
    ...overrides,
  });
  expect(response.status).toBe(201);
  return response.body.data as { id: number; name: string; nextRunAt: number; enabled: boolean };
};

describe('list', () => {
  beforeAll(async () => {
    await createTask({ name: `${prefix} c`, script: otherScriptId });
    await createTask({ name: `${prefix} a` });
    await createTask({ name: `${prefix} b`, enabled: false });
    const failing = (await service(app.current.strapi, 'tasks').findMany()).find(
      (task) => task.name === `${prefix} c`
    )!;
    await service(app.current.strapi, 'scheduler').runNow(failing.id);
  });

  const list = async (query: string) => {
    const response = await api('get', `/tasks?q=${encodeURIComponent(prefix)}&${query}`);
    expect(response.status).toBe(200);
    return response.body as {
      data: Array<Record<string, unknown>>;
      meta: { pagination: Record<string, number> };
    };
  };

  test('Given tasks, When they are listed, Then each has its next run, last run and last status', async () => {
    const { data } = await list('sort=name:asc');
    expect(data.map((task) => task.name)).toEqual([`${prefix} a`, `${prefix} b`, `${prefix} c`]);
    expect(data[2]).toMatchObject({
      nextRunAt: expect.any(Number),
      lastRunAt: expect.any(Number),
      lastStatus: 'failed',
      scriptName: expect.any(String),
      running: false,
    });
    expect(data[0]).toMatchObject({ lastRunAt: null, lastStatus: null, lastRun: null });
    expect(data[0]).not.toHaveProperty('leaseFence');
    expect(data[0]).not.toHaveProperty('state');
  });

  test('Given tasks that ran, When they are listed, Then each carries its latest run, the same as GET /runs gives', async () => {
    const { data } = await list('sort=name:asc');
    const failing = data[2];
    const runs = await api('get', `/runs?task=${failing.id}&sort=id:desc&pageSize=1`);
    const latest = runs.body.data[0];
    expect(failing.lastRun).toEqual({
      id: latest.id,
      status: 'failed',
      trigger: latest.trigger,
      startedAt: latest.startedAt,
      finishedAt: latest.finishedAt,
      durationMs: latest.durationMs,
      dryRun: false,
      progress: latest.progress,
    });
    await service(app.current.strapi, 'scheduler').runNow(failing.id as number);
    const again = (await list('sort=name:asc')).data[2].lastRun as { id: number; status: string };
    expect(again.id).toBeGreaterThan(latest.id);
    expect(again.status).toBe('failed');
  });

  test('Given tasks running a deleting built-in, a report and a user script, When listed, Then only the first says what a run changes, with its params', async () => {
    const builtin = service(app.current.strapi, 'builtin');
    const purge = (await builtin.findScript('purge-run-history'))!;
    const report = (await builtin.findScript('site-report'))!;
    const changes = `changes-${process.pid}`;
    await createTask({
      name: `${changes} purge`,
      script: purge.id,
      params: { olderThanDays: 45, keepLast: 3 },
    });
    await createTask({ name: `${changes} report`, script: report.id });
    await createTask({ name: `${changes} user` });

    const response = await api('get', `/tasks?q=${changes}&sort=name:asc`);
    expect(response.status).toBe(200);
    expect(
      (response.body.data as Array<{ name: string; changes: { text: string } | null }>).map(
        (task) => [task.name, task.changes?.text ?? null]
      )
    ).toEqual([
      [
        `${changes} purge`,
        "Deletes maintenance runs older than 45 days, keeping each task's last 3 and its last failure.",
      ],
      [`${changes} report`, null],
      [`${changes} user`, null],
    ]);
    // With the key and values the admin translates it by.
    expect(response.body.data[0].changes).toMatchObject({
      key: 'builtin.changes.purge-run-history.purge',
      values: { olderThanDays: 45, keepLast: 3 },
    });
  });

  test('Given tasks, When they are sorted by name descending, Then the order is reversed', async () => {
    const { data } = await list('sort=name:desc');
    expect(data.map((task) => task.name)).toEqual([`${prefix} c`, `${prefix} b`, `${prefix} a`]);
  });

  test('Given tasks, When they are filtered by enabled, Then only those match', async () => {
    const { data } = await list('enabled=false');
    expect(data.map((task) => task.name)).toEqual([`${prefix} b`]);
  });

  test('Given tasks, When they are filtered by script and last status, Then only those match', async () => {
    expect((await list(`script=${otherScriptId}`)).data.map((task) => task.name)).toEqual([
      `${prefix} c`,
    ]);
    expect((await list('lastStatus=failed')).data.map((task) => task.name)).toEqual([
      `${prefix} c`,
    ]);
  });

  test('Given three tasks, When page 2 of size 2 is asked for, Then it holds the third and says how many there are', async () => {
    const { data, meta } = await list('sort=name:asc&page=2&pageSize=2');
    expect(data.map((task) => task.name)).toEqual([`${prefix} c`]);
    expect(meta.pagination).toEqual({ page: 2, pageSize: 2, pageCount: 2, total: 3 });
  });
});

describe('create, get, update, delete', () => {
  test('Given a valid task, When it is created, Then it answers 201 with its first slot, and get returns it', async () => {
    const created = await createTask({ params: { keepDays: 7 } });
    expect(created.nextRunAt).toBeGreaterThan(Date.now());
    const response = await api('get', `/tasks/${created.id}`);
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({
      id: created.id,
      params: { keepDays: 7 },
      timezone: 'Europe/Paris',
      state: null,
    });
  });

  test('Given a task, When its schedule is updated, Then its next slot moves', async () => {
    const task = await createTask();
    const response = await api('put', `/tasks/${task.id}`).send({ schedule: '30 4 * * *' });
    expect(response.status).toBe(200);
    expect(response.body.data.schedule).toBe('30 4 * * *');
    expect(response.body.data.nextRunAt).not.toBe(task.nextRunAt);
  });

  test('Given a task, When it is disabled and enabled, Then enabled follows', async () => {
    const task = await createTask();
    const disabled = await api('post', `/tasks/${task.id}/disable`);
    expect(disabled.body.data.enabled).toBe(false);
    const enabled = await api('post', `/tasks/${task.id}/enable`);
    expect(enabled.body.data.enabled).toBe(true);
  });

  test('Given a task, When it is deleted, Then it is gone and its runs are kept', async () => {
    const task = await createTask();
    await api('post', `/tasks/${task.id}/run`).send({});
    const response = await api('delete', `/tasks/${task.id}`);
    expect(response.status).toBe(200);
    expect((await api('get', `/tasks/${task.id}`)).status).toBe(404);
    expect(await service(app.current.strapi, 'runs').findForTask(task.id)).toHaveLength(1);
  });
});

describe('run now', () => {
  test('Given a task, When an admin runs it now, Then a manual run by that admin is recorded and the schedule stays', async () => {
    const task = await createTask();
    const response = await api('post', `/tasks/${task.id}/run`);
    expect(response.status).toBe(200);
    const adminUser = await app.current.strapi.db
      .query('admin::user')
      .findOne({ where: { email: admin.email } });
    expect(response.body.data).toMatchObject({
      taskId: task.id,
      trigger: 'manual',
      status: 'succeeded',
      dryRun: false,
      requestedBy: adminUser.id,
      slot: null,
    });
    expect((await api('get', `/tasks/${task.id}`)).body.data.nextRunAt).toBe(task.nextRunAt);
  });

  test('Given a task, When it is run now as a dry run, Then the run is recorded as dry', async () => {
    const script = await createScript(app.current.strapi, 'return ctx.dryRun;');
    const task = await createTask({ script: script.id });
    const response = await api('post', `/tasks/${task.id}/run`).send({ dryRun: true });
    expect(response.body.data).toMatchObject({ dryRun: true, result: true });
  });

  test('Given a run longer than the wait, When it is run now, Then it answers 202 with the run still going, and the run finishes', async () => {
    const script = await createScript(app.current.strapi, busyFor(WAIT_MS + 1500));
    const task = await createTask({ script: script.id });
    // The sandbox process is started first, so the wait measures the script alone.
    await api('post', `/tasks/${(await createTask()).id}/run`);
    const response = await api('post', `/tasks/${task.id}/run`);
    expect(response.status).toBe(202);
    expect(response.body.data).toMatchObject({ taskId: task.id, status: 'running' });
    await waitFor(async () => {
      const run = await service(app.current.strapi, 'runs').findOne(response.body.data.id);
      return run?.status === 'succeeded' ? run : undefined;
    });
  });
});
