/**
 * The built-in library is seeded on every start: scripts by their builtInKey, default tasks once
 * per site. These tests call the seeding again, as a restart or an upgrade of the plugin would.
 */
import { BUILT_IN_SCRIPTS, DEFAULT_TASKS } from '../../../server/src/builtin';
import { defineScript } from '../../../server/src/builtin/compose';
import { UIDS } from '../../../server/src/constants';
import { createScript, service, uniqueName } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';
import { builtInScript, runBuiltIn } from './helpers';

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false', MAINTENANCE_TIMEZONE: 'Europe/Paris' });

const builtin = () => service(app.current.strapi, 'builtin');
const scriptRows = () =>
  app.current.strapi.db.query(UIDS.script).findMany({ orderBy: { id: 'asc' } }) as Promise<
    Array<Record<string, unknown>>
  >;
const taskRows = () =>
  app.current.strapi.db.query(UIDS.task).findMany({ orderBy: { id: 'asc' } }) as Promise<
    Array<Record<string, unknown>>
  >;

/** A script the plugin might ship in a later version. */
const laterScript = (key: string, name = `Later chore ${key}`) =>
  defineScript({
    key,
    name,
    summary: 'A chore a later version adds.',
    returns: 'summary.',
    params: [],
    changes: { sentences: {}, pick: () => null },
    main: "return { summary: 'done' };",
  });

describe('on first start', () => {
  test('Given a fresh site, Then every built-in script is stored once, read-only, signed, at version 1', async () => {
    const { strapi } = app.current;
    for (const definition of BUILT_IN_SCRIPTS) {
      const rows = await strapi.db
        .query(UIDS.script)
        .findMany({ where: { builtInKey: definition.key } });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        name: definition.name,
        description: definition.description,
        body: definition.body,
        builtIn: true,
        version: 1,
      });
      expect(service(strapi, 'scripts').integrity(rows[0])).toBe('valid');
    }
  });

  test('Given a fresh site, Then the default tasks exist in the configured zone, all disabled but the run-history purge', async () => {
    const tasks = await taskRows();
    expect(tasks.map((task) => task.name)).toEqual(DEFAULT_TASKS.map((task) => task.name));
    expect(tasks.filter((task) => task.enabled).map((task) => task.name)).toEqual([
      'Purge maintenance run history',
    ]);
    expect(new Set(tasks.map((task) => task.timezone))).toEqual(new Set(['Europe/Paris']));
    expect(await builtin().seededTaskKeys()).toEqual(DEFAULT_TASKS.map((task) => task.key));
  });

  test('Given a fresh site, Then each default task runs its built-in script with its params', async () => {
    const { strapi } = app.current;
    for (const definition of DEFAULT_TASKS) {
      const task = (await strapi.db.query(UIDS.task).findOne({
        where: { name: definition.name },
        populate: { script: { select: ['builtInKey'] } },
      })) as { script: { builtInKey: string }; params: unknown; schedule: string };
      expect(task).toMatchObject({
        script: { builtInKey: definition.script },
        params: definition.params,
        schedule: definition.schedule,
      });
    }
  });

  test('Given every built-in script, Then its body compiles and its description documents each param', async () => {
    for (const definition of BUILT_IN_SCRIPTS) {
      expect(await service(app.current.strapi, 'sandbox').compile(definition.body)).toEqual({
        ok: true,
      });
      for (const param of definition.params) {
        expect(definition.description).toContain(`- ${param.name} (`);
      }
    }
  });
});

