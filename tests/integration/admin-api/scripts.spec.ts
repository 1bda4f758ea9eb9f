/**
 * The admin API for scripts (list, get, create, update, delete, validate, test run), their
 * version history, and their integrity: a body changed behind the plugin's back does not run.
 *
 * Long on purpose: each spec file boots a Strapi of its own on a database of its own, in each of
 * the four integration passes; one route family stays one file.
 */
import { ACTIONS, UIDS } from '../../../server/src/constants';
import { SCRIPT_HISTORY_LENGTH } from '../../../server/src/services/history';
import { createAdminAgent, type AdminAgent } from '../../helpers/admin';
import { service, uniqueName } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false' });

let admin: AdminAgent;
let adminId: number;
beforeAll(async () => {
  admin = await createAdminAgent(
    app.current.strapi,
    [ACTIONS.read, ACTIONS.manageScripts],
    'script author'
  );
  adminId = (
    await app.current.strapi.db.query('admin::user').findOne({ where: { email: admin.email } })
  ).id;
});

const api = (method: 'get' | 'post' | 'put' | 'delete', path: string) =>
  admin.request(method, `/maintenance${path}`);

const createScript = async (body = 'return ctx.params;', name = uniqueName('script')) => {
  const response = await api('post', '/scripts').send({ name, body });
  expect(response.status).toBe(201);
  return response.body.data as { id: number; name: string; version: number };
};

const createTask = (scriptId: number) =>
  service(app.current.strapi, 'tasks').create({
    name: uniqueName('task'),
    script: scriptId,
    schedule: '0 0 1 1 *',
    timezone: 'UTC',
  });

/** Writes straight to the table, as someone with database access but no admin login would. */
const tamper = (id: number, data: Record<string, unknown>) =>
  app.current.strapi.db.query(UIDS.script).update({ where: { id }, data });

describe('create, read, update, delete', () => {
  test('Given a new script, When it is created, Then it answers 201, signed, without its signature', async () => {
    const response = await api('post', '/scripts').send({
      name: uniqueName('script'),
      body: 'return 1;',
    });
    expect(response.status).toBe(201);
    expect(response.body.data).toMatchObject({
      version: 1,
      integrity: 'valid',
      body: 'return 1;',
      tasks: [],
    });
    expect(response.body.data).not.toHaveProperty('signature');
  });

  test('Given scripts, When they are listed, Then each shows its integrity and the tasks using it, without its body', async () => {
    const script = await createScript();
    const task = await createTask(script.id);
    const response = await api('get', '/scripts');
    const listed = response.body.data.find((entry: { id: number }) => entry.id === script.id);
    expect(listed).toMatchObject({ integrity: 'valid', tasks: [{ id: task.id, name: task.name }] });
    expect(listed).not.toHaveProperty('body');
  });

  test('Given a script, When its body is updated, Then its version goes up', async () => {
    const script = await createScript();
    const response = await api('put', `/scripts/${script.id}`).send({ body: 'return 2;' });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ version: 2, body: 'return 2;', integrity: 'valid' });
  });

  test('Given a script that tasks use, When it is deleted, Then it answers 409 naming those tasks', async () => {
    const script = await createScript();
    const first = await createTask(script.id);
    const second = await createTask(script.id);
    const response = await api('delete', `/scripts/${script.id}`);
    expect(response.status).toBe(409);
    expect(response.body.error.message).toContain(first.name);
    expect(response.body.error.message).toContain(second.name);
    expect(response.body.error.details.tasks).toEqual(
      expect.arrayContaining([
        { id: first.id, name: first.name },
        { id: second.id, name: second.name },
      ])
    );
  });

  test('Given a script no task uses, When it is deleted, Then it and its history are gone', async () => {
    const script = await createScript();
    expect((await api('delete', `/scripts/${script.id}`)).status).toBe(200);
    expect((await api('get', `/scripts/${script.id}`)).status).toBe(404);
    expect(await service(app.current.strapi, 'history').list(script.id)).toEqual([]);
  });
});

describe('validate', () => {
  test('Given a body that compiles, When it is validated, Then it answers valid and nothing is saved', async () => {
    const before = await app.current.strapi.db.query(UIDS.script).count();
    const response = await api('post', '/scripts/validate').send({ body: 'return 1 + 1;' });
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ valid: true });
    expect(await app.current.strapi.db.query(UIDS.script).count()).toBe(before);
  });

  test('Given a body with a syntax error on line 2, When it is validated, Then it answers 400 with line and column', async () => {
    const response = await api('post', '/scripts/validate').send({
      body: 'const a = 1;\nconst = 2;',
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details.errors[0]).toMatchObject({
      path: ['body'],
      name: 'SyntaxError',
      line: 2,
    });
  });
});

