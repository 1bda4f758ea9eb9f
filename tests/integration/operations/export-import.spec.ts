/**
 * Export and import over the admin API: a site's own export previewed and imported back (create,
 * update, unchanged; tasks arrive disabled; records managed in code are skipped), files that were
 * changed, unsigned or malformed refused with nothing written, and an import with any invalid item
 * refused as a whole.
 *
 * Long on purpose: each spec file boots a Strapi of its own on a database of its own, in each of
 * the four integration passes; one route family stays one file.
 */
import { createHmac, hkdfSync } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { ACTIONS, UIDS } from '../../../server/src/constants';
import { canonicalJson } from '../../../server/src/services/code';
import { createAdminAgent, type AdminAgent } from '../../helpers/admin';
import { service, uniqueName } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';

// Shared by the test and the site, so that the test can sign files of its own (a file with a bad
// item can only come from a site that holds the key).
const EXPORT_SECRET = 'export-secret-for-the-import-tests-0123456789';
const CODE = {
  scripts: [{ key: 'import-code-script', name: 'Import: code script', body: 'return 1;' }],
  tasks: [
    {
      key: 'import-code-task',
      name: 'Import: code task',
      script: 'import-code-script',
      schedule: '0 5 * * *',
    },
  ],
};

const app = useStrapi({
  MAINTENANCE_AUTO_RUN: 'false',
  MAINTENANCE_EXPORT_SECRET: EXPORT_SECRET,
  MAINTENANCE_CODE: JSON.stringify(CODE),
});

type ExportFile = Record<string, unknown> & {
  scripts: Array<Record<string, unknown>>;
  tasks: Array<Record<string, unknown>>;
  signature?: string;
};
interface PlanItem {
  name: string;
  action: string;
  id?: number;
  changes?: string[];
  reason?: string;
}

let admin: AdminAgent;
beforeAll(async () => {
  admin = await createAdminAgent(app.current.strapi, 'super-admin', 'importer');
});

/** Signs a file as a site whose exportSecret is EXPORT_SECRET does (docs/operations.md). */
const signed = (file: ExportFile): ExportFile => {
  const { signature: _signature, ...rest } = file;
  const key = Buffer.from(
    hkdfSync('sha256', EXPORT_SECRET, '', 'strapi-plugin-maintenance export-signature v1', 32)
  );
  const mac = createHmac('sha256', key).update(canonicalJson(rest), 'utf8').digest('base64url');
  return { ...rest, signature: `v1.${mac}` } as ExportFile;
};

const exportFile = async (): Promise<ExportFile> => {
  const response = await admin.request('get', '/maintenance/export');
  expect(response.status).toBe(200);
  return response.body as ExportFile;
};
const preview = (file: object) => admin.request('post', '/maintenance/import/preview').send(file);
const importFile = (file: object) => admin.request('post', '/maintenance/import').send(file);

/** A script and a task using it, both new on the site. */
const pair = async (strapi: Core.Strapi, label: string) => {
  const script = await service(strapi, 'scripts').create({
    name: uniqueName(`${label} script`),
    description: 'from the test',
    body: 'return ctx.params;',
  });
  const task = await service(strapi, 'tasks').create({
    name: uniqueName(`${label} task`),
    script: script.id,
    schedule: '0 3 * * *',
    timezone: 'Europe/Paris',
    params: { days: 30 },
    retries: 2,
  });
  return { script, task };
};

const byName = (items: PlanItem[], name: string) => items.find((item) => item.name === name);

/** Every task, script and version on the site: what "nothing written" compares. */
const snapshot = async (strapi: Core.Strapi) => ({
  scripts: await strapi.db.query(UIDS.script).findMany({ orderBy: { id: 'asc' } }),
  tasks: await strapi.db.query(UIDS.task).findMany({ orderBy: { id: 'asc' } }),
  versions: await strapi.db.query(UIDS.scriptVersion).count(),
});

