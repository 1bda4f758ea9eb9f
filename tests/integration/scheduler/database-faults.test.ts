/**
 * The run path when the database fails it (issue 15). Found by the soak: a PostgreSQL restart in
 * the middle of runs lost the records of runs that had finished (their final write failed, and the
 * lease was released or left to expire: the slot then ran again as `interrupted`, or its run stayed
 * `running` for ever), and dropped slots whose run could not be created (the claim had already
 * moved the schedule on). The database's failures are injected here at the plugin's own services,
 * on a real Strapi and a real database; tests/soak/faults.test.ts restarts real servers.
 */
import { service, uniqueName } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';
import { createDueTask, waitFor } from '../../helpers/wakeups';

const LEASE_MS = 2000;

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false', MAINTENANCE_LEASE_MS: String(LEASE_MS) });
/** What the database says while it is away. */
const outage = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1'), { code: 'ECONNREFUSED' });

/** Replaces one method of a plugin service until the returned function puts it back. */
const replace = <S extends object, K extends keyof S>(target: S, key: K, stand: S[K]) => {
  const original = target[key];
  target[key] = stand;
  return () => {
    target[key] = original;
  };
};

const runsOf = (taskId: number) => service(app.current.strapi, 'runs').findForTask(taskId);
const taskRow = (taskId: number) => service(app.current.strapi, 'tasks').findOne(taskId);

test('Given the database away from the moment a run finishes until after its lease has run out, When it is back, Then the holder renews its lease and stores the record whole, and the slot has run once', async () => {
  const { strapi } = app.current;
  const { task, slot } = await createDueTask(strapi, {
    body: "console.log('hello'); return 'done';",
  });
  const runs = service(strapi, 'runs');
  const leases = service(strapi, 'leases');
  const finish = runs.finish.bind(runs);
  const extend = leases.extend.bind(leases);
  let away = false;
  let refused = 0;
  const restoreRuns = replace(runs, 'finish', async (...args: Parameters<typeof finish>) => {
    // The database goes away as the run ends: its record and every renewal fail.
    away ||= refused === 0;
    if (away) {
      refused += 1;
      throw outage();
    }
    return finish(...args);
  });
  const restoreLeases = replace(leases, 'extend', async (...args: Parameters<typeof extend>) => {
    if (away) throw outage();
    return extend(...args);
  });
  let summary;
  try {
    const woken = service(strapi, 'scheduler').wake({ trigger: 'route' });
    await waitFor(async () => (refused > 0 ? true : undefined), LEASE_MS * 10);
    const expiresAt = (await taskRow(task.id)).leaseExpiresAt as number;
    await waitFor(
      async () => (Date.now() > expiresAt + LEASE_MS ? true : undefined),
      LEASE_MS * 10
    );
    away = false;
    summary = await woken;
  } finally {
    restoreRuns();
    restoreLeases();
  }
  expect(refused).toBeGreaterThanOrEqual(2);
  expect(summary.outcomes.find((outcome) => outcome.taskId === task.id)).toMatchObject({
    outcome: 'succeeded',
  });
  const recorded = await runsOf(task.id);
  expect(recorded).toEqual([
    expect.objectContaining({ slot, attempt: 1, status: 'succeeded', result: 'done' }),
  ]);
  expect(JSON.stringify(recorded[0].log)).toContain('hello');
  expect(await taskRow(task.id)).toMatchObject({ leaseOwner: null, lastStatus: 'succeeded' });
}, 120_000);

test('Given the database call storing a finished run that never answers, When its bound passes, Then the holder tries again and the record is stored', async () => {
  const { strapi } = app.current;
  const { task, slot } = await createDueTask(strapi, { body: "return 'stored';" });
  const runs = service(strapi, 'runs');
  const finish = runs.finish.bind(runs);
  let calls = 0;
  const restore = replace(runs, 'finish', async (...args: Parameters<typeof finish>) => {
    calls += 1;
    // The first attempt hangs, as a query on a connection that died without a word would.
    if (calls === 1) return new Promise<boolean>(() => undefined);
    return finish(...args);
  });
  let summary;
  try {
    summary = await service(strapi, 'scheduler').wake({ trigger: 'route' });
  } finally {
    restore();
  }
  expect(calls).toBeGreaterThanOrEqual(2);
  expect(summary.outcomes.find((outcome) => outcome.taskId === task.id)).toMatchObject({
    outcome: 'succeeded',
  });
  expect(await runsOf(task.id)).toEqual([
    expect.objectContaining({ slot, status: 'succeeded', result: 'stored' }),
  ]);
  expect((await taskRow(task.id)).leaseOwner).toBeNull();
}, 120_000);

