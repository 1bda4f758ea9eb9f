/**
 * Run records and saved script versions are the audit trail: no generic path writes them. The
 * Document Service (what GraphQL, the Content Manager and other plugins use) refuses every write,
 * and tasks and scripts cannot be deleted or cloned that way either.
 */
import { UIDS } from '../../../server/src/constants';
import { service, uniqueName } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';

// GraphQL on, as on many sites: these tests are about the generic paths to the plugin's data.
const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false', GRAPHQL_ENABLED: 'true' });

const documents = (uid: string) =>
  app.current.strapi.documents(uid as Parameters<typeof app.current.strapi.documents>[0]);

/** A task run once: one run record and one saved script version. */
const ranTask = async () => {
  const { strapi } = app.current;
  const script = await service(strapi, 'scripts').create({
    name: uniqueName('script'),
    body: 'return 1;',
  });
  const task = await service(strapi, 'tasks').create({
    name: uniqueName('task'),
    script: script.id,
    schedule: '0 0 1 1 *',
    timezone: 'UTC',
  });
  const run = (await service(strapi, 'scheduler').runNow(task.id))!;
  const row = await strapi.db.query(UIDS.run).findOne({ where: { id: run.id } });
  return { script, task, run, runDocumentId: row.documentId as string };
};

const runRow = (id: number) => app.current.strapi.db.query(UIDS.run).findOne({ where: { id } });

describe('run records', () => {
  test('Given run records, When another plugin creates one through the Document Service, Then it is refused and nothing is written', async () => {
    const before = await app.current.strapi.db.query(UIDS.run).count();

    const attempt = documents(UIDS.run).create({
      data: { taskId: 1, trigger: 'manual', status: 'succeeded', attempt: 1 },
    } as never);

    await expect(attempt).rejects.toThrow(/written only by the plugin itself; "create"/);
    expect(await app.current.strapi.db.query(UIDS.run).count()).toBe(before);
  });

  test('Given a succeeded run, When another plugin rewrites it through the Document Service, Then it is refused and the record is unchanged', async () => {
    const { run, runDocumentId } = await ranTask();

    const attempt = documents(UIDS.run).update({
      documentId: runDocumentId,
      data: { status: 'failed' },
    } as never);

    await expect(attempt).rejects.toThrow(/"update" through the Document Service is refused/);
    expect((await runRow(run.id)).status).toBe('succeeded');
  });

  test('Given a run, When another plugin deletes it through the Document Service, Then it is refused and the record is kept', async () => {
    const { run, runDocumentId } = await ranTask();

    const attempt = documents(UIDS.run).delete({ documentId: runDocumentId } as never);

    await expect(attempt).rejects.toThrow(/"delete" through the Document Service is refused/);
    expect(await runRow(run.id)).not.toBeNull();
  });

  test('Given runs, When another plugin reads them through the Document Service, Then it may', async () => {
    const { run, runDocumentId } = await ranTask();

    const found = (await documents(UIDS.run).findOne({ documentId: runDocumentId } as never)) as {
      id: number;
    };

    expect(found.id).toBe(run.id);
  });
});

describe('saved script versions', () => {
  test('Given a saved version, When another plugin rewrites it through the Document Service, Then it is refused', async () => {
    const { script } = await ranTask();
    const version = await app.current.strapi.db
      .query(UIDS.scriptVersion)
      .findOne({ where: { scriptId: script.id } });

    const attempt = documents(UIDS.scriptVersion).update({
      documentId: version.documentId,
      data: { body: 'return "forged";' },
    } as never);

    await expect(attempt).rejects.toThrow(/saved script versions .* written only by the plugin/);
  });
});

describe('tasks and scripts', () => {
  test('Given a script, When another plugin deletes it through the Document Service, Then it is refused and kept', async () => {
    const { script } = await ranTask();

    const attempt = documents(UIDS.script).delete({ documentId: script.documentId } as never);

    await expect(attempt).rejects.toThrow(/deleted through the plugin's admin panel or API/);
    expect(await service(app.current.strapi, 'scripts').findOne(script.id)).toBeTruthy();
  });

  test('Given a task, When another plugin deletes it through the Document Service, Then it is refused and kept', async () => {
    const { task } = await ranTask();

    const attempt = documents(UIDS.task).delete({ documentId: task.documentId } as never);

    await expect(attempt).rejects.toThrow(/deleted through the plugin's admin panel or API/);
    expect(await service(app.current.strapi, 'tasks').findOne(task.id)).toBeTruthy();
  });
});