describe('export', () => {
  test('Given scripts and tasks, When the site exports, Then the file is signed and holds every script but the built-ins and every task, without state', async () => {
    const { strapi } = app.current;
    const { script, task } = await pair(strapi, 'exported');
    const file = await exportFile();

    expect(file).toMatchObject({
      format: 'strapi-plugin-maintenance.export',
      formatVersion: 1,
      signature: expect.stringMatching(/^v1\./),
    });
    expect(file.scripts.find((entry) => entry.name === script.name)).toEqual({
      name: script.name,
      description: 'from the test',
      body: 'return ctx.params;',
    });
    const exported = file.tasks.find((entry) => entry.name === task.name)!;
    expect(exported).toMatchObject({
      script: { name: script.name },
      schedule: '0 3 * * *',
      timezone: 'Europe/Paris',
      params: { days: 30 },
      retries: 2,
      enabled: true,
    });
    expect(Object.keys(exported)).not.toEqual(
      expect.arrayContaining(['nextRunAt', 'runCount', 'leaseOwner', 'id'])
    );
    const builtIns = await strapi.db.query(UIDS.script).findMany({ where: { builtIn: true } });
    const names = new Set(file.scripts.map((entry) => entry.name));
    expect(builtIns.filter((builtIn: { name: string }) => names.has(builtIn.name))).toEqual([]);
  });
});

describe('preview', () => {
  test('Given the site its own export, When it previews it, Then its scripts and tasks are unchanged and nothing is written', async () => {
    const { strapi } = app.current;
    const { script, task } = await pair(strapi, 'same');
    const file = await exportFile();
    const before = await snapshot(strapi);

    const response = await preview(file);

    expect(response.status).toBe(200);
    expect(byName(response.body.data.scripts, script.name)).toEqual({
      name: script.name,
      action: 'unchanged',
      id: script.id,
    });
    expect(byName(response.body.data.tasks, task.name)).toEqual({
      name: task.name,
      action: 'unchanged',
      id: task.id,
    });
    expect(response.body.data.valid).toBe(true);
    expect(await snapshot(strapi)).toEqual(before);
  });

  test('Given records changed and deleted since the export, When it is previewed, Then each item says create, update with its changes, or unchanged', async () => {
    const { strapi } = app.current;
    const changed = await pair(strapi, 'changed');
    const deleted = await pair(strapi, 'deleted');
    const kept = await pair(strapi, 'kept');
    const file = await exportFile();
    await service(strapi, 'scripts').update(changed.script.id, { body: 'return 2;' });
    await service(strapi, 'tasks').update(changed.task.id, { schedule: '0 4 * * *' });
    await service(strapi, 'tasks').delete(deleted.task.id);
    await service(strapi, 'scripts').delete(deleted.script.id);

    const { scripts, tasks, valid } = (await preview(file)).body.data;

    expect(valid).toBe(true);
    expect(byName(scripts, changed.script.name)).toMatchObject({
      action: 'update',
      changes: ['body'],
    });
    expect(byName(tasks, changed.task.name)).toMatchObject({
      action: 'update',
      changes: ['schedule'],
    });
    expect(byName(scripts, deleted.script.name)).toEqual({
      name: deleted.script.name,
      action: 'create',
    });
    expect(byName(tasks, deleted.task.name)).toEqual({ name: deleted.task.name, action: 'create' });
    expect(byName(scripts, kept.script.name)).toMatchObject({ action: 'unchanged' });
    expect(byName(tasks, kept.task.name)).toMatchObject({ action: 'unchanged' });
  });

  test('Given a script and a task managed in code, When the export is previewed, Then both are skipped, naming their key', async () => {
    const file = await exportFile();
    const { scripts, tasks } = (await preview(file)).body.data;
    expect(byName(scripts, 'Import: code script')).toMatchObject({
      action: 'skip',
      reason: 'managed in code (key "import-code-script")',
    });
    expect(byName(tasks, 'Import: code task')).toMatchObject({
      action: 'skip',
      reason: 'managed in code (key "import-code-task")',
    });
  });
});

