/**
 * PloneMaintenance's semantics (shared/seeds), made exact, with a controllable clock: every call
 * passes `now`, so each test decides what time it is.
 */
import { at, createScript, service, uniqueName } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false' });

const tasks = () => service(app.current.strapi, 'tasks');
const scheduler = () => service(app.current.strapi, 'scheduler');
const runsOf = (taskId: number) => service(app.current.strapi, 'runs').findForTask(taskId);

const CREATED = at('2027-03-01T10:20:00Z');
const HOURLY = '0 * * * *';

const createTask = async (overrides: Record<string, unknown> = {}, now = CREATED) => {
  const script = await createScript(app.current.strapi);
  return tasks().create(
    {
      name: uniqueName('task'),
      script: script.id,
      schedule: HOURLY,
      timezone: 'UTC',
      ...overrides,
    },
    { now }
  );
};

/** Wakes the plugin as the public route would, at `now`; returns this task's outcomes. */
const wake = async (now: number, taskId: number) =>
  (await scheduler().wake({ trigger: 'route', now })).outcomes.filter((o) => o.taskId === taskId);

describe('when a task is created', () => {
  test('Given a new task, Then its reference time is stored and it is not run', async () => {
    const task = await createTask();
    expect(task.referenceAt).toBe(CREATED);
    expect(await runsOf(task.id)).toEqual([]);
  });

  test('Given a new task, Then its first slot is the first one after creation', async () => {
    const task = await createTask();
    expect(task.nextRunAt).toBe(at('2027-03-01T11:00:00Z'));
  });

  test('Given a task created exactly on a slot, Then that slot is not its first', async () => {
    const task = await createTask({}, at('2027-03-01T11:00:00Z'));
    expect(task.nextRunAt).toBe(at('2027-03-01T12:00:00Z'));
  });
});

describe('a wake-up', () => {
  test('Given a task whose slot has not come, When the plugin wakes, Then nothing runs', async () => {
    const task = await createTask();
    expect(await wake(at('2027-03-01T10:59:59Z'), task.id)).toEqual([]);
    expect(await runsOf(task.id)).toEqual([]);
  });

  test('Given a task whose slot has come, When the plugin wakes, Then its script runs once for that slot', async () => {
    const task = await createTask({ params: { keepDays: 30 } });
    const outcomes = await wake(at('2027-03-01T11:00:05Z'), task.id);
    expect(outcomes).toEqual([
      expect.objectContaining({ outcome: 'succeeded', slot: at('2027-03-01T11:00:00Z') }),
    ]);
    const [run] = await runsOf(task.id);
    expect(run).toMatchObject({
      status: 'succeeded',
      trigger: 'route',
      attempt: 1,
      slot: at('2027-03-01T11:00:00Z'),
      driftMs: 5000,
      result: { ok: true, params: { keepDays: 30 } },
    });
  });

  test('Given a slot that just ran, When the plugin wakes again right away, Then nothing runs', async () => {
    const task = await createTask();
    await wake(at('2027-03-01T11:00:05Z'), task.id);
    expect(await wake(at('2027-03-01T11:00:06Z'), task.id)).toEqual([]);
    expect(await runsOf(task.id)).toHaveLength(1);
  });

  test('Given a run that took long, Then the next slot comes from the slot, not from when the run finished', async () => {
    const task = await createTask();
    await wake(at('2027-03-01T11:59:00Z'), task.id);
    expect((await tasks().findOne(task.id)).nextRunAt).toBe(at('2027-03-01T12:00:00Z'));
  });

  test('Given a run, Then the task records its last run, status and count', async () => {
    const task = await createTask();
    await wake(at('2027-03-01T11:00:01Z'), task.id);
    expect(await tasks().findOne(task.id)).toMatchObject({
      lastRunAt: at('2027-03-01T11:00:01Z'),
      lastStatus: 'succeeded',
      runCount: 1,
      consecutiveFailures: 0,
      leaseOwner: null,
    });
  });

  test('Given a script that throws, Then the run is failed with the error and the failure is counted', async () => {
    const script = await service(app.current.strapi, 'scripts').create({
      name: uniqueName('thrower'),
      body: "const x = 1;\nthrow new Error('disk full');",
    });
    const task = await tasks().create(
      { name: uniqueName('task'), script: script.id, schedule: HOURLY, timezone: 'UTC' },
      { now: CREATED }
    );
    await wake(at('2027-03-01T11:00:00Z'), task.id);
    const [run] = await runsOf(task.id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ message: 'disk full', line: 2 });
    expect((await tasks().findOne(task.id)).consecutiveFailures).toBe(1);
  });
});

