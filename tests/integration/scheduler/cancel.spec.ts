/**
 * Cancelling a run (issue 14): POST /maintenance/runs/:id/cancel stops a running run, which is
 * recorded `cancelled` with its log so far; the slot counts as done (no retry, the failure
 * counters untouched); a webhook says so. On the real clock with the built-in timer.
 */
import { ACTIONS, UIDS, WEBHOOK_EVENTS } from '../../../server/src/constants';
import { createAdminAgent, type AdminAgent } from '../../helpers/admin';
import { createTask, onceAt, useSlowSite } from '../../helpers/concurrency';
import { service, uniqueName } from '../../helpers/maintenance';
import { waitFor } from '../../helpers/wakeups';
import { startReceiver } from '../operations/helpers';

const { app, site } = useSlowSite();
let runner: AdminAgent;

beforeAll(async () => {
  runner = await createAdminAgent(app.current.strapi, [ACTIONS.read, ACTIONS.run], 'runner');
}, 60_000);

const runs = () => service(app.current.strapi, 'runs');
const tasks = () => service(app.current.strapi, 'tasks');

/** A task whose one slot comes in a few seconds and runs a script that logs, then waits long. */
const startLongRun = async (label: string, fields: Record<string, unknown> = {}) => {
  const { slot, schedule } = onceAt(3);
  const task = await createTask(app.current.strapi, {
    body: `console.log('step 1 done');\n${site.slow.waitFor(60_000, 'never')}`,
    schedule,
    slot,
    label,
  });
  // Fields the API does not set (counters), before the slot comes.
  await app.current.strapi.db.query(UIDS.task).update({ where: { id: task.id }, data: fields });
  // Running, and its first line written to the record (the live log): the script has started.
  const run = await waitFor(async () => {
    const [found] = await runs().findForTask(task.id);
    return found?.status === 'running' && JSON.stringify(found.log).includes('step 1 done')
      ? found
      : undefined;
  }, 20_000);
  return { task, run };
};

const ended = (runId: number) =>
  waitFor(async () => {
    const run = await runs().findOne(runId);
    return run && run.status !== 'running' ? run : undefined;
  }, 15_000);

const released = (taskId: number) =>
  waitFor(async () => {
    const task = await tasks().findOne(taskId);
    return task.leaseOwner === null ? task : undefined;
  }, 15_000);

test('Given a long scheduled run with retries and earlier failures, When an admin cancels it, Then it ends cancelled with its log so far, and the task neither retries nor counts a failure', async () => {
  // Retries left and two failed slots before: a cancel must touch neither.
  const { task, run } = await startLongRun('cancel me', {
    retries: 2,
    consecutiveFailures: 2,
    consecutiveFailedSlots: 2,
  });

  const response = await runner.request('post', `/maintenance/runs/${run.id}/cancel`);
  expect(response.status).toBe(202);
  expect(response.body.data).toMatchObject({ id: run.id, status: 'running' });
  expect(response.body.data.cancelRequestedAt).toEqual(expect.any(Number));

  const cancelled = await ended(run.id);
  expect(cancelled).toMatchObject({
    status: 'cancelled',
    error: {
      name: 'Cancelled',
      message: expect.stringMatching(/^cancelled by administrator #\d+$/),
    },
  });
  expect(JSON.stringify(cancelled.log)).toContain('step 1 done');

  const after = await released(task.id);
  expect(after).toMatchObject({
    lastStatus: 'cancelled',
    retryAt: null,
    retrySlot: null,
    consecutiveFailures: 2,
    consecutiveFailedSlots: 2,
    pausedAt: null,
  });
  expect(await runs().findForTask(task.id)).toHaveLength(1);
  await tasks().setEnabled(task.id, false);
}, 90_000);

test('Given a webhook subscribed to the plugin’s events, When a run is cancelled, Then it receives maintenance.run.cancelled naming the run and who cancelled it', async () => {
  const { strapi } = app.current;
  const receiver = await startReceiver();
  try {
    const admin = await createAdminAgent(strapi, 'super-admin', 'webhook admin');
    const created = await admin.request('post', '/admin/webhooks').send({
      name: uniqueName('cancel alerts'),
      url: receiver.url,
      headers: {},
      events: [WEBHOOK_EVENTS.MAINTENANCE_RUN_CANCELLED],
    });
    expect(created.status).toBe(201);
    const { task, run } = await startLongRun('cancel hook');
    const response = await runner.request('post', `/maintenance/runs/${run.id}/cancel`);
    expect(response.status).toBe(202);

    const [delivery] = await receiver.received(WEBHOOK_EVENTS.MAINTENANCE_RUN_CANCELLED);
    expect(delivery.body).toMatchObject({
      event: WEBHOOK_EVENTS.MAINTENANCE_RUN_CANCELLED,
      plugin: 'maintenance',
      task: { id: task.id, name: task.name },
      run: { id: run.id, status: 'cancelled' },
      cancelledBy: response.body.data.cancelRequestedBy,
    });
    await tasks().setEnabled(task.id, false);
  } finally {
    await receiver.close();
  }
}, 90_000);

describe('refusals', () => {
  test('Given a run that has ended, When it is cancelled, Then 409 says it has ended and the run is unchanged', async () => {
    const task = await createTask(app.current.strapi, { body: 'return 1;', schedule: '0 3 * * *' });
    const run = (await service(app.current.strapi, 'scheduler').runNow(task.id))!;
    expect(run.status).toBe('succeeded');

    const response = await runner.request('post', `/maintenance/runs/${run.id}/cancel`);
    expect(response.status).toBe(409);
    expect(response.body.error.message).toBe(
      `run ${run.id} has already ended (succeeded); only a running run can be cancelled`
    );
    expect(await runs().findOne(run.id)).toMatchObject({
      status: 'succeeded',
      cancelRequestedAt: null,
    });
  });

  test('Given no such run, When it is cancelled, Then 404', async () => {
    const response = await runner.request('post', '/maintenance/runs/999999/cancel');
    expect(response.status).toBe(404);
    expect(response.body.error.message).toBe('run 999999 not found');
  });

  test('Given a role that may read but not run tasks, When it cancels a running run, Then 403 and the run goes on', async () => {
    const reader = await createAdminAgent(app.current.strapi, [ACTIONS.read], 'reader');
    const { task, run } = await startLongRun('not yours to cancel');
    const response = await reader.request('post', `/maintenance/runs/${run.id}/cancel`);
    expect(response.status).toBe(403);
    expect(await runs().findOne(run.id)).toMatchObject({
      status: 'running',
      cancelRequestedAt: null,
    });
    // Stopped all the same, so that the file ends without a run going.
    expect((await runner.request('post', `/maintenance/runs/${run.id}/cancel`)).status).toBe(202);
    await ended(run.id);
    await tasks().setEnabled(task.id, false);
  }, 90_000);
});