describe('import', () => {
  test('Given scripts and tasks deleted since the export, When it is imported, Then they are created with their values, the tasks disabled', async () => {
    const { strapi } = app.current;
    const { script, task } = await pair(strapi, 'recreated');
    const file = await exportFile();
    await service(strapi, 'tasks').delete(task.id);
    await service(strapi, 'scripts').delete(script.id);

    const response = await importFile(file);

    expect(response.status).toBe(200);
    const createdTask = byName(response.body.data.tasks, task.name)!;
    const createdScript = byName(response.body.data.scripts, script.name)!;
    expect(createdTask).toMatchObject({ action: 'create', id: expect.any(Number) });
    const again = await service(strapi, 'tasks').findOne(createdTask.id!);
    expect(again).toMatchObject({
      name: task.name,
      script: createdScript.id,
      schedule: '0 3 * * *',
      timezone: 'Europe/Paris',
      params: { days: 30 },
      retries: 2,
      enabled: false,
    });
    const scriptAgain = await service(strapi, 'scripts').findOne(createdScript.id!);
    expect(scriptAgain).toMatchObject({ body: 'return ctx.params;', version: 1 });
    expect(service(strapi, 'scripts').integrity(scriptAgain)).toBe('valid');
  });

  test('Given a script and an enabled task changed since the export, When it is imported, Then the script gets a new version and the task is updated and disabled', async () => {
    const { strapi } = app.current;
    const { script, task } = await pair(strapi, 'restored');
    const file = await exportFile();
    await service(strapi, 'scripts').update(script.id, { body: 'return 2;' });
    await service(strapi, 'tasks').update(task.id, { schedule: '0 4 * * *' });

    expect((await importFile(file)).status).toBe(200);

    expect(await service(strapi, 'scripts').findOne(script.id)).toMatchObject({
      body: 'return ctx.params;',
      version: 3,
    });
    expect(await service(strapi, 'tasks').findOne(task.id)).toMatchObject({
      schedule: '0 3 * * *',
      enabled: false,
    });
  });

  test('Given records managed in code that differ from the file, When it is imported, Then they are left as the code says', async () => {
    const { strapi } = app.current;
    const file = await exportFile();
    const codeTask = file.tasks.find((entry) => entry.name === 'Import: code task')!;
    codeTask.schedule = '0 6 * * *';
    codeTask.enabled = false;
    const codeScript = file.scripts.find((entry) => entry.name === 'Import: code script')!;
    codeScript.body = 'return 99;';

    const response = await importFile(signed(file));

    expect(response.status).toBe(200);
    expect(
      await strapi.db.query(UIDS.task).findOne({ where: { codeKey: 'import-code-task' } })
    ).toMatchObject({ schedule: '0 5 * * *', enabled: true, managedInCode: true });
    expect(
      await strapi.db.query(UIDS.script).findOne({ where: { codeKey: 'import-code-script' } })
    ).toMatchObject({ body: 'return 1;', version: 1, managedInCode: true });
  });
});

