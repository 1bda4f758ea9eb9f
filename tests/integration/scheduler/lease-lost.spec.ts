/**
 * A holder too slow to keep its lease (found by the soak on a saturated MariaDB): its lease
 * expires between the claim and the run, another instance takes the task over, and the slow
 * holder then reaches the run. Before the fix both ran the slot. Now the holder checks its lease
 * before each slot and steps back, and whoever takes over runs the slots it never started. And an
 * instance whose own run outlived its lease (heartbeat held up; found on SQLite) renews it rather
 * than interrupting itself and running the slot a second time.
 */
import { UIDS } from '../../../server/src/constants';
import type { Lease, SlotClaim } from '../../../server/src/services/leases';
import { createScript, service, uniqueName } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';
import { busyFor, waitFor } from '../../helpers/wakeups';

const LEASE_MS = 10_000;
const CREATED = Date.parse('2027-08-01T08:59:30Z');
const SLOT = Date.parse('2027-08-01T09:00:00Z');

const app = useStrapi({
  MAINTENANCE_AUTO_RUN: 'false',
  MAINTENANCE_LEASE_MS: String(LEASE_MS),
});

/** What another instance's take-over does to the row: a new owner and the next fence. */
const takeOver = async (taskId: number, now: number) => {
  const { strapi } = app.current;
  const leases = service(strapi, 'leases');
  const { tableName } = strapi.db.metadata.get(UIDS.task);
  await strapi.db
    .connection(tableName)
    .where('id', taskId)
    .update({
      [leases.column('leaseOwner')]: 'another-instance',
      [leases.column('leaseExpiresAt')]: now + LEASE_MS,
      [leases.column('leaseFence')]: strapi.db.connection.raw('?? + 1', [
        leases.column('leaseFence'),
      ]),
    });
};

/** Makes the lease of the given task be taken over when `when` says, then puts things back. */
const stealLease = (
  when: (call: { method: 'claim' | 'extend'; slot?: number | null }) => boolean
) => {
  const leases = service(app.current.strapi, 'leases');
  const { claim, extend } = leases;
  leases.claim = async (request: SlotClaim) => {
    const lease = await claim(request);
    if (lease && when({ method: 'claim' })) await takeOver(lease.taskId, request.now);
    return lease;
  };
  leases.extend = async (lease: Lease, now: number, leaseMs: number, slot?: number | null) => {
    if (slot !== undefined && when({ method: 'extend', slot })) await takeOver(lease.taskId, now);
    return extend(lease, now, leaseMs, slot);
  };
  return () => Object.assign(leases, { claim, extend });
};

const createTask = async (
  schedule: string,
  misfirePolicy: 'once' | 'backfill',
  body = 'return ctx.task.slot;'
) => {
  const { strapi } = app.current;
  const script = await createScript(strapi, body);
  return service(strapi, 'tasks').create(
    {
      name: uniqueName('slow holder'),
      script: script.id,
      schedule,
      timezone: 'UTC',
      misfirePolicy,
    },
    { now: CREATED }
  );
};

const runsOf = async (taskId: number) =>
  (await service(app.current.strapi, 'runs').findForTask(taskId)).map((run) => ({
    slot: run.slot,
    attempt: run.attempt,
    status: run.status,
  }));

test('Given a holder whose lease was taken over before its run started, When it reaches the run, Then it does not run the slot, and the instance that takes over runs it once', async () => {
  const { strapi } = app.current;
  const task = await createTask('0 9 * * *', 'once');

  const restore = stealLease(({ method }) => method === 'claim');
  let outcome;
  try {
    const summary = await service(strapi, 'scheduler').wake({ trigger: 'route', now: SLOT + 1000 });
    outcome = summary.outcomes.find((entry) => entry.taskId === task.id);
  } finally {
    restore();
  }
  expect(outcome).toMatchObject({ outcome: 'lost' });
  expect(await runsOf(task.id)).toEqual([]);

  // The instance that took over died before running anything; once its lease has expired:
  await service(strapi, 'scheduler').wake({ trigger: 'route', now: SLOT + 1000 + 2 * LEASE_MS });
  expect(await runsOf(task.id)).toEqual([{ slot: SLOT, attempt: 1, status: 'succeeded' }]);
  expect(await service(strapi, 'tasks').findOne(task.id)).toMatchObject({ leaseOwner: null });
});

