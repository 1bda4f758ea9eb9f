/**
 * Cancel across instances (issue 14): the request reaches one instance, the run goes on another;
 * the request travels as a mark on the run's row, which the instance running it looks for.
 */
import { ACTIONS } from '../../../server/src/constants';
import { createAdminAgent } from '../../helpers/admin';
import { createTask, onceAt, useSlowSite } from '../../helpers/concurrency';
import { startInstance, type Instance } from '../../helpers/instances';
import { service } from '../../helpers/maintenance';
import { sleep, waitFor } from '../../helpers/wakeups';

// No timer here: only the other instance runs the slot, when this test wakes it.
const { app, site } = useSlowSite({ MAINTENANCE_AUTO_RUN: 'false' });
let other: Instance | undefined;

afterAll(async () => {
  await other?.stop();
}, 60_000);

test('Given a run going on another instance, When the cancel request reaches this one, Then the run stops there and is recorded cancelled with its log so far', async () => {
  const { strapi } = app.current;
  other = await startInstance();
  const runner = await createAdminAgent(strapi, [ACTIONS.read, ACTIONS.run], 'runner');
  const { slot, schedule } = onceAt(4);
  const task = await createTask(strapi, {
    body: `console.log('working elsewhere');\n${site.slow.waitFor(60_000, 'never')}`,
    schedule,
    slot,
    label: 'cancelled elsewhere',
  });
  await sleep(Math.max(0, slot - Date.now()) + 50);
  const holder = other;
  await holder.request({ type: 'wake' }, 'woken-up');
  const running = await waitFor(async () => {
    const [run] = await service(strapi, 'runs').findForTask(task.id);
    // Its first line in the record (the live log): the script has started.
    return run?.status === 'running' && JSON.stringify(run.log).includes('working elsewhere')
      ? run
      : undefined;
  }, 20_000);
  expect(running.instanceId).toBe(holder.instanceId);

  const response = await runner.request('post', `/maintenance/runs/${running.id}/cancel`);
  expect(response.status).toBe(202);

  const cancelled = await waitFor(async () => {
    const run = await service(strapi, 'runs').findOne(running.id);
    return run && run.status !== 'running' ? run : undefined;
  }, 15_000);
  expect(cancelled).toMatchObject({
    status: 'cancelled',
    instanceId: holder.instanceId,
    error: { name: 'Cancelled' },
  });
  expect(JSON.stringify(cancelled.log)).toContain('working elsewhere');
  // The other instance released the task, with nothing left to retry.
  const released = await waitFor(async () => {
    const found = await service(strapi, 'tasks').findOne(task.id);
    return found.leaseOwner === null ? found : undefined;
  }, 15_000);
  expect(released).toMatchObject({ lastStatus: 'cancelled', retryAt: null });
  await service(strapi, 'tasks').setEnabled(task.id, false);
}, 120_000);