describe('refused files: 400 and nothing written', () => {
  test('Given an export whose task was edited after export, signature kept, When it is imported, Then it answers 400 on the signature and nothing is written', async () => {
    const { strapi } = app.current;
    const { script, task } = await pair(strapi, 'tampered');
    const file = await exportFile();
    await service(strapi, 'tasks').delete(task.id);
    await service(strapi, 'scripts').delete(script.id);
    file.tasks.find((entry) => entry.name === task.name)!.schedule = '0 4 * * *';
    const before = await snapshot(strapi);

    const response = await importFile(file);

    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      name: 'ValidationError',
      message: expect.stringContaining(
        "the file's signature does not match its content: it was changed after it was exported"
      ),
      details: { errors: [expect.objectContaining({ path: ['signature'] })] },
    });
    expect(await snapshot(strapi)).toEqual(before);
  });

  test('Given an export without its signature, When it is imported, Then it answers 400 saying the file is not signed and nothing is written', async () => {
    const { strapi } = app.current;
    const { script, task } = await pair(strapi, 'unsigned');
    const { signature: _signature, ...file } = await exportFile();
    await service(strapi, 'tasks').delete(task.id);
    await service(strapi, 'scripts').delete(script.id);
    const before = await snapshot(strapi);

    const response = await importFile(file);

    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/^the file is not signed/);
    expect(response.body.error.details.errors[0].path).toEqual(['signature']);
    expect(await snapshot(strapi)).toEqual(before);
  });

  test('Given a file without its tasks list, When it is imported, Then it answers 400 naming the field', async () => {
    const { strapi } = app.current;
    const { tasks: _tasks, ...file } = await exportFile();
    const before = await snapshot(strapi);

    const response = await importFile(signed(file as ExportFile));

    expect(response.status).toBe(400);
    expect(response.body.error.details.errors).toEqual([
      expect.objectContaining({ path: ['tasks'], message: 'tasks is required' }),
    ]);
    expect(await snapshot(strapi)).toEqual(before);
  });

  test('Given a signed file with a field no export writes, When it is imported, Then it answers 400 naming the field and nothing is written', async () => {
    const { strapi } = app.current;
    const file = { ...(await exportFile()), extra: true } as ExportFile;
    const before = await snapshot(strapi);

    const response = await importFile(signed(file));

    expect(response.status).toBe(400);
    expect(response.body.error.details.errors).toEqual([
      expect.objectContaining({ path: ['extra'], message: 'unknown field "extra"' }),
    ]);
    expect(await snapshot(strapi)).toEqual(before);
  });

  test('Given a signed file whose task and script carry fields no export writes, When it is imported, Then it answers 400 naming each and nothing is written', async () => {
    const { strapi } = app.current;
    const file = await exportFile();
    const script = uniqueName('script with extra');
    const task = uniqueName('task with extra');
    file.scripts.push({
      name: script,
      description: null,
      body: 'return 1;',
      builtIn: true,
    } as never);
    file.tasks.push({ ...file.tasks[0], name: task, nextRunAt: 0 } as never);
    const before = await snapshot(strapi);

    const response = await importFile(signed(file));

    expect(response.status).toBe(400);
    expect(response.body.error.details.errors).toEqual([
      expect.objectContaining({ path: ['scripts', script, 'builtIn'] }),
      expect.objectContaining({ path: ['tasks', task, 'nextRunAt'] }),
    ]);
    expect(await snapshot(strapi)).toEqual(before);
  });

  test('Given a body that is not an export file, When it is previewed, Then it answers 400 on the format', async () => {
    const response = await preview({ hello: 'world' });
    expect(response.status).toBe(400);
    expect(response.body.error.details.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: ['format'] })])
    );
  });

  test('Given a signed file whose last task uses a script that exists nowhere, When it is imported, Then it answers 400 naming the task and field, and its valid items are not written either', async () => {
    const { strapi } = app.current;
    const file = await exportFile();
    const fresh = uniqueName('valid new script');
    const orphan = uniqueName('orphan task');
    file.scripts.push({ name: fresh, description: null, body: 'return 1;' });
    file.tasks.push(
      { ...file.tasks[0], name: uniqueName('valid new task'), script: { name: fresh } },
      { ...file.tasks[0], name: orphan, script: { name: 'no such script' } }
    );
    const before = await snapshot(strapi);

    const response = await importFile(signed(file));

    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/nothing was imported/);
    expect(response.body.error.details.errors).toEqual([
      expect.objectContaining({
        path: ['tasks', orphan, 'script'],
        message: `task "${orphan}": script "no such script" is neither in the file nor on this site`,
      }),
    ]);
    expect(await snapshot(strapi)).toEqual(before);
  });

  test('Given a signed file with a new task that has no schedule after valid new items, When it is imported, Then it answers 400 on the schedule and nothing is written', async () => {
    const { strapi } = app.current;
    const file = await exportFile();
    const fresh = uniqueName('script before the bad task');
    const bad = uniqueName('task without schedule');
    file.scripts.push({ name: fresh, description: null, body: 'return 1;' });
    const { schedule: _schedule, ...template } = file.tasks[0];
    file.tasks.push({ ...template, name: bad, script: { name: fresh } });
    const before = await snapshot(strapi);

    const response = await importFile(signed(file));

    expect(response.status).toBe(400);
    expect(response.body.error.details.errors).toEqual([
      expect.objectContaining({ path: ['tasks', bad, 'schedule'] }),
    ]);
    expect(await snapshot(strapi)).toEqual(before);
  });

  test('Given a signed file naming one new task twice, When it is imported, Then it answers 400 on the second and nothing is written', async () => {
    const { strapi } = app.current;
    const file = await exportFile();
    const twice = uniqueName('task named twice');
    file.tasks.push({ ...file.tasks[0], name: twice }, { ...file.tasks[0], name: twice });
    const before = await snapshot(strapi);

    const response = await importFile(signed(file));

    expect(response.status).toBe(400);
    expect(response.body.error.details.errors).toEqual([
      expect.objectContaining({
        path: ['tasks', twice, 'name'],
        message: `task "${twice}": "${twice}" appears more than once in the file (names are unique on a site)`,
      }),
    ]);
    expect(await snapshot(strapi)).toEqual(before);
  });

  test('Given a signed file naming one new script twice, When it is imported, Then it answers 400 on the second and nothing is written', async () => {
    const { strapi } = app.current;
    const file = await exportFile();
    const twice = uniqueName('script named twice');
    file.scripts.push(
      { name: twice, description: null, body: 'return 1;' },
      { name: twice, description: null, body: 'return 2;' }
    );
    const before = await snapshot(strapi);

    const response = await importFile(signed(file));

    expect(response.status).toBe(400);
    expect(response.body.error.details.errors).toEqual([
      expect.objectContaining({ path: ['scripts', twice, 'name'] }),
    ]);
    expect(await snapshot(strapi)).toEqual(before);
  });
});

