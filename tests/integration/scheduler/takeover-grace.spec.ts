/**
 * After a database outage every lease looks expired, yet the holders are alive: each renews as
 * soon as the database answers again (within a second). An instance that has itself just seen the
 * database fail therefore leaves them a renewal period before it takes any task over; otherwise it
 * would record interrupted, and run again, runs that completed and are waiting to store their
 * records (issue 15).
 */
import { service } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';
import { createDueTask, waitFor } from '../../helpers/wakeups';

// Long enough that the renewal period (a third of it) outlasts a wake-up on a busy machine.
const LEASE_MS = 12_000;
const DAY = 86_400_000;

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false', MAINTENANCE_LEASE_MS: String(LEASE_MS) });

const runsOf = (taskId: number) => service(app.current.strapi, 'runs').findForTask(taskId);

test('Given this instance has just seen the database fail, When it finds a lease expired, Then it leaves the holder a renewal period to renew before it takes the task over', async () => {
  const { strapi } = app.current;
  const { task, slot } = await createDueTask(strapi, { body: "return 'taken over';" });
  // Another instance claimed the slot, and its lease has just run out.
  const leases = service(strapi, 'leases');
  const claimed = await leases.claim({
    taskId: task.id,
    observedFence: task.leaseFence,
    observedNextRunAt: task.nextRunAt,
    owner: 'another-instance',
    now: Date.now() - LEASE_MS - 1,
    leaseMs: LEASE_MS,
    slot,
    nextRunAt: slot + DAY,
    scheduled: true,
  });
  expect(claimed).not.toBeNull();
  const scheduler = service(strapi, 'scheduler');
  scheduler.databaseFailed();
  const early = await scheduler.wake({ trigger: 'route' });
  expect(early.outcomes.find((outcome) => outcome.taskId === task.id)).toMatchObject({
    outcome: 'lost',
  });
  expect(await runsOf(task.id)).toEqual([]);

  const taken = await waitFor(async () => {
    await scheduler.wake({ trigger: 'route' });
    const recorded = await runsOf(task.id);
    return recorded.length > 0 ? recorded : undefined;
  }, LEASE_MS * 10);
  expect(taken).toEqual([expect.objectContaining({ slot, status: 'succeeded' })]);
}, 120_000);
