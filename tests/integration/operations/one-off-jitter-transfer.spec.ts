/**
 * One-off tasks and jitter outside the admin form (issue 17): declared as code (a one-off whose
 * time has passed boots fine and is done), and carried by export/import with their values.
 */
import { jitterOffsetMs } from '../../../server/src/scheduling';
import { createAdminAgent, type AdminAgent } from '../../helpers/admin';
import { createScript, service, uniqueName } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';

const HOUR = 3_600_000;
const CODE = {
  scripts: [{ key: 'code-one-off-script', name: 'Code: one-off script', body: 'return 1;' }],
  tasks: [
    {
      key: 'code-one-off-past',
      name: 'Code: one-off past',
      script: 'code-one-off-script',
      schedule: '@once 2020-01-01T03:00',
      timezone: 'Europe/Paris',
    },
    {
      key: 'code-one-off-ahead',
      name: 'Code: one-off ahead',
      script: 'code-one-off-script',
      schedule: '@once 2099-01-01T03:00',
      timezone: 'Europe/Paris',
    },
    {
      key: 'code-jittered',
      name: 'Code: jittered',
      script: 'code-one-off-script',
      schedule: '0 * * * *',
      timezone: 'UTC',
      jitterSeconds: 1200,
    },
  ],
};

const app = useStrapi({
  MAINTENANCE_AUTO_RUN: 'false',
  MAINTENANCE_EXPORT_SECRET: 'export-secret-for-the-one-off-tests-0123456789',
  MAINTENANCE_CODE: JSON.stringify(CODE),
});

const byCodeKey = async (key: string) =>
  (await service(app.current.strapi, 'tasks').findMany()).find((task) => task.codeKey === key)!;

describe('tasks as code', () => {
  test('Given a declared one-off whose time has passed, When the site boots, Then the task exists and is done', async () => {
    const task = await byCodeKey('code-one-off-past');
    expect(task).toMatchObject({ schedule: '@once 2020-01-01T03:00', nextRunAt: null });
  });

  test('Given a declared one-off ahead, When the site boots, Then its next run is that local time', async () => {
    expect((await byCodeKey('code-one-off-ahead')).nextRunAt).toBe(
      Date.parse('2099-01-01T02:00:00Z')
    );
  });

  test('Given a declared jitter, When the site boots, Then the next run is moved by the task’s offset', async () => {
    const task = await byCodeKey('code-jittered');
    expect(task.jitterSeconds).toBe(1200);
    expect(((task.nextRunAt as number) - jitterOffsetMs(task.documentId, 1200)) % HOUR).toBe(0);
  });
});

describe('export and import', () => {
  let admin: AdminAgent;
  beforeAll(async () => {
    admin = await createAdminAgent(app.current.strapi, 'super-admin', 'one-off importer');
  });

  test('Given a one-off task and a jittered task, When exported, deleted and imported, Then both come back with their schedule and jitter', async () => {
    const { strapi } = app.current;
    const script = await createScript(strapi);
    const tasks = service(strapi, 'tasks');
    const oneOff = await tasks.create({
      name: uniqueName('exported one-off'),
      script: script.id,
      schedule: '@once 2099-06-01T12:00',
      timezone: 'Europe/Paris',
    });
    const jittered = await tasks.create({
      name: uniqueName('exported jittered'),
      script: script.id,
      schedule: '30 * * * *',
      timezone: 'UTC',
      jitterSeconds: 600,
    });
    const file = (await admin.request('get', '/maintenance/export')).body as {
      tasks: Array<Record<string, unknown>>;
    };
    expect(file.tasks.find((task) => task.name === oneOff.name)).toMatchObject({
      schedule: '@once 2099-06-01T12:00',
      jitterSeconds: null,
    });
    expect(file.tasks.find((task) => task.name === jittered.name)).toMatchObject({
      jitterSeconds: 600,
    });
    await tasks.delete(oneOff.id);
    await tasks.delete(jittered.id);

    const response = await admin.request('post', '/maintenance/import').send(file);

    expect(response.status).toBe(200);
    const after = await tasks.findMany();
    const again = after.find((task) => task.name === oneOff.name)!;
    expect(again).toMatchObject({ schedule: '@once 2099-06-01T12:00', enabled: false });
    const jitteredAgain = after.find((task) => task.name === jittered.name)!;
    expect(jitteredAgain.jitterSeconds).toBe(600);
  });
});
