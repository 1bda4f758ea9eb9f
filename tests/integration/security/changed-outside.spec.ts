/**
 * Only what the plugin saved runs. A script body or a task's script, params, schedule or enabled
 * flag written any other way (here: another plugin's Document Service call, the path GraphQL and
 * the Content Manager also take) is flagged, refused at run time with the reason, and runs again
 * only once a user accepts it or restores the last signed version.
 */
import { UIDS } from '../../../server/src/constants';
import { createAdminAgent, type AdminAgent } from '../../helpers/admin';
import { service, uniqueName } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';

// GraphQL on, as on many sites: these tests are about the generic paths to the plugin's data.
const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false', GRAPHQL_ENABLED: 'true' });

let admin: AdminAgent;
beforeAll(async () => {
  admin = await createAdminAgent(app.current.strapi, 'super-admin', 'reviewer');
});

const api = (method: 'get' | 'post' | 'put', path: string) =>
  admin.request(method, `/maintenance${path}`);

const documents = (uid: string) =>
  app.current.strapi.documents(uid as Parameters<typeof app.current.strapi.documents>[0]);

/** A script saved through the plugin and a task that runs it. */
const signedTask = async (body = "return 'signed';") => {
  const { strapi } = app.current;
  const script = await service(strapi, 'scripts').create({ name: uniqueName('script'), body });
  const task = await service(strapi, 'tasks').create({
    name: uniqueName('task'),
    script: script.id,
    schedule: '0 0 1 1 *',
    timezone: 'UTC',
    params: { keep: 30 },
  });
  return { script, task };
};

/** What another plugin would write: an update through the Document Service. */
const updateFromOutside = (uid: string, documentId: string, data: Record<string, unknown>) =>
  documents(uid).update({ documentId, data } as never);

const runNow = (taskId: number) => service(app.current.strapi, 'scheduler').runNow(taskId);

describe('a script body changed outside the plugin', () => {
  test('Given a signed script, When another plugin changes its body through the Document Service, Then it is flagged and its task’s run is refused with the reason', async () => {
    const { script, task } = await signedTask();

    await updateFromOutside(UIDS.script, script.documentId, { body: "return 'injected';" });

    const shown = (await api('get', `/scripts/${script.id}`)).body.data;
    expect(shown).toMatchObject({ integrity: 'tampered', body: "return 'injected';" });
    expect(await runNow(task.id)).toMatchObject({
      status: 'failed',
      result: null,
      error: { name: 'SignatureError', message: expect.stringContaining('outside the plugin') },
    });
  });

  test('Given a body changed outside, When it is reviewed, Then the answer holds the body as stored and the last body the plugin signed', async () => {
    const { script } = await signedTask("return 'first';");
    await updateFromOutside(UIDS.script, script.documentId, { body: "return 'outside';" });

    const review = (await api('get', `/scripts/${script.id}/review`)).body.data;

    expect(review).toEqual({
      integrity: 'tampered',
      current: { version: 2, body: "return 'outside';" },
      lastSigned: { version: 1, body: "return 'first';" },
    });
  });

  test('Given a body changed outside, When a user accepts it, Then it is signed as a new version and its task runs it', async () => {
    const { script, task } = await signedTask();
    await updateFromOutside(UIDS.script, script.documentId, { body: "return 'accepted';" });

    const accepted = await api('post', `/scripts/${script.id}/accept`);

    expect(accepted.status).toBe(200);
    expect(accepted.body.data).toMatchObject({ integrity: 'valid', version: 3 });
    expect(await runNow(task.id)).toMatchObject({ status: 'succeeded', result: 'accepted' });
  });

  test('Given a body changed outside, When a user restores the last signed version, Then the signed body is back as a new version and runs', async () => {
    const { script, task } = await signedTask("return 'original';");
    await updateFromOutside(UIDS.script, script.documentId, { body: "return 'outside';" });

    const restored = await api('post', `/scripts/${script.id}/restore-signed`);

    expect(restored.status).toBe(200);
    expect(restored.body.data).toMatchObject({
      integrity: 'valid',
      version: 3,
      body: "return 'original';",
    });
    expect(await runNow(task.id)).toMatchObject({ status: 'succeeded', result: 'original' });
  });

  test('Given a built-in script changed outside, When a user tries to accept it, Then it answers 403, and restoring it signs the shipped body again', async () => {
    const builtIn = (await service(app.current.strapi, 'scripts').findMany()).find(
      (script) => script.builtIn
    )!;
    await updateFromOutside(UIDS.script, builtIn.documentId, { body: 'return 1;' });

    const accepted = await api('post', `/scripts/${builtIn.id}/accept`);
    const restored = await api('post', `/scripts/${builtIn.id}/restore-signed`);

    expect(accepted.status).toBe(403);
    expect(restored.body.data).toMatchObject({ integrity: 'valid', body: builtIn.body });
  });

  test('Given a script created through the Document Service, When its task runs, Then the run is refused as unsigned', async () => {
    const created = (await documents(UIDS.script).create({
      data: { name: uniqueName('outside'), body: "return 'outside';" },
    } as never)) as { id: number };
    const task = await service(app.current.strapi, 'tasks').create({
      name: uniqueName('task'),
      script: created.id,
      schedule: '0 0 1 1 *',
      timezone: 'UTC',
    });

    expect(await runNow(task.id)).toMatchObject({
      status: 'failed',
      error: { name: 'SignatureError', message: expect.stringContaining('no signature') },
    });
  });

  test('Given a script changed outside, When the admin health and the public health route are asked, Then both show it', async () => {
    const { script } = await signedTask();
    await updateFromOutside(UIDS.script, script.documentId, { body: 'return 2;' });

    const health = (await api('get', '/health')).body.data;
    const route = await (
      await import('supertest')
    )
      .default(app.current.strapi.server.httpServer)
      .get('/api/maintenance/health');

    expect(health.scripts.integrityProblems).toContainEqual({
      id: script.id,
      name: script.name,
      integrity: 'tampered',
    });
    expect(route.body).toMatchObject({ status: 'warning' });
    expect(route.body.changedOutside).toBeGreaterThanOrEqual(1);
  });
});