test('Given the database failing the run record of a claimed slot for a moment, When it answers again, Then the run starts and the slot runs once', async () => {
  const { strapi } = app.current;
  const { task, slot } = await createDueTask(strapi, { body: "return 'late start';" });
  const runs = service(strapi, 'runs');
  const create = runs.create.bind(runs);
  let failures = 0;
  const restore = replace(runs, 'create', async (...args: Parameters<typeof create>) => {
    failures += 1;
    if (failures <= 2) throw outage();
    return create(...args);
  });
  let summary;
  try {
    summary = await service(strapi, 'scheduler').wake({ trigger: 'route' });
  } finally {
    restore();
  }
  expect(summary.outcomes.find((outcome) => outcome.taskId === task.id)).toMatchObject({
    outcome: 'succeeded',
  });
  expect(await runsOf(task.id)).toEqual([
    expect.objectContaining({ slot, attempt: 1, status: 'succeeded', result: 'late start' }),
  ]);
}, 120_000);

test('Given a run record inserted whose reply was lost, When the holder tries again, Then it finds the row and runs the slot on it, leaving no second row behind', async () => {
  const { strapi } = app.current;
  const { task, slot } = await createDueTask(strapi, { body: "return 'one row';" });
  const runs = service(strapi, 'runs');
  const create = runs.create.bind(runs);
  let calls = 0;
  const restore = replace(runs, 'create', async (...args: Parameters<typeof create>) => {
    calls += 1;
    const created = await create(...args);
    // The connection dies after the insert was committed, before its reply arrives.
    if (calls === 1) throw outage();
    return created;
  });
  try {
    await service(strapi, 'scheduler').wake({ trigger: 'route' });
  } finally {
    restore();
  }
  expect(calls).toBe(1);
  expect(await runsOf(task.id)).toEqual([
    expect.objectContaining({ slot, attempt: 1, status: 'succeeded', result: 'one row' }),
  ]);
}, 120_000);

test('Given the database failing the run record of a claimed slot for longer than a run waits to start, When the slot cannot start, Then its lease is given up and the slot is recovered and run once rather than dropped', async () => {
  const { strapi } = app.current;
  const { task, slot } = await createDueTask(strapi, { body: "return 'recovered';" });
  const runs = service(strapi, 'runs');
  const restore = replace(runs, 'create', async () => {
    throw outage();
  });
  let first;
  try {
    first = await service(strapi, 'scheduler').wake({ trigger: 'route' });
  } finally {
    restore();
  }
  expect(first.outcomes.find((outcome) => outcome.taskId === task.id)).toMatchObject({
    outcome: 'lost',
  });
  // The claim moved the schedule past the slot; the lease still names it, and has expired.
  const given = await taskRow(task.id);
  expect(given).toMatchObject({ leaseSlot: slot, leaseOwner: expect.any(String) });
  expect(given.nextRunAt).toBeGreaterThan(slot);

  // When this instance wakes again once it has had the database back for a renewal period
  const recovered = await waitFor(async () => {
    await service(strapi, 'scheduler').wake({ trigger: 'route' });
    const recorded = await runsOf(task.id);
    return recorded.length > 0 ? recorded : undefined;
  }, LEASE_MS * 10);
  expect(recovered).toEqual([
    expect.objectContaining({ slot, attempt: 1, status: 'succeeded', result: 'recovered' }),
  ]);
  expect((await taskRow(task.id)).leaseOwner).toBeNull();
}, 120_000);

test('Given a sandbox that never answers, When the run outlives its wall-clock limit plus grace, Then it is recorded timed out, its script told to stop and its lease released', async () => {
  const { strapi } = app.current;
  const script = await service(strapi, 'scripts').create({
    name: uniqueName('hangs'),
    body: 'return 1;',
  });
  const task = await service(strapi, 'tasks').create({
    name: uniqueName('hangs'),
    script: script.id,
    schedule: '0 0 1 1 *',
    timezone: 'UTC',
    wallTimeLimitMs: 10,
  });
  const executor = service(strapi, 'executor');
  let told: AbortSignal | undefined;
  const restore = replace(executor, 'execute', ({ signal }) => {
    told = signal;
    return new Promise<never>(() => undefined);
  });
  let run;
  try {
    run = await service(strapi, 'scheduler').runNow(task.id);
  } finally {
    restore();
  }
  expect(run).toMatchObject({
    status: 'timed-out',
    error: expect.objectContaining({ message: expect.stringContaining('wall-time limit') }),
  });
  expect(await runsOf(task.id)).toEqual([expect.objectContaining({ status: 'timed-out' })]);
  expect((await taskRow(task.id)).leaseOwner).toBeNull();
  // So that the script cannot go on once another instance may run the task.
  expect(told?.aborted).toBe(true);
  expect(String(told?.reason)).toContain('did not end within');
}, 120_000);

test('Given a run left running while nobody holds its task, When the orphans are swept, Then it is recorded interrupted', async () => {
  const { strapi } = app.current;
  const { task, slot } = await createDueTask(strapi);
  const orphan = await service(strapi, 'runs').create({
    taskId: task.id,
    taskName: task.name,
    slot,
    attempt: 1,
    trigger: 'route',
    status: 'running',
    startedAt: Date.now(),
    instanceId: 'gone:1:000000',
  });
  await service(strapi, 'scheduler').sweepOrphans();
  expect(await service(strapi, 'runs').findOne(orphan.id)).toMatchObject({
    status: 'interrupted',
    error: expect.objectContaining({ message: expect.stringContaining('nobody held its task') }),
  });
});