describe('run now', () => {
  test('Given a task, When it is run now, Then a manual run is recorded and the schedule does not move', async () => {
    const task = await createTask();
    const run = await scheduler().runNow(task.id, {
      now: at('2027-03-01T10:30:00Z'),
      requestedBy: 7,
    });
    expect(run).toMatchObject({
      trigger: 'manual',
      slot: null,
      status: 'succeeded',
      requestedBy: 7,
    });
    const after = await tasks().findOne(task.id);
    expect(after.nextRunAt).toBe(task.nextRunAt);
    expect(after.runCount).toBe(0);
  });
});

describe('disabling and enabling', () => {
  test('Given a disabled task, When its slot comes, Then it does not run', async () => {
    const task = await createTask({ enabled: false });
    expect(await wake(at('2027-03-01T11:00:00Z'), task.id)).toEqual([]);
  });

  test('Given a task re-enabled after missing slots, When the plugin wakes, Then the missed slots are not replayed', async () => {
    const task = await createTask();
    await tasks().setEnabled(task.id, false, { now: at('2027-03-01T10:30:00Z') });
    await tasks().setEnabled(task.id, true, { now: at('2027-03-01T14:30:00Z') });
    expect(await wake(at('2027-03-01T14:30:01Z'), task.id)).toEqual([]);
    expect((await tasks().findOne(task.id)).nextRunAt).toBe(at('2027-03-01T15:00:00Z'));
  });

  test('Given a backfill task re-enabled after missing slots, When the plugin wakes, Then each missed slot runs in order', async () => {
    const task = await createTask({ misfirePolicy: 'backfill' });
    await tasks().setEnabled(task.id, false, { now: at('2027-03-01T10:30:00Z') });
    await tasks().setEnabled(task.id, true, { now: at('2027-03-01T13:30:00Z') });
    await wake(at('2027-03-01T13:30:01Z'), task.id);
    expect((await runsOf(task.id)).map((run) => run.slot)).toEqual([
      at('2027-03-01T11:00:00Z'),
      at('2027-03-01T12:00:00Z'),
      at('2027-03-01T13:00:00Z'),
    ]);
  });
});

describe('misfire policies for late wake-ups', () => {
  test('Given the once policy and three missed slots, When the plugin wakes, Then it runs once and goes on from now', async () => {
    const task = await createTask();
    const outcomes = await wake(at('2027-03-01T13:30:00Z'), task.id);
    expect(outcomes).toHaveLength(1);
    expect((await runsOf(task.id))[0]).toMatchObject({
      trigger: 'catch-up',
      slot: at('2027-03-01T13:00:00Z'),
    });
    expect((await tasks().findOne(task.id)).nextRunAt).toBe(at('2027-03-01T14:00:00Z'));
  });

  test('Given the skip policy and a wake-up beyond the threshold, Then a skipped run is recorded and nothing runs', async () => {
    const task = await createTask({ misfirePolicy: 'skip' });
    await wake(at('2027-03-01T11:05:00Z'), task.id);
    const [run] = await runsOf(task.id);
    expect(run).toMatchObject({ status: 'skipped', slot: at('2027-03-01T11:00:00Z') });
    expect((await tasks().findOne(task.id)).nextRunAt).toBe(at('2027-03-01T12:00:00Z'));
  });

  test('Given the skip policy and a wake-up within the threshold, Then the slot runs', async () => {
    const task = await createTask({ misfirePolicy: 'skip' });
    await wake(at('2027-03-01T11:00:30Z'), task.id);
    expect((await runsOf(task.id))[0].status).toBe('succeeded');
  });

  test('Given the backfill policy and missed slots, Then each runs in order, never one from before the task existed', async () => {
    const task = await createTask({ misfirePolicy: 'backfill' });
    await wake(at('2027-03-01T12:10:00Z'), task.id);
    expect((await runsOf(task.id)).map((run) => run.slot)).toEqual([
      at('2027-03-01T11:00:00Z'),
      at('2027-03-01T12:00:00Z'),
    ]);
  });
});

describe('active window and maximum runs', () => {
  test('Given a task with a maximum of two runs, When three slots pass, Then it runs twice and has no next slot', async () => {
    const task = await createTask({ maxRuns: 2 });
    for (const hour of ['11', '12', '13']) await wake(at(`2027-03-01T${hour}:00:00Z`), task.id);
    expect(await runsOf(task.id)).toHaveLength(2);
    expect((await tasks().findOne(task.id)).nextRunAt).toBeNull();
  });

  test('Given a window that starts later, Then the first slot is the first one inside it', async () => {
    const task = await createTask({ startAt: '2027-03-02T00:30:00Z' });
    expect(task.nextRunAt).toBe(at('2027-03-02T01:00:00Z'));
  });

  test('Given a window that has ended, When the plugin wakes, Then the task has no slot left', async () => {
    const task = await createTask({ endAt: '2027-03-01T11:30:00Z' });
    await wake(at('2027-03-01T11:00:00Z'), task.id);
    expect((await tasks().findOne(task.id)).nextRunAt).toBeNull();
  });
});
