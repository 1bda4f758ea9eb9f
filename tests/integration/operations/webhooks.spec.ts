/**
 * Failure notifications through Strapi's own webhooks: the plugin's events are accepted by the
 * webhook store, and a webhook created through Strapi's admin API receives them at a local HTTP
 * receiver, with the task, the run and links, and never the script's text or params.
 */
import { ACTIONS, WEBHOOK_EVENTS } from '../../../server/src/constants';
import { createAdminAgent, type AdminAgent } from '../../helpers/admin';
import { service, uniqueName } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';
import { disableSeededTasks, sleep } from '../../helpers/wakeups';
import { hourlyTask, slot, startReceiver } from './helpers';

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false' });
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let superAdmin: AdminAgent;

const SECRET_PARAM = 'param-secret-4711';
const BODY_MARKER = 'script-text-marker-0815';
const FAILING = `// ${BODY_MARKER}\nif (ctx.params.fail) throw new Error('disk full'); return 'ok';`;

beforeAll(async () => {
  const { strapi } = app.current;
  await disableSeededTasks(strapi);
  receiver = await startReceiver();
  superAdmin = await createAdminAgent(strapi, 'super-admin', 'webhook admin');
  const response = await superAdmin.request('post', '/admin/webhooks').send({
    name: uniqueName('maintenance alerts'),
    url: receiver.url,
    headers: { 'X-Test': 'yes' },
    events: Object.values(WEBHOOK_EVENTS),
  });
  expect(response.status).toBe(201);
});
afterAll(() => receiver?.close());
afterEach(() => disableSeededTasks(app.current.strapi));

const wake = (now: number) =>
  service(app.current.strapi, 'scheduler').wake({ trigger: 'route', now });

test('Given the plugin booted, Then Strapi’s webhook store accepts each of its events', () => {
  const store = app.current.strapi.get('webhookStore') as { getAllowedEvent(key: string): string };
  for (const [key, event] of Object.entries(WEBHOOK_EVENTS)) {
    expect(store.getAllowedEvent(key)).toBe(event);
  }
});

test('Given a webhook subscribed to the events, When an admin who may read webhooks lists the plugin’s events, Then each names that webhook', async () => {
  const reader = await createAdminAgent(
    app.current.strapi,
    [ACTIONS.read, 'admin::webhooks.read'],
    'webhook reader'
  );
  const response = await reader.request('get', '/maintenance/webhook-events');
  expect(response.status).toBe(200);
  expect(response.body.data).toHaveLength(Object.keys(WEBHOOK_EVENTS).length);
  for (const entry of response.body.data) {
    expect(entry.webhooks).toEqual([expect.objectContaining({ isEnabled: true })]);
  }
});

test('Given a webhook subscribed to the events, When an admin who may not read webhooks lists the plugin’s events, Then the answer has the event names and no webhook', async () => {
  const reader = await createAdminAgent(app.current.strapi, [ACTIONS.read], 'reader');
  const response = await reader.request('get', '/maintenance/webhook-events');
  expect(response.status).toBe(200);
  expect(response.body.data.map((entry: { event: string }) => entry.event).sort()).toEqual(
    Object.values(WEBHOOK_EVENTS).sort()
  );
  for (const entry of response.body.data) expect(entry).not.toHaveProperty('webhooks');
  expect(response.body.meta).toEqual({ webhooksHidden: true });
});

test('Given a failing slot, When it has failed, Then the receiver gets maintenance.run.failed with the task, the run, the error and admin links', async () => {
  const { task } = await hourlyTask(app.current.strapi, FAILING, {
    params: { fail: true, token: SECRET_PARAM },
  });
  await wake(slot(1));
  const [delivery] = await receiver.received('maintenance.run.failed');
  const run = (await service(app.current.strapi, 'runs').findForTask(task.id))[0];
  expect(delivery.headers['x-test']).toBe('yes');
  expect(delivery.body).toMatchObject({
    event: 'maintenance.run.failed',
    task: { id: task.id, name: task.name },
    run: { id: run.id, attempt: 1, status: 'failed', slot: new Date(slot(1)).toISOString() },
    status: 'failed',
    error: { message: 'disk full' },
    consecutiveFailedSlots: 1,
    links: {
      task: expect.stringMatching(new RegExp(`/admin/plugins/maintenance/tasks/${task.id}$`)),
      run: expect.stringMatching(new RegExp(`/admin/plugins/maintenance/runs/${run.id}$`)),
    },
  });
});

