/**
 * Retries within a slot (each attempt its own run, exponential backoff, claimed once across
 * instances), auto-pause after consecutive failed slots, and resume from the admin API.
 */
import { ACTIONS } from '../../../server/src/constants';
import { createAdminAgent } from '../../helpers/admin';
import { startInstance } from '../../helpers/instances';
import { service } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';
import { disableSeededTasks } from '../../helpers/wakeups';
import { hourlyTask, slot } from './helpers';

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false' });
beforeAll(() => disableSeededTasks(app.current.strapi));
// Each test's clock starts over: the tasks of earlier tests must not be due again.
afterEach(() => disableSeededTasks(app.current.strapi));

const BACKOFF = 60_000;
const ALWAYS_FAILS = "throw new Error('it broke');";
const FAILS_FIRST_ATTEMPT =
  "if (ctx.task.attempt === 1) throw new Error('first'); return 'attempt ' + ctx.task.attempt;";

const wake = (now: number) =>
  service(app.current.strapi, 'scheduler').wake({ trigger: 'route', now });
const runsOf = (taskId: number) => service(app.current.strapi, 'runs').findForTask(taskId);
const taskOf = (taskId: number) => service(app.current.strapi, 'tasks').findOne(taskId);

describe('retries', () => {
  test('Given a task with 2 retries whose run fails, When the slot runs, Then a retry is stored for the same slot after the backoff and nothing else runs yet', async () => {
    const { task } = await hourlyTask(app.current.strapi, ALWAYS_FAILS, {
      retries: 2,
      retryBackoffMs: BACKOFF,
    });
    await wake(slot(1));
    await wake(slot(1) + BACKOFF - 1);
    expect(await runsOf(task.id)).toHaveLength(1);
    expect(await taskOf(task.id)).toMatchObject({
      retryAt: slot(1) + BACKOFF,
      retrySlot: slot(1),
      retryAttempt: 2,
      consecutiveFailedSlots: 0,
    });
  });

  test('Given a pending retry, When a wake-up comes after its delay, Then the next attempt runs as its own run record, and the delay doubles', async () => {
    const { task } = await hourlyTask(app.current.strapi, ALWAYS_FAILS, {
      retries: 2,
      retryBackoffMs: BACKOFF,
    });
    await wake(slot(1));
    await wake(slot(1) + BACKOFF);
    const runs = await runsOf(task.id);
    expect(runs.map((run) => [run.slot, run.attempt, run.trigger, run.status])).toEqual([
      [slot(1), 1, 'route', 'failed'],
      [slot(1), 2, 'retry', 'failed'],
    ]);
    expect(await taskOf(task.id)).toMatchObject({
      retryAt: slot(1) + BACKOFF + 2 * BACKOFF,
      retryAttempt: 3,
    });
  });

  test('Given every attempt fails, When the retries are used up, Then the slot counts as one failed slot and no retry is left', async () => {
    const { task } = await hourlyTask(app.current.strapi, ALWAYS_FAILS, {
      retries: 2,
      retryBackoffMs: BACKOFF,
    });
    await wake(slot(1));
    await wake(slot(1) + BACKOFF);
    await wake(slot(1) + 3 * BACKOFF);
    expect((await runsOf(task.id)).map((run) => run.attempt)).toEqual([1, 2, 3]);
    expect(await taskOf(task.id)).toMatchObject({
      retryAt: null,
      retrySlot: null,
      consecutiveFailedSlots: 1,
      lastStatus: 'failed',
    });
  });

  test('Given a retry that succeeds, Then the slot is not counted as failed', async () => {
    const { task } = await hourlyTask(app.current.strapi, FAILS_FIRST_ATTEMPT, {
      retries: 1,
      retryBackoffMs: BACKOFF,
    });
    await wake(slot(1));
    await wake(slot(1) + BACKOFF);
    expect((await runsOf(task.id)).map((run) => run.status)).toEqual(['failed', 'succeeded']);
    expect(await taskOf(task.id)).toMatchObject({ consecutiveFailedSlots: 0, retryAt: null });
  });

  test('Given a retry still pending, When the next slot comes first, Then the slot runs and the abandoned slot counts as failed', async () => {
    const HALF_HOUR = 1_800_000;
    const { task } = await hourlyTask(app.current.strapi, ALWAYS_FAILS, {
      schedule: '*/30 * * * *',
      retries: 1,
      retryBackoffMs: 45 * 60_000,
    });
    await wake(slot(1));
    await wake(slot(1) + HALF_HOUR);
    const runs = await runsOf(task.id);
    expect(runs.map((run) => [run.slot, run.attempt])).toEqual([
      [slot(1), 1],
      [slot(1) + HALF_HOUR, 1],
    ]);
    expect(await taskOf(task.id)).toMatchObject({
      consecutiveFailedSlots: 1,
      retrySlot: slot(1) + HALF_HOUR,
    });
  });

  test('Given two instances waking at once, When a retry is due, Then it runs once', async () => {
    const { task } = await hourlyTask(app.current.strapi, ALWAYS_FAILS, {
      retries: 1,
      retryBackoffMs: BACKOFF,
    });
    await wake(slot(1));
    const other = await startInstance();
    try {
      const theirs = other.request({ type: 'wake', now: slot(1) + BACKOFF }, 'woke');
      await wake(slot(1) + BACKOFF);
      await theirs;
    } finally {
      await other.stop();
    }
    expect((await runsOf(task.id)).map((run) => run.attempt)).toEqual([1, 2]);
  }, 120_000);
});

