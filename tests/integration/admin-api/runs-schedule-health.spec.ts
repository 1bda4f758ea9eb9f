/**
 * The admin API for run history (list with filters and pages, one run with its log), the schedule
 * preview with its daylight-saving notes, and the health page.
 */
import { ACTIONS } from '../../../server/src/constants';
import { createAdminAgent, type AdminAgent } from '../../helpers/admin';
import { at, createScript, service, uniqueName } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';
import { createDueTask, disableSeededTasks } from '../../helpers/wakeups';

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false' });

let reader: AdminAgent;
beforeAll(async () => {
  await disableSeededTasks(app.current.strapi);
  reader = await createAdminAgent(app.current.strapi, [ACTIONS.read], 'reader');
});

const get = (path: string) => reader.request('get', `/maintenance${path}`);

describe('runs', () => {
  let taskId: number;
  let otherTaskId: number;
  const SLOT = at('2027-05-01T09:00:00Z');

  beforeAll(async () => {
    const { strapi } = app.current;
    const script = await createScript(
      strapi,
      "console.log('first line');\nconsole.warn('second line');\nif (ctx.params.fail) throw new Error('nope');\nreturn 1;"
    );
    const create = (params: Record<string, unknown>) =>
      service(strapi, 'tasks').create(
        {
          name: uniqueName('task'),
          script: script.id,
          schedule: '0 9 * * *',
          timezone: 'UTC',
          params,
        },
        { now: SLOT - 60_000 }
      );
    taskId = (await create({})).id;
    otherTaskId = (await create({ fail: true })).id;
    // Scheduled runs on 1 May (route), then a manual run of each.
    await service(strapi, 'scheduler').wake({ trigger: 'route', now: SLOT + 1000 });
    await service(strapi, 'scheduler').runNow(taskId, { now: SLOT + 3_600_000 });
    await service(strapi, 'scheduler').runNow(otherTaskId, { now: SLOT + 3_600_000 });
  });

  test('Given runs, When they are filtered by task, Then only that task’s runs come, newest first, without logs', async () => {
    const response = await get(`/runs?task=${taskId}`);
    expect(response.status).toBe(200);
    expect(response.body.data.map((run: { trigger: string }) => run.trigger)).toEqual([
      'manual',
      'route',
    ]);
    expect(response.body.data[0]).not.toHaveProperty('log');
    expect(response.body.meta.pagination).toMatchObject({ total: 2 });
  });

  test('Given runs, When they are filtered by status and trigger, Then only those come', async () => {
    const failed = await get(`/runs?status=failed&task=${otherTaskId}`);
    expect(failed.body.data).toHaveLength(2);
    const route = await get(`/runs?trigger=route&task=${otherTaskId}`);
    expect(route.body.data).toEqual([expect.objectContaining({ status: 'failed', slot: SLOT })]);
  });

  test('Given runs, When they are filtered by a date range, Then only runs started in it come', async () => {
    const from = new Date(SLOT).toISOString();
    const to = new Date(SLOT + 60_000).toISOString();
    const response = await get(`/runs?from=${from}&to=${to}&sort=startedAt:asc`);
    expect(response.body.data.map((run: { taskId: number }) => run.taskId).sort()).toEqual(
      [taskId, otherTaskId].sort()
    );
  });

  test('Given runs, When one page of one is asked for, Then the pagination says how many there are', async () => {
    const response = await get(`/runs?task=${taskId}&pageSize=1&page=2`);
    expect(response.body.data).toEqual([expect.objectContaining({ trigger: 'route' })]);
    expect(response.body.meta.pagination).toEqual({ page: 2, pageSize: 1, pageCount: 2, total: 2 });
  });

  test('Given a run, When it is read, Then its whole log, result and error are there', async () => {
    const [run] = (await get(`/runs?task=${otherTaskId}&trigger=manual`)).body.data;
    const response = await get(`/runs/${run.id}`);
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({
      id: run.id,
      status: 'failed',
      error: expect.objectContaining({ message: 'nope' }),
      log: [
        expect.objectContaining({ level: 'log', message: 'first line' }),
        expect.objectContaining({ level: 'warn', message: 'second line' }),
      ],
    });
  });
});