test('Given any delivery, Then it never carries the script’s text or the task’s params', async () => {
  await receiver.received('maintenance.run.failed');
  const all = JSON.stringify(receiver.deliveries);
  expect(all).not.toContain(BODY_MARKER);
  expect(all).not.toContain(SECRET_PARAM);
});

test('Given a task with retries left, When an attempt fails, Then no run.failed is sent until its last attempt fails', async () => {
  const before = receiver.deliveries.length;
  const { task } = await hourlyTask(app.current.strapi, FAILING, {
    params: { fail: true },
    retries: 1,
    retryBackoffMs: 60_000,
  });
  await wake(slot(1));
  await sleep(500);
  const forTask = () =>
    receiver.deliveries
      .slice(before)
      .filter((delivery) => (delivery.body.task as { id: number }).id === task.id);
  expect(forTask()).toEqual([]);
  await wake(slot(1) + 60_000);
  await receiver.received('maintenance.run.failed', 2);
  await sleep(300);
  expect(forTask().map((delivery) => (delivery.body.run as { attempt: number }).attempt)).toEqual([
    2,
  ]);
});

test('Given a task that pauses after 2 failed slots, When the second fails, Then the receiver gets maintenance.task.paused with the reason', async () => {
  const { task } = await hourlyTask(app.current.strapi, FAILING, {
    params: { fail: true },
    autoPauseAfter: 2,
  });
  await wake(slot(1));
  await wake(slot(2));
  const [delivery] = await receiver.received('maintenance.task.paused');
  expect(delivery.body).toMatchObject({
    task: { id: task.id },
    status: 'paused',
    consecutiveFailedSlots: 2,
    reason: expect.stringContaining('paused after 2 consecutive failed slots'),
    links: { task: expect.stringContaining(`/tasks/${task.id}`) },
  });
});

test('Given a task whose last slot failed, When the next slot succeeds, Then the receiver gets maintenance.task.recovered', async () => {
  const { strapi } = app.current;
  const { task } = await hourlyTask(strapi, FAILING, { params: { fail: true } });
  await wake(slot(1));
  await service(strapi, 'tasks').update(task.id, { params: { fail: false } });
  await wake(slot(2));
  const deliveries = await receiver.received('maintenance.task.recovered');
  expect(
    deliveries.find((d) => (d.body.task as { id: number }).id === task.id)?.body
  ).toMatchObject({
    status: 'succeeded',
    failedSlotsBefore: 1,
    run: { status: 'succeeded', slot: new Date(slot(2)).toISOString() },
  });
});

test('Given a slot overdue far beyond the threshold and no wake-up, When the health route is asked twice, Then maintenance.wakeups.stopped is sent once', async () => {
  const { strapi } = app.current;
  const script = await service(strapi, 'scripts').create({
    name: uniqueName('s'),
    body: 'return 1;',
  });
  await service(strapi, 'tasks').create(
    { name: uniqueName('stalled'), script: script.id, schedule: '0 * * * *', timezone: 'UTC' },
    { now: Date.now() - 5 * 3_600_000 }
  );
  expect((await app.current.http().get('/api/maintenance/health')).status).toBe(503);
  expect((await app.current.http().get('/api/maintenance/health')).status).toBe(503);
  const [delivery] = await receiver.received('maintenance.wakeups.stopped');
  expect(delivery.body).toMatchObject({
    status: 'wake-ups-stopped',
    lastWakeUpAt: null,
    overdue: 1,
    thresholdMs: 2 * 3_600_000,
  });
  await sleep(500);
  expect(receiver.deliveries.filter((d) => d.event === 'maintenance.wakeups.stopped')).toHaveLength(
    1
  );
});