describe('auto-pause', () => {
  test('Given a task that pauses after 3 failed slots, When its third slot fails, Then it pauses itself and says why', async () => {
    const { task } = await hourlyTask(app.current.strapi, ALWAYS_FAILS, { autoPauseAfter: 3 });
    for (const n of [1, 2, 3]) await wake(slot(n));
    const after = await taskOf(task.id);
    expect(after).toMatchObject({ enabled: true, pausedAt: slot(3), consecutiveFailedSlots: 3 });
    expect(after.pausedReason).toMatch(
      /paused after 3 consecutive failed slots; last: failed \(.*it broke/
    );
  });

  test('Given a paused task, When its next slots come, Then it does not run', async () => {
    const { task } = await hourlyTask(app.current.strapi, ALWAYS_FAILS, { autoPauseAfter: 1 });
    await wake(slot(1));
    await wake(slot(2));
    await wake(slot(5));
    expect(await runsOf(task.id)).toHaveLength(1);
  });

  test('Given retries, Then failed attempts of one slot count as one failed slot towards the pause', async () => {
    const { task } = await hourlyTask(app.current.strapi, ALWAYS_FAILS, {
      autoPauseAfter: 2,
      retries: 2,
      retryBackoffMs: BACKOFF,
    });
    await wake(slot(1));
    await wake(slot(1) + BACKOFF);
    await wake(slot(1) + 3 * BACKOFF);
    expect(await taskOf(task.id)).toMatchObject({ pausedAt: null, consecutiveFailedSlots: 1 });
  });

  test('Given autoPauseAfter 0, Then the task never pauses', async () => {
    const { task } = await hourlyTask(app.current.strapi, ALWAYS_FAILS, { autoPauseAfter: 0 });
    for (const n of [1, 2, 3, 4, 5, 6]) await wake(slot(n));
    expect(await taskOf(task.id)).toMatchObject({ pausedAt: null, consecutiveFailedSlots: 6 });
  });

  test('Given a paused task, When an admin resumes it through the admin API, Then the pause and the count are cleared', async () => {
    const { strapi } = app.current;
    const { task } = await hourlyTask(strapi, ALWAYS_FAILS, { autoPauseAfter: 1 });
    await wake(slot(1));
    const admin = await createAdminAgent(strapi, [ACTIONS.manageTasks], 'resumer');
    const response = await admin.request('post', `/maintenance/tasks/${task.id}/resume`);
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({
      pausedAt: null,
      pausedReason: null,
      consecutiveFailedSlots: 0,
    });
  });

  test('Given a paused task, When it is resumed, Then it runs on its next slot again', async () => {
    const { strapi } = app.current;
    const { task } = await hourlyTask(strapi, ALWAYS_FAILS, { autoPauseAfter: 1 });
    await wake(slot(1));
    const resumed = await service(strapi, 'tasks').resume(task.id, { now: slot(3) + 1000 });
    expect(resumed.nextRunAt).toBe(slot(4));
    await wake(slot(4));
    expect((await runsOf(task.id)).map((run) => run.slot)).toEqual([slot(1), slot(4)]);
  });

  test('Given the admin API, When pausedAt is sent in an update, Then it answers 400 and the pause cannot be forged', async () => {
    const { strapi } = app.current;
    const { task } = await hourlyTask(strapi, 'return 1;');
    const admin = await createAdminAgent(strapi, [ACTIONS.manageTasks], 'forger');
    const response = await admin
      .request('put', `/maintenance/tasks/${task.id}`)
      .send({ pausedAt: 1 });
    expect(response.status).toBe(400);
  });
});
