/**
 * Tasks and scripts declared in config/plugins: created at boot by key, read-only in the admin
 * API, updated when the declaration changes, disabled (never deleted) when it goes away, and
 * a bad declaration stops boot naming the entry and the field.
 */
import { UIDS } from '../../../server/src/constants';
import { createAdminAgent } from '../../helpers/admin';
import { provisionDatabase, type ProvisionedDatabase } from '../../helpers/database';
import { service } from '../../helpers/maintenance';
import { startStrapi, strapiEnvironment, type TestStrapi } from '../../helpers/strapi';

const BOOT = 120_000;
const env = { ...strapiEnvironment(), MAINTENANCE_AUTO_RUN: 'false' };
const declare = (code: unknown) => ({ ...env, MAINTENANCE_CODE: JSON.stringify(code) });

const SCRIPT = { key: 'count', name: 'Code: count', description: 'v1', body: 'return 1;' };
const TASK = {
  key: 'nightly-count',
  name: 'Code: nightly count',
  script: 'count',
  schedule: '0 3 * * *',
  timezone: 'Europe/Paris',
  params: { limit: 5 },
  retries: 2,
};
const BUILTIN_TASK = {
  key: 'weekly-purge',
  name: 'Code: weekly purge',
  script: 'builtin:purge-run-history',
  schedule: '0 4 * * 0',
};

let database: ProvisionedDatabase;
let app: TestStrapi | undefined;
const stop = async () => {
  await app?.stop();
  app = undefined;
};

beforeAll(async () => {
  database = await provisionDatabase();
  app = await startStrapi(declare({ scripts: [SCRIPT], tasks: [TASK, BUILTIN_TASK] }), {
    database,
  });
}, BOOT);
afterAll(async () => {
  await stop();
  await database.drop();
}, BOOT);

const byKey = async (uid: typeof UIDS.task | typeof UIDS.script, codeKey: string) =>
  app!.strapi.db.query(uid).findOne({ where: { codeKey } });

test('Given declarations in config/plugins, When Strapi boots, Then the script and tasks exist, managed in code', async () => {
  const script = await byKey(UIDS.script, 'count');
  expect(script).toMatchObject({
    name: 'Code: count',
    body: 'return 1;',
    managedInCode: true,
    version: 1,
  });
  const task = await service(app!.strapi, 'tasks').findOne(
    (await byKey(UIDS.task, 'nightly-count')).id
  );
  expect(task).toMatchObject({
    name: 'Code: nightly count',
    script: script.id,
    schedule: '0 3 * * *',
    timezone: 'Europe/Paris',
    params: { limit: 5 },
    retries: 2,
    enabled: true,
    managedInCode: true,
    codeKey: 'nightly-count',
  });
  const builtIn = await service(app!.strapi, 'builtin').findScript('purge-run-history');
  expect(await byKey(UIDS.task, 'weekly-purge')).toMatchObject({ managedInCode: true });
  expect(
    (await service(app!.strapi, 'tasks').findOne((await byKey(UIDS.task, 'weekly-purge')).id))
      .script
  ).toBe(builtIn!.id);
});

test('Given a task managed in code, When an admin updates, disables or deletes it, Then each answers 403 naming its key', async () => {
  const admin = await createAdminAgent(app!.strapi, 'super-admin', 'code admin');
  const { id } = await byKey(UIDS.task, 'nightly-count');
  for (const [method, path, body] of [
    ['put', `/maintenance/tasks/${id}`, { description: 'x' }],
    ['post', `/maintenance/tasks/${id}/disable`, undefined],
    ['delete', `/maintenance/tasks/${id}`, undefined],
  ] as const) {
    const response = await admin.request(method, path).send(body);
    expect([method, response.status]).toEqual([method, 403]);
  }
  await expect(service(app!.strapi, 'tasks').update(id, { description: 'x' })).rejects.toThrow(
    /task \d+ is managed in code \(config\/plugins, key "nightly-count"\): change it there/
  );
});