describe('test run', () => {
  test('Given a script, When it is test-run with params, Then it runs dry by default and returns result and log, recording no run', async () => {
    const script = await createScript(
      "console.log('checking');\nreturn { params: ctx.params, dry: ctx.dryRun };"
    );
    const runsBefore = await app.current.strapi.db.query(UIDS.run).count();
    const response = await api('post', `/scripts/${script.id}/test-run`).send({
      params: { days: 3 },
    });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({
      status: 'succeeded',
      dryRun: true,
      result: { params: { days: 3 }, dry: true },
      log: [expect.objectContaining({ message: 'checking' })],
    });
    expect(await app.current.strapi.db.query(UIDS.run).count()).toBe(runsBefore);
  });

  test('Given a script, When it is test-run with dryRun false, Then the script sees a real run', async () => {
    const script = await createScript('return ctx.dryRun;');
    const response = await api('post', `/scripts/${script.id}/test-run`).send({ dryRun: false });
    expect(response.body.data).toMatchObject({ dryRun: false, result: false });
  });
});

describe('version history', () => {
  test('Given a script saved three times, When its versions are listed, Then each is there, newest first, with who saved it and when', async () => {
    const script = await createScript('return 1;');
    await api('put', `/scripts/${script.id}`).send({ body: 'return 2;' });
    await api('put', `/scripts/${script.id}`).send({ body: 'return 3;' });
    const response = await api('get', `/scripts/${script.id}/versions`);
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual([
      expect.objectContaining({ version: 3, current: true, changedBy: adminId }),
      expect.objectContaining({ version: 2, current: false, changedBy: adminId }),
      expect.objectContaining({ version: 1, current: false, changedBy: adminId }),
    ]);
    expect(response.body.data[0].changedAt).toEqual(expect.any(Number));
    expect(response.body.data[0]).not.toHaveProperty('body');
  });

  test('Given versions saved by an admin, When a reader who may not read admin users lists them, Then each names who saved it', async () => {
    const script = await createScript('return 1;');
    const reader = await createAdminAgent(app.current.strapi, [ACTIONS.read], 'version reader');
    expect((await reader.request('get', `/admin/users/${adminId}`)).status).toBe(403);

    const response = await reader.request('get', `/maintenance/scripts/${script.id}/versions`);

    expect(response.status).toBe(200);
    expect(response.body.data[0]).toMatchObject({
      changedBy: adminId,
      changedByName: 'script author Test',
    });
  });

  test('Given a version saved by code, When it is read, Then no admin is named', async () => {
    const [builtIn] = (await api('get', '/scripts').then((r) => r.body.data)).filter(
      (candidate: { builtIn: boolean }) => candidate.builtIn
    );
    const response = await api('get', `/scripts/${builtIn.id}/versions/${builtIn.version}`);
    expect(response.body.data).toMatchObject({ changedBy: null, changedByName: null });
  });

  test('Given an earlier version, When it is read, Then its body is there', async () => {
    const script = await createScript('return 1;');
    await api('put', `/scripts/${script.id}`).send({ body: 'return 2;' });
    const response = await api('get', `/scripts/${script.id}/versions/1`);
    expect(response.body.data).toMatchObject({ version: 1, body: 'return 1;', integrity: 'valid' });
  });

  test('Given a bad edit, When the earlier version is restored, Then it is saved as a new version with the old body', async () => {
    const script = await createScript('return 1;');
    await api('put', `/scripts/${script.id}`).send({ body: "throw new Error('bad edit');" });
    const response = await api('post', `/scripts/${script.id}/versions/1/restore`);
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ version: 3, body: 'return 1;', integrity: 'valid' });
  });

  test('Given more than 20 saves, When the versions are listed, Then at least the last 20 are kept', async () => {
    const script = await createScript('return 0;');
    for (let index = 1; index <= 21; index += 1) {
      await service(app.current.strapi, 'scripts').update(script.id, { body: `return ${index};` });
    }
    const versions = await service(app.current.strapi, 'history').list(script.id);
    expect(versions.map((version) => version.version)).toEqual(
      Array.from({ length: 22 }, (_, index) => 22 - index)
    );
  });

  test(`Given more than ${SCRIPT_HISTORY_LENGTH} versions, When another is recorded, Then only the last ${SCRIPT_HISTORY_LENGTH} are kept`, async () => {
    const history = service(app.current.strapi, 'history');
    const script = { id: 900_001, name: 'x', body: 'return 0;' };
    for (let version = 1; version <= SCRIPT_HISTORY_LENGTH + 3; version += 1) {
      await history.record({ ...script, version });
    }
    const versions = await history.list(script.id);
    expect(versions).toHaveLength(SCRIPT_HISTORY_LENGTH);
    expect(versions.at(-1)!.version).toBe(4);
  });

  test('Given a version whose body was changed in the database, When it is restored, Then it answers 409', async () => {
    const script = await createScript('return 1;');
    await api('put', `/scripts/${script.id}`).send({ body: 'return 2;' });
    await app.current.strapi.db
      .query(UIDS.scriptVersion)
      .updateMany({ where: { scriptId: script.id, version: 1 }, data: { body: 'return "evil";' } });
    const response = await api('post', `/scripts/${script.id}/versions/1/restore`);
    expect(response.status).toBe(409);
    expect((await api('get', `/scripts/${script.id}`)).body.data.body).toBe('return 2;');
  });

  test('Given a script created through the Document Service, Then it is unsigned and its first version is recorded', async () => {
    const document = await app.current.strapi
      .documents(UIDS.script)
      .create({ data: { name: uniqueName('imported'), body: 'return 1;' } as never });
    const response = await api('get', `/scripts/${document.id}`);
    expect(response.body.data.integrity).toBe('unsigned');
    expect((await api('get', `/scripts/${document.id}/versions`)).body.data).toHaveLength(1);
  });
});

