/**
 * The command line on each database (issue 17): `list`, `run` and `wake` in a process of their own
 * that boots the site without its HTTP server, with exit codes a scheduler understands.
 */
import { service, uniqueName } from '../../helpers/maintenance';
import { createDueTask, disableSeededTasks } from '../../helpers/wakeups';
import { cli, useSite } from './helpers';

const site = useSite();
let ok: { id: number; name: string };
let broken: { id: number; name: string };

beforeAll(async () => {
  const { strapi } = site.current;
  await disableSeededTasks(strapi);
  const scripts = service(strapi, 'scripts');
  const tasks = service(strapi, 'tasks');
  const fine = await scripts.create({
    name: uniqueName('fine'),
    body: "console.log(ctx.dryRun ? 'would tidy' : 'tidied'); return { dryRun: ctx.dryRun };",
  });
  const failing = await scripts.create({
    name: uniqueName('failing'),
    body: "throw new Error('disk full');",
  });
  const daily = { schedule: '0 3 * * *', timezone: 'UTC', enabled: false };
  ok = await tasks.create({ ...daily, name: uniqueName('tidy'), script: fine.id });
  broken = await tasks.create({ ...daily, name: uniqueName('broken'), script: failing.id });
}, 60_000);

const runsOf = (taskId: number) => service(site.current.strapi, 'runs').findForTask(taskId);

test('Given tasks, When `list --json` runs, Then it prints every task with its schedule, next run and last status, and exits 0', async () => {
  const result = await cli(['list', '--json']);
  expect(result.code).toBe(0);
  const { tasks, hold } = result.json<{
    tasks: Array<Record<string, unknown>>;
    hold: { held: boolean };
  }>();
  expect(hold.held).toBe(false);
  expect(tasks).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        id: ok.id,
        name: ok.name,
        schedule: '0 3 * * *',
        timezone: 'UTC',
        enabled: false,
        lastStatus: null,
      }),
    ])
  );
}, 120_000);

test('Given a task named on the command line, When `run <name>` runs, Then it runs once, prints its log and exits 0', async () => {
  const result = await cli(['run', ok.name]);
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/: succeeded in \d+ ms/);
  expect(result.stdout).toContain('tidied');
  expect((await runsOf(ok.id)).map((run) => [run.status, run.trigger, run.dryRun])).toEqual([
    ['succeeded', 'manual', false],
  ]);
}, 120_000);

test('Given a failing task, When `run <id> --json` runs, Then it exits 1 with the error in the run', async () => {
  const result = await cli(['run', String(broken.id), '--json']);
  expect(result.code).toBe(1);
  expect(result.json<{ run: Record<string, unknown> }>().run).toMatchObject({
    taskId: broken.id,
    status: 'failed',
    error: { message: expect.stringContaining('disk full') },
  });
}, 120_000);

test('Given a due task and the public route disabled, When `wake --json` runs, Then it runs what is due as the route would and exits 0', async () => {
  const { strapi } = site.current;
  const { task } = await createDueTask(strapi, { name: uniqueName('due') });
  // A CronJob calling the command line needs no route at all.
  await service(strapi, 'settings').update({ triggerMode: 'disabled' });
  try {
    const result = await cli(['wake', '--json']);
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({
      held: false,
      ran: 1,
      failed: 0,
      outcomes: [{ taskId: task.id, outcome: 'succeeded' }],
    });
    expect((await runsOf(task.id)).map((run) => run.trigger)).toEqual(['catch-up']);
  } finally {
    await service(strapi, 'tasks').setEnabled(task.id, false);
    await service(strapi, 'settings').update({ triggerMode: null });
  }
}, 120_000);