test('Given a task managed in code, When an admin updates it over HTTP, Then the 403 says it is managed in code and names its key', async () => {
  const admin = await createAdminAgent(app!.strapi, 'super-admin', 'message reader');
  const { id } = await byKey(UIDS.task, 'nightly-count');
  const response = await admin
    .request('put', `/maintenance/tasks/${id}`)
    .send({ description: 'x' });
  expect(response.status).toBe(403);
  expect(response.body.error).toEqual({
    status: 403,
    name: 'ForbiddenError',
    message: `task ${id} is managed in code (config/plugins, key "nightly-count"): change it there`,
    details: { codeKey: 'nightly-count', managedInCode: true },
  });
});

test('Given a script managed in code, When an admin saves it over HTTP, Then the 403 says it is managed in code and names its key', async () => {
  const admin = await createAdminAgent(app!.strapi, 'super-admin', 'script message reader');
  const { id } = await byKey(UIDS.script, 'count');
  const response = await admin
    .request('put', `/maintenance/scripts/${id}`)
    .send({ body: 'return 3;' });
  expect(response.status).toBe(403);
  expect(response.body.error).toEqual({
    status: 403,
    name: 'ForbiddenError',
    message: `script ${id} is managed in code (config/plugins, key "count"): change it there`,
    details: { codeKey: 'count', managedInCode: true },
  });
});

test('Given a script managed in code, When an admin saves it, Then it answers 403', async () => {
  const admin = await createAdminAgent(app!.strapi, 'super-admin', 'script admin');
  const { id } = await byKey(UIDS.script, 'count');
  const response = await admin
    .request('put', `/maintenance/scripts/${id}`)
    .send({ body: 'return 2;' });
  expect(response.status).toBe(403);
});

test('Given a task managed in code, When an admin runs it now, Then it runs', async () => {
  const admin = await createAdminAgent(app!.strapi, 'super-admin', 'runner');
  const { id } = await byKey(UIDS.task, 'nightly-count');
  const response = await admin
    .request('post', `/maintenance/tasks/${id}/run`)
    .send({ dryRun: true });
  expect(response.status).toBe(200);
});

test('Given declarations applied at boot, When a changed task is followed by a bad declaration, Then nothing of the change is applied', async () => {
  const before = await byKey(UIDS.task, 'nightly-count');

  const applying = service(app!.strapi, 'code').sync({
    scripts: [SCRIPT, { key: 'extra', name: 'Code: extra', body: 'return 3;' }],
    tasks: [
      { ...TASK, schedule: '45 5 * * *' },
      { ...TASK, key: 'broken', name: 'Code: broken', schedule: '61 * * * *' },
    ],
  } as never);

  await expect(applying).rejects.toThrow(/code\.tasks\[1\] \(key "broken"\): schedule/);
  expect(await byKey(UIDS.task, 'nightly-count')).toMatchObject({
    schedule: before.schedule,
    nextRunAt: before.nextRunAt,
  });
  expect(await byKey(UIDS.script, 'extra')).toBeNull();
});

test(
  'Given changed declarations, When Strapi boots again, Then the changes are applied, and a task removed from the code is disabled and keeps its runs',
  async () => {
    const purge = await byKey(UIDS.task, 'weekly-purge');
    await service(app!.strapi, 'scheduler').runNow(purge.id, { dryRun: true });
    await stop();
    app = await startStrapi(
      declare({
        scripts: [{ ...SCRIPT, body: 'return 2;', description: 'v2' }],
        tasks: [{ ...TASK, schedule: '30 3 * * *', params: { limit: 9 } }],
      }),
      { database }
    );
    expect(await byKey(UIDS.script, 'count')).toMatchObject({ body: 'return 2;', version: 2 });
    expect(await byKey(UIDS.task, 'nightly-count')).toMatchObject({
      schedule: '30 3 * * *',
      params: { limit: 9 },
    });
    const released = await byKey(UIDS.task, 'weekly-purge');
    expect(released).toMatchObject({
      enabled: false,
      managedInCode: false,
      codeKey: 'weekly-purge',
    });
    expect(await service(app!.strapi, 'runs').findForTask(purge.id)).toHaveLength(1);
    expect(
      await service(app!.strapi, 'history').list(
        released.id === purge.id ? (await byKey(UIDS.script, 'count')).id : 0
      )
    ).toHaveLength(2);
  },
  BOOT
);
