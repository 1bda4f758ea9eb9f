/**
 * A task's overlap policy (issue 14): what a slot that comes while the task's previous run is
 * still going does. On the real clock with the built-in timer: `skip` (the default) records the
 * slot skipped and says why, `queue` runs one slot as soon as the run ends.
 */
import { createTask, retire, useSlowSite } from '../../helpers/concurrency';
import { service } from '../../helpers/maintenance';
import { waitFor } from '../../helpers/wakeups';

const { app, site } = useSlowSite();

const tasks = () => service(app.current.strapi, 'tasks');
const runsOf = async (taskId: number) =>
  (await service(app.current.strapi, 'runs').findForTask(taskId)).sort(
    (a, b) => (a.slot as number) - (b.slot as number)
  );

describe('the overlap field', () => {
  test('Given a task created without one, When read, Then its policy is skip', async () => {
    const task = await createTask(app.current.strapi, { body: 'return 1;', schedule: '0 3 * * *' });
    expect(task.overlap).toBe('skip');
  });

  test('Given an unknown policy, When a task is saved, Then it is refused naming the policies', async () => {
    const task = await createTask(app.current.strapi, { body: 'return 1;', schedule: '0 3 * * *' });
    await expect(tasks().update(task.id, { overlap: 'later' })).rejects.toMatchObject({
      details: {
        errors: [
          expect.objectContaining({ message: 'overlap must be one of skip, queue, replace' }),
        ],
      },
    });
    await expect(tasks().update(task.id, { overlap: 'queue' })).resolves.toMatchObject({
      overlap: 'queue',
    });
  });

  test('Given a task with a policy, When the site exports, Then the file carries it', async () => {
    const task = await createTask(app.current.strapi, { body: 'return 1;', schedule: '0 3 * * *' });
    await tasks().update(task.id, { overlap: 'queue' });
    const file = await service(app.current.strapi, 'transfer').export();
    expect(file.tasks.find((entry) => entry.name === task.name)).toMatchObject({
      overlap: 'queue',
    });
  });
});

test('Given the skip policy, When slots come while a 5 s run is going, Then each is recorded skipped saying why, and the run goes on', async () => {
  const task = await createTask(app.current.strapi, {
    body: site.slow.waitFor(5000, 'long'),
    schedule: '*/2 * * * * *',
    label: 'skip overlaps',
  });
  const runs = await waitFor(
    async () => {
      const all = await runsOf(task.id);
      const done = all.filter((run) => run.status === 'succeeded');
      return done.length >= 1 && all.some((run) => run.status === 'skipped') ? all : undefined;
    },
    30_000,
    250
  );
  await retire(app.current.strapi, task.id);
  const [first] = runs.filter((run) => run.status === 'succeeded');
  const skipped = runs.filter(
    (run) =>
      run.status === 'skipped' &&
      (run.slot as number) > (first.startedAt as number) &&
      (run.slot as number) < (first.finishedAt as number)
  );
  expect(skipped.length).toBeGreaterThanOrEqual(1);
  for (const run of skipped) {
    expect(run.error?.message).toMatch(/was still going .*; the overlap policy is skip/);
    // Recorded when its slot came, not when the run ended.
    expect((run.startedAt as number) - (run.slot as number)).toBeLessThan(1500);
  }
}, 60_000);

test('Given the queue policy, When slots come while a 5 s run is going, Then one runs as soon as the run ends, and none is skipped', async () => {
  const task = await createTask(app.current.strapi, {
    body: site.slow.waitFor(5000, 'queued'),
    schedule: '*/2 * * * * *',
    label: 'queue overlaps',
  });
  await tasks().update(task.id, { overlap: 'queue' });
  const runs = await waitFor(
    async () => {
      const done = (await runsOf(task.id)).filter((run) => run.finishedAt !== null);
      return done.length >= 2 ? done : undefined;
    },
    40_000,
    250
  );
  await retire(app.current.strapi, task.id);
  const all = await runsOf(task.id);
  expect(all.filter((run) => run.status === 'skipped')).toEqual([]);
  const [first, second] = runs;
  expect(first.status).toBe('succeeded');
  // The queued slot came during the first run, and started right after it.
  expect(second.slot as number).toBeLessThan(first.finishedAt as number);
  expect(second.slot as number).toBeGreaterThan(first.startedAt as number);
  expect((second.startedAt as number) - (first.finishedAt as number)).toBeLessThan(1000);
  // One slot at most waited: the latest of those that came during the run.
  expect((first.finishedAt as number) - (second.slot as number)).toBeLessThanOrEqual(2000);
}, 60_000);

test('Given the replace policy, When a slot comes while a 20 s run is going, Then the run is stopped, recorded replaced, and the slot starts at once', async () => {
  const task = await createTask(app.current.strapi, {
    body: site.slow.waitFor(20_000, 'never'),
    schedule: '*/3 * * * * *',
    label: 'replace overlaps',
  });
  await tasks().update(task.id, { overlap: 'replace' });
  const runs = await waitFor(
    async () => {
      const all = await runsOf(task.id);
      const replaced = all.find((run) => run.status === 'replaced');
      const next = replaced && all.find((run) => (run.slot as number) > (replaced.slot as number));
      return next ? all : undefined;
    },
    30_000,
    250
  );
  // The run going now is the slot's own: nothing replaces it once the task is disabled.
  await retire(app.current.strapi, task.id, 30_000);
  const replaced = runs.find((run) => run.status === 'replaced')!;
  const next = runs.find((run) => (run.slot as number) > (replaced.slot as number))!;
  expect(replaced.error).toEqual({
    name: 'Cancelled',
    message: 'a newer slot of this task replaced the run (overlap policy replace)',
  });
  // Stopped when the next slot came, which then started within a second or two of its slot.
  expect(next.slot).toBe((replaced.slot as number) + 3000);
  expect((replaced.finishedAt as number) - (next.slot as number)).toBeLessThan(2000);
  expect((next.startedAt as number) - (next.slot as number)).toBeLessThan(2500);
  expect(runs.filter((run) => run.status === 'skipped')).toEqual([]);
  const row = await tasks().findOne(task.id);
  expect(row.leaseOwner).toBeNull();
}, 60_000);