describe('schedule preview', () => {
  const preview = (query: Record<string, string>) =>
    get(`/schedule/preview?${new URLSearchParams(query).toString()}`);

  test('Given an expression and a zone, Then it answers with a description and the next slots in UTC and local time', async () => {
    const response = await preview({
      expression: '30 2 * * *',
      timezone: 'Europe/Paris',
      from: '2027-01-10T00:00:00Z',
      count: '3',
    });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({
      valid: true,
      timeZone: 'Europe/Paris',
      description: expect.stringMatching(/02:30/),
      next: [
        { utc: '2027-01-10T01:30:00.000Z', local: '2027-01-10 02:30:00', offset: '+01:00' },
        expect.objectContaining({ local: '2027-01-11 02:30:00' }),
        expect.objectContaining({ local: '2027-01-12 02:30:00' }),
      ],
    });
  });

  test('Given an active window, Then the slots are those inside it', async () => {
    const response = await preview({
      expression: '0 3 * * *',
      timezone: 'UTC',
      from: '2027-01-01T00:00:00Z',
      startAt: '2027-03-01T00:00:00Z',
      endAt: '2027-03-02T12:00:00Z',
      count: '5',
    });
    expect(response.body.data.next.map((slot: { utc: string }) => slot.utc)).toEqual([
      '2027-03-01T03:00:00.000Z',
      '2027-03-02T03:00:00.000Z',
    ]);
  });

  test('Given a daily schedule whose listed slots miss the next clock change, Then that slot comes apart with its note', async () => {
    const response = await preview({
      expression: '30 2 * * *',
      timezone: 'Europe/Paris',
      from: '2027-01-10T00:00:00Z',
      count: '5',
    });
    expect(response.body.data.nextDstSlot).toMatchObject({
      local: '2027-03-28 03:00:00',
      note: expect.stringContaining('does not exist'),
    });
  });

  test('Given a slot in the spring-forward gap, Then it carries a note saying when it runs instead', async () => {
    const response = await preview({
      expression: '30 2 * * *',
      timezone: 'America/New_York',
      from: '2027-03-13T12:00:00Z',
      count: '1',
    });
    const [slot] = response.body.data.next;
    expect(slot).toMatchObject({
      dstChange: 'gap-shifted',
      scheduledLocal: '2027-03-14 02:30:00',
      local: '2027-03-14 03:00:00',
      note: expect.stringContaining('does not exist'),
    });
  });

  test('Given a slot in the fall-back overlap, Then it carries a note saying the time happens twice', async () => {
    const response = await preview({
      expression: '30 1 * * *',
      timezone: 'America/New_York',
      from: '2027-11-07T00:00:00Z',
      count: '1',
    });
    expect(response.body.data.next[0]).toMatchObject({
      dstChange: 'overlap',
      note: expect.stringContaining('happens twice'),
    });
  });

  test('Given an invalid expression, Then it answers 200 with valid false and the reason', async () => {
    const response = await preview({ expression: '61 * * * *' });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({
      valid: false,
      field: 'schedule',
      error: expect.stringMatching(/minute/),
    });
  });

  test('Given more slots than the preview serves, When they are asked for, Then it answers 400', async () => {
    const response = await preview({ expression: '* * * * *', count: '1000' });
    expect(response.status).toBe(400);
    expect(response.body.error.details.errors[0].path).toEqual(['count']);
  });
});

describe('health', () => {
  test('Given a task whose slot passed long ago and no wake-up, Then health lists it as overdue', async () => {
    const { task } = await createDueTask(app.current.strapi);
    const response = await get('/health');
    expect(response.status).toBe(200);
    expect(response.body.data.overdue).toContainEqual({
      id: task.id,
      name: task.name,
      nextRunAt: task.nextRunAt,
      lateMs: expect.any(Number),
    });
    await service(app.current.strapi, 'tasks').setEnabled(task.id, false);
  });

  test('Given a task held by another instance, Then health shows the lease and who holds it', async () => {
    const { strapi } = app.current;
    const script = await createScript(strapi);
    const task = await service(strapi, 'tasks').create({
      name: uniqueName('held'),
      script: script.id,
      schedule: '0 0 1 1 *',
      timezone: 'UTC',
    });
    const lease = await service(strapi, 'leases').claim({
      taskId: task.id,
      observedFence: task.leaseFence,
      owner: 'other-host:42:abcdef',
      now: Date.now(),
      leaseMs: 60_000,
      slot: null,
    });
    try {
      const response = await get('/health');
      expect(response.body.data.leases).toContainEqual(
        expect.objectContaining({
          taskId: task.id,
          owner: 'other-host:42:abcdef',
          thisInstance: false,
          expired: false,
        })
      );
    } finally {
      await service(strapi, 'leases').release(lease!);
    }
  });

  test('Given this instance, Then health shows its sandbox, timer and trigger mode', async () => {
    const response = await get('/health');
    expect(response.body.data).toMatchObject({
      instanceId: service(app.current.strapi, 'scheduler').instanceId,
      triggerMode: 'open',
      timer: { autoRun: false },
      sandbox: expect.objectContaining({ running: expect.any(Boolean), runsInFlight: 0 }),
    });
  });
});