test('Given a backfill batch whose lease was taken over after its first slot, When the take-over expires, Then the rest of the batch runs once each', async () => {
  const { strapi } = app.current;
  const task = await createTask('* * * * *', 'backfill');
  const slots = [SLOT, SLOT + 60_000, SLOT + 120_000];

  const restore = stealLease(({ method, slot }) => method === 'extend' && slot === slots[1]);
  try {
    await service(strapi, 'scheduler').wake({ trigger: 'route', now: slots[2] + 1000 });
  } finally {
    restore();
  }
  expect(await runsOf(task.id)).toEqual([{ slot: slots[0], attempt: 1, status: 'succeeded' }]);

  await service(strapi, 'scheduler').wake({
    trigger: 'route',
    now: slots[2] + 1000 + 2 * LEASE_MS,
  });
  const runs = await runsOf(task.id);
  expect(runs.filter((run) => slots.includes(run.slot as number))).toEqual(
    slots.map((slot) => ({ slot, attempt: 1, status: 'succeeded' }))
  );
});

test('Given this instance running a slot whose lease has expired, When it wakes again meanwhile, Then it renews its own lease rather than interrupt its run and run the slot again', async () => {
  const { strapi } = app.current;
  const task = await createTask('0 9 * * *', 'once', busyFor(3000));
  const scheduler = service(strapi, 'scheduler');

  const first = scheduler.wake({ trigger: 'route', now: SLOT + 1000 });
  await waitFor(async () => ((await runsOf(task.id))[0]?.status === 'running' ? true : undefined));
  // A wake-up whose clock is past the lease's expiry, as when the heartbeat was held up.
  const later = await scheduler.wake({ trigger: 'route', now: SLOT + 1000 + 2 * LEASE_MS });
  expect(later.outcomes.find((outcome) => outcome.taskId === task.id)).toMatchObject({
    outcome: 'lost',
  });
  await first;

  expect(await runsOf(task.id)).toEqual([{ slot: SLOT, attempt: 1, status: 'succeeded' }]);
  expect(await service(strapi, 'tasks').findOne(task.id)).toMatchObject({ leaseOwner: null });
});

test('Given a run going whose lease another instance takes over, When the holder next renews, Then its script is stopped at once and the run is recorded interrupted, saying lease lost', async () => {
  const { strapi } = app.current;
  const task = await createTask(
    '0 9 * * *',
    'once',
    [
      "console.log('started');",
      'const end = Date.now() + 30000;',
      'while (Date.now() < end) {}',
      "console.log('went on to the end');",
    ].join('\n')
  );
  const scheduler = service(strapi, 'scheduler');

  const wake = scheduler.wake({ trigger: 'route', now: SLOT + 1000 });
  const running = await waitFor(async () => {
    const [run] = await service(strapi, 'runs').findForTask(task.id);
    return run?.status === 'running' && JSON.stringify(run.log).includes('started')
      ? run
      : undefined;
  }, 20_000);
  await takeOver(task.id, SLOT + 1000);
  await wake;

  const run = await service(strapi, 'runs').findOne(running.id);
  expect(run).toMatchObject({
    status: 'interrupted',
    error: { name: 'Interrupted', message: expect.stringMatching(/^lease lost: /) },
  });
  expect(JSON.stringify(run?.log)).toContain('started');
  expect(JSON.stringify(run?.log)).not.toContain('went on to the end');
  // The holder let the task be: it is the other instance's now.
  expect(await service(strapi, 'tasks').findOne(task.id)).toMatchObject({
    leaseOwner: 'another-instance',
  });
}, 60_000);