describe('a task changed outside the plugin', () => {
  test('Given a sealed task, When another plugin changes its params through the Document Service, Then it is flagged and its run is refused with the reason', async () => {
    const { task } = await signedTask();

    await updateFromOutside(UIDS.task, task.documentId, { params: { keep: 0 } });

    expect((await api('get', `/tasks/${task.id}`)).body.data.integrity).toBe('tampered');
    expect(await runNow(task.id)).toMatchObject({
      status: 'failed',
      error: {
        name: 'SignatureError',
        message: expect.stringContaining("task's script, params, schedule or enabled flag"),
      },
    });
  });

  test('Given a task created through the Document Service, Then it is listed as unsigned', async () => {
    const { script } = await signedTask();
    const created = (await documents(UIDS.task).create({
      data: { name: uniqueName('outside task'), script: script.id, schedule: '0 3 * * *' },
    } as never)) as { id: number };

    const listed = (await api('get', '/tasks?pageSize=100')).body.data as Array<{
      id: number;
      integrity: string;
    }>;

    expect(listed.find((task) => task.id === created.id)?.integrity).toBe('unsigned');
  });

  test('Given a task changed outside, When it is only switched on or renamed through the admin API, Then it stays flagged', async () => {
    const { task } = await signedTask();
    await updateFromOutside(UIDS.task, task.documentId, { params: { keep: 0 } });

    await api('post', `/tasks/${task.id}/enable`);
    const renamed = await api('put', `/tasks/${task.id}`).send({ name: uniqueName('renamed') });

    expect(renamed.body.data.integrity).toBe('tampered');
  });

  test('Given a task changed outside, When a user accepts it, Then it is sealed again and runs with the params as they stand', async () => {
    const { task } = await signedTask('return ctx.params;');
    await updateFromOutside(UIDS.task, task.documentId, { params: { keep: 7 } });

    const accepted = await api('post', `/tasks/${task.id}/accept`);

    expect(accepted.body.data.integrity).toBe('valid');
    expect(await runNow(task.id)).toMatchObject({ status: 'succeeded', result: { keep: 7 } });
  });

  test('Given a task changed outside, When the editor saves it whole, Then it is sealed again', async () => {
    const { task } = await signedTask();
    await updateFromOutside(UIDS.task, task.documentId, { schedule: '* * * * *' });

    const saved = await api('put', `/tasks/${task.id}`).send({
      script: task.script,
      params: { keep: 30 },
      schedule: '0 0 1 1 *',
      timezone: 'UTC',
      enabled: true,
    });

    expect(saved.body.data.integrity).toBe('valid');
  });
});
