/**
 * Cancelling a run whose instance died (issue 14): nobody is there to stop it, so it stays
 * running until its lease expires; the instance that then takes the task over records it
 * cancelled, as asked, rather than interrupted, and does not run its slot again.
 */
import { UIDS } from '../../../server/src/constants';
import { createScript, service, uniqueName } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';

const CREATED = Date.parse('2027-09-01T08:59:00Z');
const SLOT = Date.parse('2027-09-01T09:00:00Z');

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false' });

test('Given a cancelled run whose instance died, When its task is taken over, Then the run is recorded cancelled, its slot is not run again and the task’s failure counts stay', async () => {
  const { strapi } = app.current;
  const script = await createScript(strapi, "return 'ran again';");
  const task = await service(strapi, 'tasks').create(
    { name: uniqueName('orphan'), script: script.id, schedule: '0 9 * * *', timezone: 'UTC' },
    { now: CREATED }
  );
  // What a holder that died mid-run leaves: its run running, its lease held until it expires.
  const run = await service(strapi, 'runs').create({
    taskId: task.id,
    taskName: task.name,
    slot: SLOT,
    attempt: 1,
    trigger: 'route',
    status: 'running',
    startedAt: SLOT + 100,
    instanceId: 'dead-instance',
  });
  await strapi.db.query(UIDS.task).update({
    where: { id: task.id },
    data: {
      leaseOwner: 'dead-instance',
      leaseExpiresAt: SLOT + 2000,
      leaseFence: 1,
      leaseSlot: SLOT,
      nextRunAt: SLOT + 86_400_000,
      consecutiveFailures: 1,
      consecutiveFailedSlots: 1,
    },
  });
  expect(await service(strapi, 'cancels').cancel(run.id, { by: 7 })).toMatchObject({
    outcome: 'asked',
  });

  await service(strapi, 'scheduler').wake({ trigger: 'route', now: SLOT + 60_000 });

  expect(await service(strapi, 'runs').findForTask(task.id)).toEqual([
    expect.objectContaining({
      id: run.id,
      status: 'cancelled',
      error: {
        name: 'Cancelled',
        message: expect.stringMatching(
          /^cancelled by administrator #7; instance dead-instance stopped renewing its lease/
        ),
      },
    }),
  ]);
  expect(await service(strapi, 'tasks').findOne(task.id)).toMatchObject({
    leaseOwner: null,
    lastStatus: 'cancelled',
    consecutiveFailures: 1,
    consecutiveFailedSlots: 1,
    retryAt: null,
  });
});
