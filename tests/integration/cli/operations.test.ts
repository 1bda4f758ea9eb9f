/**
 * The command line's other commands (issue 17): dry runs, bad arguments, the maintenance hold,
 * the runs list, unlocking a lease, export and import. Each call boots the site in a process of
 * its own; the site is seeded once.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UIDS } from '../../../server/src/constants';
import { service, uniqueName } from '../../helpers/maintenance';
import { disableSeededTasks } from '../../helpers/wakeups';
import { cli, useSite } from './helpers';

const site = useSite();
const dir = mkdtempSync(path.join(os.tmpdir(), 'maintenance-cli-'));
let task: { id: number; name: string };
let failing: { id: number; name: string };

beforeAll(async () => {
  const { strapi } = site.current;
  await disableSeededTasks(strapi);
  const scripts = service(strapi, 'scripts');
  const tasks = service(strapi, 'tasks');
  const daily = { schedule: '0 3 * * *', timezone: 'UTC', enabled: false };
  const body = "console.log(ctx.dryRun ? 'would delete 3' : 'deleted 3'); return 3;";
  task = await tasks.create({
    ...daily,
    name: uniqueName('purge'),
    script: (await scripts.create({ name: uniqueName('purge'), body })).id,
  });
  const broken = await scripts.create({
    name: uniqueName('broken'),
    body: "throw new Error('no');",
  });
  failing = await tasks.create({ ...daily, name: uniqueName('broken'), script: broken.id });
  // Two runs to list: one succeeded, one failed.
  await service(strapi, 'scheduler').runNow(task.id);
  await service(strapi, 'scheduler').runNow(failing.id);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const runsOf = (taskId: number) => service(site.current.strapi, 'runs').findForTask(taskId);
const setTask = (id: number, data: Record<string, unknown>) =>
  site.current.strapi.db.query(UIDS.task).update({ where: { id }, data });

describe('bad arguments', () => {
  test('Given an unknown command, When it runs, Then it exits 2 with the usage on stderr, without booting the site', async () => {
    const result = await cli(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('unknown command "frobnicate"');
    expect(result.stderr).toContain('Usage: npx strapi-maintenance <command>');
  });

  test('Given an unknown flag, When it runs, Then it exits 2 naming the flag and the command’s usage', async () => {
    const result = await cli(['wake', '--force']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown flag --force for "wake"');
    expect(result.stderr).toContain('  wake\n');
  });

  test('Given a task that does not exist, When `run` names it, Then it exits 3 saying so', async () => {
    const result = await cli(['run', 'no such task', '--json']);
    expect(result.code).toBe(3);
    expect(result.json()).toEqual({ error: { message: 'no task named "no such task"' } });
  }, 120_000);
});

test('Given `run --dry-run`, When it runs, Then the script runs with ctx.dryRun, the run is recorded as a dry run, and it says what it would do', async () => {
  const before = (await runsOf(task.id)).length;
  const result = await cli(['run', String(task.id), '--dry-run']);
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('(dry run: nothing changed)');
  expect(result.stdout).toContain('would delete 3');
  const runs = await runsOf(task.id);
  expect(runs).toHaveLength(before + 1);
  const latest = [...runs].sort((a, b) => b.id - a.id)[0];
  expect(latest).toMatchObject({ dryRun: true, status: 'succeeded', trigger: 'manual' });
}, 120_000);

test('Given `pause --reason`, When it runs, Then the hold is on with the command line as who and the reason; When `resume` runs, Then it is lifted', async () => {
  const paused = await cli(['pause', '--reason', 'restore from backup', '--json']);
  expect(paused.code).toBe(0);
  expect(paused.json()).toMatchObject({
    hold: {
      held: true,
      reason: 'restore from backup',
      by: { id: null, name: expect.stringMatching(/^command line \(/) },
    },
  });
  expect((await service(site.current.strapi, 'hold').refresh()).held).toBe(true);

  const woke = await cli(['wake', '--json']);
  expect(woke.code).toBe(0);
  expect(woke.json()).toMatchObject({ held: true, ran: 0 });

  const resumed = await cli(['resume']);
  expect(resumed.code).toBe(0);
  expect(resumed.stdout).toContain('maintenance resumed');
  expect((await service(site.current.strapi, 'hold').refresh()).held).toBe(false);
}, 240_000);

test('Given runs of several tasks, When `runs --failed --task <id> --since 1d --json` runs, Then only that task’s failed runs come', async () => {
  const result = await cli([
    'runs',
    '--failed',
    '--task',
    String(failing.id),
    '--since',
    '1d',
    '--json',
  ]);
  expect(result.code).toBe(0);
  const { runs } = result.json<{ runs: Array<Record<string, unknown>> }>();
  expect(runs.length).toBeGreaterThanOrEqual(1);
  expect(runs.every((run) => run.taskId === failing.id && run.status === 'failed')).toBe(true);
}, 120_000);

test('Given a bad --since, When `runs` runs, Then it exits 3 saying what --since takes', async () => {
  const result = await cli(['runs', '--since', 'yesterday']);
  expect(result.code).toBe(3);
  expect(result.stderr).toContain('--since must be an ISO 8601 date or a duration');
}, 120_000);

describe('unlock', () => {
  test('Given a lease whose holder is alive, When `unlock` runs, Then it refuses with exit 3 and the lease stays', async () => {
    const { leaseFence } = await service(site.current.strapi, 'tasks').findOne(task.id);
    await setTask(task.id, {
      leaseOwner: 'web-9:1:alive',
      leaseExpiresAt: Date.now() + 600_000,
      leaseFence: leaseFence + 1,
    });
    try {
      const result = await cli(['unlock', String(task.id)]);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain('is held by web-9:1:alive, which is alive');
      expect((await service(site.current.strapi, 'tasks').findOne(task.id)).leaseOwner).toBe(
        'web-9:1:alive'
      );
    } finally {
      await setTask(task.id, { leaseOwner: null, leaseExpiresAt: null });
    }
  }, 120_000);

  test('Given a lease whose holder died during a run, When `unlock` runs, Then the run is recorded interrupted and the lease released', async () => {
    const { strapi } = site.current;
    const { leaseFence } = await service(strapi, 'tasks').findOne(failing.id);
    const dead = 'web-9:2:dead';
    await setTask(failing.id, {
      leaseOwner: dead,
      leaseExpiresAt: Date.now() - 60_000,
      leaseFence: leaseFence + 1,
      leaseSlot: null,
    });
    const run = await service(strapi, 'runs').create({
      taskId: failing.id,
      taskName: failing.name,
      slot: null,
      attempt: 1,
      trigger: 'manual',
      status: 'running',
      dryRun: false,
      startedAt: Date.now() - 120_000,
      instanceId: dead,
    });

    const result = await cli(['unlock', failing.name, '--json']);

    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({
      taskId: failing.id,
      unlocked: true,
      previousHolder: dead,
    });
    expect((await service(strapi, 'tasks').findOne(failing.id)).leaseOwner).toBeNull();
    expect((await service(strapi, 'runs').findOne(run.id))?.status).toBe('interrupted');
  }, 120_000);
});

describe('export and import', () => {
  test('Given `export --out`, When it runs, Then the file is the signed export the admin gives; When `import --dry-run` reads it back, Then nothing changes', async () => {
    const file = path.join(dir, 'export.json');
    const exported = await cli(['export', '--out', file]);
    expect(exported.code).toBe(0);
    const content = JSON.parse(readFileSync(file, 'utf8'));
    expect(content).toMatchObject({ format: expect.any(String), signature: expect.any(String) });
    expect(content.tasks.map((entry: { name: string }) => entry.name)).toContain(task.name);

    const preview = await cli(['import', file, '--dry-run', '--json']);
    expect(preview.code).toBe(0);
    expect(preview.json()).toMatchObject({
      dryRun: true,
      plan: { valid: true, summary: { create: 0, invalid: 0 } },
    });
  }, 240_000);

  test('Given an export file changed by hand, When `import` reads it, Then it is refused like the admin refuses it (exit 3, signature) and nothing is written', async () => {
    const file = path.join(dir, 'tampered.json');
    const { strapi } = site.current;
    const original = await service(strapi, 'transfer').export();
    const tampered = {
      ...original,
      tasks: [
        ...original.tasks,
        { ...(original.tasks[0] as object), name: uniqueName('smuggled') },
      ],
    };
    writeFileSync(file, JSON.stringify(tampered));
    const before = (await service(strapi, 'tasks').findMany()).length;

    const result = await cli(['import', file, '--json']);

    expect(result.code).toBe(3);
    const { error } = result.json<{ error: { errors: Array<{ path: string[] }> } }>();
    expect(error.errors[0].path).toEqual(['signature']);
    expect((await service(strapi, 'tasks').findMany()).length).toBe(before);
  }, 120_000);
});