describe('integrity', () => {
  test('Given a body changed directly in the database, When its task runs, Then it does not run and the run says why', async () => {
    const script = await createScript("return 'original';");
    const task = await createTask(script.id);
    await tamper(script.id, { body: "return 'injected';" });
    const run = await service(app.current.strapi, 'scheduler').runNow(task.id);
    expect(run).toMatchObject({
      status: 'failed',
      result: null,
      error: {
        name: 'SignatureError',
        message: expect.stringContaining('changed outside the plugin'),
      },
    });
  });

  test('Given a body changed directly in the database, Then the admin API shows the script as tampered, and so does health', async () => {
    const script = await createScript();
    await tamper(script.id, { body: 'return "injected";' });
    expect((await api('get', `/scripts/${script.id}`)).body.data.integrity).toBe('tampered');
    const health = await api('get', '/health');
    expect(health.body.data.scripts.integrityProblems).toContainEqual({
      id: script.id,
      name: script.name,
      integrity: 'tampered',
    });
  });

  test('Given a signature removed in the database, When the script is test-run, Then it refuses as unsigned', async () => {
    const script = await createScript();
    await tamper(script.id, { signature: null });
    const response = await api('post', `/scripts/${script.id}/test-run`).send({});
    expect(response.body.data).toMatchObject({
      status: 'failed',
      error: { name: 'SignatureError', message: expect.stringContaining('no signature') },
    });
  });

  test('Given a tampered script, When only its name is changed, Then it stays tampered', async () => {
    const script = await createScript();
    await tamper(script.id, { body: 'return "injected";' });
    const response = await api('put', `/scripts/${script.id}`).send({
      name: uniqueName('renamed'),
    });
    expect(response.body.data.integrity).toBe('tampered');
  });

  test('Given a tampered script, When an admin saves its body, Then it is signed again and runs', async () => {
    const script = await createScript();
    const task = await createTask(script.id);
    await tamper(script.id, { body: "return 'reviewed';" });
    const response = await api('put', `/scripts/${script.id}`).send({ body: "return 'reviewed';" });
    expect(response.body.data).toMatchObject({ integrity: 'valid', version: 2 });
    const run = await service(app.current.strapi, 'scheduler').runNow(task.id);
    expect(run).toMatchObject({ status: 'succeeded', result: 'reviewed' });
  });

  test('Given the app keys rotated with the old key kept second, Then old signatures still verify, and not once it is dropped', async () => {
    const { strapi } = app.current;
    const script = await createScript();
    const keys = strapi.config.get('server.app.keys') as string[];
    try {
      strapi.config.set('server.app.keys', ['a-brand-new-key', ...keys]);
      expect((await api('get', `/scripts/${script.id}`)).body.data.integrity).toBe('valid');
      strapi.config.set('server.app.keys', ['a-brand-new-key']);
      expect((await api('get', `/scripts/${script.id}`)).body.data.integrity).toBe('tampered');
    } finally {
      strapi.config.set('server.app.keys', keys);
    }
  });
});