describe('permissions', () => {
  test('Given a role with Manage scripts but not Manage tasks, When it previews or imports, Then both answer 403 and nothing is written', async () => {
    const { strapi } = app.current;
    const file = await exportFile();
    const agent = await createAdminAgent(strapi, [ACTIONS.read, ACTIONS.manageScripts], 'scripts');
    const before = await snapshot(strapi);
    expect((await agent.request('post', '/maintenance/import/preview').send(file)).status).toBe(
      403
    );
    expect((await agent.request('post', '/maintenance/import').send(file)).status).toBe(403);
    expect(await snapshot(strapi)).toEqual(before);
  });

  test('Given a role with Manage tasks but not Manage scripts, When it previews or imports, Then both answer 403', async () => {
    const file = await exportFile();
    const agent = await createAdminAgent(
      app.current.strapi,
      [ACTIONS.read, ACTIONS.manageTasks],
      'tasks'
    );
    expect((await agent.request('post', '/maintenance/import/preview').send(file)).status).toBe(
      403
    );
    expect((await agent.request('post', '/maintenance/import').send(file)).status).toBe(403);
  });

  test('Given a role with Manage scripts and Manage tasks, When it imports, Then it answers 200', async () => {
    const file = await exportFile();
    const agent = await createAdminAgent(
      app.current.strapi,
      [ACTIONS.manageScripts, ACTIONS.manageTasks],
      'both'
    );
    expect((await agent.request('post', '/maintenance/import').send(file)).status).toBe(200);
  });

  test('Given a role without Read, When it exports, Then it answers 403; with just Read, 200', async () => {
    const { strapi } = app.current;
    const without = await createAdminAgent(
      strapi,
      [ACTIONS.manageScripts, ACTIONS.manageTasks, ACTIONS.run, ACTIONS.manageSettings],
      'no read'
    );
    const reader = await createAdminAgent(strapi, [ACTIONS.read], 'reader');
    expect((await without.request('get', '/maintenance/export')).status).toBe(403);
    expect((await reader.request('get', '/maintenance/export')).status).toBe(200);
  });
});
