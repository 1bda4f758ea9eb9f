/**
 * A paused task never runs from a wake-up, whatever the path: its due slot, a pending retry, the
 * slots a holder that died had claimed and not started, another attempt of an interrupted slot,
 * or a claim racing the pause. (Run now, asked for by an editor, still runs it.)
 */
import { UIDS } from '../../../server/src/constants';
import { service } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';
import { disableSeededTasks } from '../../helpers/wakeups';
import { hourlyTask, slot } from './helpers';

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false' });
beforeAll(() => disableSeededTasks(app.current.strapi));
// Each test's clock starts over: the tasks of earlier tests must not be due again.
afterEach(() => disableSeededTasks(app.current.strapi));

const MINUTE = 60_000;
const DEAD = 'dead-host:1:000000';

const wake = (now: number) =>
  service(app.current.strapi, 'scheduler').wake({ trigger: 'route', now });
const runsOf = (taskId: number) => service(app.current.strapi, 'runs').findForTask(taskId);
const taskOf = (taskId: number) => service(app.current.strapi, 'tasks').findOne(taskId);
const setRow = (taskId: number, data: Record<string, unknown>) =>
  app.current.strapi.db.query(UIDS.task).update({ where: { id: taskId }, data });

const PAUSE = { pausedAt: slot(1), pausedReason: 'paused by the test' };

/** The state a holder leaves when it claimed `claimed` and died: its lease expired at `expiresAt`. */
const claimedByDeadHolder = async (taskId: number, claimed: number, expiresAt: number) => {
  const task = await taskOf(taskId);
  await setRow(taskId, {
    leaseOwner: DEAD,
    leaseExpiresAt: expiresAt,
    leaseFence: task.leaseFence + 1,
    leaseSlot: claimed,
    nextRunAt: slot(2),
  });
};

test('Given a paused task whose slot a holder claimed and never started, When a wake-up comes after the lease expired, Then the slot does not run and the lease is freed', async () => {
  const { task } = await hourlyTask(app.current.strapi, 'return 1;');
  await claimedByDeadHolder(task.id, slot(1), slot(1) + MINUTE);
  await setRow(task.id, PAUSE);

  await wake(slot(1) + 2 * MINUTE);

  expect(await runsOf(task.id)).toEqual([]);
  expect(await taskOf(task.id)).toMatchObject({
    leaseOwner: null,
    pausedAt: slot(1),
    nextRunAt: slot(2),
  });
});

test('Given a paused backfill task whose holder claimed several slots and never started them, When a wake-up comes after the lease expired, Then none of them runs', async () => {
  const { task } = await hourlyTask(app.current.strapi, 'return 1;', {
    misfirePolicy: 'backfill',
  });
  await claimedByDeadHolder(task.id, slot(1), slot(3) + MINUTE);
  await setRow(task.id, { ...PAUSE, nextRunAt: slot(4) });

  await wake(slot(3) + 2 * MINUTE);

  expect(await runsOf(task.id)).toEqual([]);
});

test('Given a paused task whose holder died during a run, When a wake-up comes after the lease expired, Then the run is recorded interrupted and the slot is not attempted again', async () => {
  const { strapi } = app.current;
  const { task } = await hourlyTask(strapi, 'return 1;');
  await claimedByDeadHolder(task.id, slot(1), slot(1) + MINUTE);
  await setRow(task.id, PAUSE);
  await service(strapi, 'runs').create({
    taskId: task.id,
    taskName: task.name,
    slot: slot(1),
    attempt: 1,
    trigger: 'route',
    status: 'running',
    dryRun: false,
    startedAt: slot(1),
    instanceId: DEAD,
  });

  await wake(slot(1) + 2 * MINUTE);

  expect((await runsOf(task.id)).map((run) => [run.slot, run.attempt, run.status])).toEqual([
    [slot(1), 1, 'interrupted'],
  ]);
  expect(await taskOf(task.id)).toMatchObject({ leaseOwner: null, pausedAt: slot(1) });
});

test('Given a paused task with a retry pending, When a wake-up comes after the retry is due, Then the retry does not run', async () => {
  const { task } = await hourlyTask(app.current.strapi, 'return 1;', { retries: 2 });
  await setRow(task.id, {
    ...PAUSE,
    nextRunAt: slot(2),
    retryAt: slot(1) + MINUTE,
    retrySlot: slot(1),
    retryAttempt: 2,
  });

  await wake(slot(1) + 2 * MINUTE);

  expect(await runsOf(task.id)).toEqual([]);
});

test('Given a task a wake-up read as due, When it is paused before that wake-up claims its slot, Then the claim fails', async () => {
  const { strapi } = app.current;
  const { task } = await hourlyTask(strapi, 'return 1;');
  const seen = await taskOf(task.id);
  await setRow(task.id, PAUSE);

  const lease = await service(strapi, 'leases').claim({
    taskId: task.id,
    observedFence: seen.leaseFence,
    observedNextRunAt: seen.nextRunAt,
    owner: 'racer',
    now: slot(1),
    leaseMs: MINUTE,
    slot: slot(1),
    nextRunAt: slot(2),
    scheduled: true,
  });

  expect(lease).toBeNull();
  expect(await taskOf(task.id)).toMatchObject({ leaseOwner: null, nextRunAt: slot(1) });
});

test('Given a paused task whose slot has passed, When the built-in timer wakes up, Then it runs nothing and does not arm itself for the task', async () => {
  const { strapi } = app.current;
  const { task } = await hourlyTask(strapi, 'return 1;');
  await setRow(task.id, { ...PAUSE, nextRunAt: Date.now() - MINUTE });

  const result = await service(strapi, 'wakeups').wake({ trigger: 'timer' });

  expect(result).toMatchObject({ ran: 0, nextDueAt: null, nextAttentionAt: null });
  expect(await runsOf(task.id)).toEqual([]);
});
