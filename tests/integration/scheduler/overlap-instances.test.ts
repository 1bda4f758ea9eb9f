/**
 * Overlap `replace` across instances (issue 14): a wake-up on one instance stops a run going on
 * another through the database (a mark on the task that the holder sees when it renews its lease).
 */
import { createTask, useSlowSite } from '../../helpers/concurrency';
import { startInstance, type Instance } from '../../helpers/instances';
import { service } from '../../helpers/maintenance';
import { sleep, waitFor } from '../../helpers/wakeups';

// Renewals every second; no timer: this test decides who wakes when.
const { app, site } = useSlowSite({ MAINTENANCE_AUTO_RUN: 'false', MAINTENANCE_LEASE_MS: '3000' });
let other: Instance | undefined;

afterAll(async () => {
  await other?.stop();
}, 60_000);

test('Given a run going on another instance, When a slot of its replace task comes here, Then that run stops within a renewal and is recorded replaced', async () => {
  const { strapi } = app.current;
  other = await startInstance();
  const task = await createTask(strapi, {
    body: site.slow.waitFor(30_000, 'never'),
    schedule: '*/3 * * * * *',
    label: 'replaced elsewhere',
  });
  await service(strapi, 'tasks').update(task.id, { overlap: 'replace' });

  // The other instance runs a slot.
  await sleep(Math.max(0, (task.nextRunAt as number) - Date.now()) + 50);
  const holder = other;
  await holder.request({ type: 'wake' }, 'woken-up');
  const running = await waitFor(async () => {
    const [run] = await service(strapi, 'runs').findForTask(task.id);
    return run?.status === 'running' ? run : undefined;
  });
  expect(running.instanceId).toBe(holder.instanceId);

  // The next slot comes here: the run elsewhere is asked to stop, and does.
  await sleep(Math.max(0, (running.slot as number) + 3000 - Date.now()) + 50);
  const asked = Date.now();
  await service(strapi, 'scheduler').wake({ trigger: 'route' });
  const replaced = await waitFor(async () => {
    const run = await service(strapi, 'runs').findOne(running.id);
    return !run || run.status === 'running' ? undefined : run;
  }, 10_000);
  expect(replaced).toMatchObject({ status: 'replaced', error: { name: 'Cancelled' } });
  // Within a renewal (a third of the lease) and the time to store the record.
  expect((replaced.finishedAt as number) - asked).toBeLessThan(3000);

  // The slot that replaced the run then starts, on whichever instance wakes first (the other
  // one's wake-up goes round again once its run has ended).
  const next = await waitFor(async () =>
    (await service(strapi, 'runs').findForTask(task.id)).find(
      (run) => run.slot === (running.slot as number) + 3000
    )
  );
  expect((next.startedAt as number) - (next.slot as number)).toBeLessThan(3000);
  expect(await service(strapi, 'runs').findForTask(task.id)).not.toContainEqual(
    expect.objectContaining({ status: 'skipped' })
  );
  await service(strapi, 'tasks').setEnabled(task.id, false);
}, 90_000);