describe('on every later start', () => {
  test('Given the library seeded, When seeding runs again, Then nothing is created or changed', async () => {
    const scriptsBefore = await scriptRows();
    const tasksBefore = await taskRows();
    const report = await builtin().seed();
    expect(report.scripts).toEqual({
      created: [],
      updated: [],
      unchanged: BUILT_IN_SCRIPTS.map((script) => script.key),
    });
    expect(report.tasks.created).toEqual([]);
    expect(await scriptRows()).toEqual(scriptsBefore);
    expect(await taskRows()).toEqual(tasksBefore);
  });

  test('Given a built-in script, When an administrator edits it, Then it is refused as read-only', async () => {
    const { strapi } = app.current;
    const script = await builtInScript(strapi, 'site-report');
    await expect(
      service(strapi, 'scripts').update(script.id, { body: 'return 1;' })
    ).rejects.toMatchObject({ name: 'ForbiddenError' });
    expect((await builtInScript(strapi, 'site-report')).body).toBe(script.body);
  });

  test('Given a built-in script no task uses, When an administrator deletes it, Then it is refused and stays', async () => {
    const { strapi } = app.current;
    const script = await builtInScript(strapi, 'delete-old-entries');
    await expect(service(strapi, 'scripts').delete(script.id)).rejects.toMatchObject({
      name: 'ForbiddenError',
    });
    expect(await builtInScript(strapi, 'delete-old-entries')).toEqual(script);
  });

  test('Given an upgrade whose shipped body changed, When seeding runs, Then the new body is a new signed version', async () => {
    const { strapi } = app.current;
    const shipped = BUILT_IN_SCRIPTS.find((script) => script.key === 'purge-run-history')!;
    const before = await builtInScript(strapi, shipped.key);
    const upgraded = { ...shipped, body: `${shipped.body}// shipped in a later version\n` };

    const report = await builtin().seed({ library: [upgraded], tasks: [] });

    expect(report.scripts.updated).toEqual([shipped.key]);
    const after = await builtInScript(strapi, shipped.key);
    expect(after).toMatchObject({
      id: before.id,
      body: upgraded.body,
      version: before.version + 1,
    });
    expect(service(strapi, 'scripts').integrity(after)).toBe('valid');
    const versions = await service(strapi, 'history').list(after.id);
    expect(versions[0]).toMatchObject({ version: after.version, body: upgraded.body });
    const { run } = await runBuiltIn(strapi, shipped.key, { dryRun: true });
    expect(run).toMatchObject({ status: 'succeeded', scriptVersion: after.version });

    // The version this test stands for goes back to the one really shipped.
    await builtin().seed({ tasks: [] });
    expect((await builtInScript(strapi, shipped.key)).body).toBe(shipped.body);
  });

  test('Given an upgrade that changes only a description, When seeding runs, Then the version stays', async () => {
    const { strapi } = app.current;
    const shipped = BUILT_IN_SCRIPTS.find((script) => script.key === 'site-report')!;
    const before = await builtInScript(strapi, shipped.key);
    await builtin().seed({
      library: [{ ...shipped, description: 'Reworded.' }],
      tasks: [],
    });
    expect(await builtInScript(strapi, shipped.key)).toMatchObject({
      description: 'Reworded.',
      version: before.version,
      body: before.body,
    });
    await builtin().seed({ tasks: [] });
  });

  test("Given a user's script, When seeding runs, Then it is left exactly as it was", async () => {
    const { strapi } = app.current;
    const mine = await createScript(strapi, 'return "mine";');
    const before = await strapi.db.query(UIDS.script).findOne({ where: { id: mine.id } });
    await builtin().seed();
    expect(await strapi.db.query(UIDS.script).findOne({ where: { id: mine.id } })).toEqual(before);
  });

  test("Given a user's script with the name of a new built-in, When the upgrade seeds it, Then the user's keeps its name and the built-in takes another", async () => {
    const { strapi } = app.current;
    const name = uniqueName('Weekly chore');
    const mine = await service(strapi, 'scripts').create({ name, body: 'return "mine";' });
    const report = await builtin().seed({
      library: [laterScript('weekly-chore', name)],
      tasks: [],
    });
    expect(report.scripts.created).toEqual(['weekly-chore']);
    expect(await strapi.db.query(UIDS.script).findOne({ where: { id: mine.id } })).toMatchObject({
      name,
      body: 'return "mine";',
      builtIn: false,
      builtInKey: null,
    });
    expect(await builtInScript(strapi, 'weekly-chore')).toMatchObject({
      name: `${name} (built-in)`,
      builtIn: true,
    });
  });

  test('Given a default task the user deleted, When seeding runs again, Then it is not created again', async () => {
    const { strapi } = app.current;
    const task = await strapi.db
      .query(UIDS.task)
      .findOne({ where: { name: 'Weekly site report' }, select: ['id'] });
    await service(strapi, 'tasks').delete(task.id);
    const report = await builtin().seed();
    expect(report.tasks.created).toEqual([]);
    expect(report.tasks.seededBefore).toContain('site-report');
    expect(await strapi.db.query(UIDS.task).count({ where: { name: 'Weekly site report' } })).toBe(
      0
    );
  });

  test('Given a default task the user changed, When seeding runs again, Then the changes stay', async () => {
    const { strapi } = app.current;
    const task = await strapi.db
      .query(UIDS.task)
      .findOne({ where: { name: 'Optimise the database' }, select: ['id'] });
    await service(strapi, 'tasks').update(task.id, {
      enabled: true,
      schedule: '0 2 * * *',
      params: { analyzeOnly: true },
    });
    await builtin().seed();
    expect(await service(strapi, 'tasks').findOne(task.id)).toMatchObject({
      enabled: true,
      schedule: '0 2 * * *',
      params: { analyzeOnly: true },
    });
  });

  test('Given an upgrade that adds a default task, When seeding runs, Then that task alone is created, once', async () => {
    const { strapi } = app.current;
    const script = laterScript('nightly-chore');
    const task = {
      key: 'nightly-chore',
      script: 'nightly-chore',
      name: uniqueName('Nightly chore'),
      description: 'A default task a later version adds.',
      schedule: '0 3 * * *',
      enabled: false,
      params: {},
    };
    const first = await builtin().seed({ library: [script], tasks: [...DEFAULT_TASKS, task] });
    expect(first.tasks.created).toEqual(['nightly-chore']);
    const second = await builtin().seed({ library: [script], tasks: [...DEFAULT_TASKS, task] });
    expect(second.tasks.created).toEqual([]);
    expect(await strapi.db.query(UIDS.task).count({ where: { name: task.name } })).toBe(1);
  });

  test('Given two instances starting at once, When both seed a new script and task, Then each exists once', async () => {
    const { strapi } = app.current;
    const script = laterScript('raced-chore');
    const task = {
      key: 'raced-chore',
      script: 'raced-chore',
      name: uniqueName('Raced chore'),
      description: 'Seeded by two instances at once.',
      schedule: '0 3 * * *',
      enabled: false,
      params: {},
    };
    const reports = await Promise.all([
      builtin().seed({ library: [script], tasks: [task] }),
      builtin().seed({ library: [script], tasks: [task] }),
    ]);
    expect(reports.flatMap((report) => report.tasks.failed)).toEqual([]);
    expect(await strapi.db.query(UIDS.script).count({ where: { builtInKey: 'raced-chore' } })).toBe(
      1
    );
    expect(await strapi.db.query(UIDS.task).count({ where: { name: task.name } })).toBe(1);
    expect(await builtin().seededTaskKeys()).toContain('raced-chore');
  });
});
