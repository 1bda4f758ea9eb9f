/**
 * The Content Manager's REST routes take any content-type uid. The plugin's types are hidden from
 * it (pluginOptions content-manager visible: false), which in Strapi 5.54 keeps them out of the
 * create, update, delete and publish permissions, even for the super admin
 * (content-manager/dist/server/services/permission.js, registerPermissions). Reads are granted to
 * the super admin for every type (and the roles API accepts them for any role), so the plugin
 * refuses Content Manager requests on its types itself (document-middleware.ts). docs/security.md.
 */
import { UIDS } from '../../../server/src/constants';
import { createAdminAgent, createRole, type AdminAgent } from '../../helpers/admin';
import { snapshotTables } from '../../helpers/graphql';
import { service, uniqueName } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';

// GraphQL on, as on many sites: these tests are about the generic paths to the plugin's data.
const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false', GRAPHQL_ENABLED: 'true' });

let superAdmin: AdminAgent;
const documents = { script: '', task: '', run: '' };

const CM = '/content-manager/collection-types';

beforeAll(async () => {
  const { strapi } = app.current;
  const script = await service(strapi, 'scripts').create({
    name: uniqueName('cm'),
    body: 'return 1;',
  });
  const task = await service(strapi, 'tasks').create({
    name: uniqueName('cm'),
    script: script.id,
    schedule: '0 3 * * *',
    timezone: 'UTC',
  });
  await service(strapi, 'scheduler').runNow(task.id);
  const documentId = async (uid: string, where: Record<string, unknown>) =>
    ((await strapi.db.query(uid).findOne({ where })) as { documentId: string }).documentId;
  documents.script = await documentId(UIDS.script, { id: script.id });
  documents.task = await documentId(UIDS.task, { id: task.id });
  documents.run = await documentId(UIDS.run, { taskId: task.id });
  superAdmin = await createAdminAgent(strapi, 'super-admin', 'super admin');
});

type Method = 'post' | 'put' | 'delete';

const WRITES: Array<[string, Method, () => string, Record<string, unknown>]> = [
  ['create a script', 'post', () => `${CM}/${UIDS.script}`, { name: 'cm', body: 'return 2;' }],
  [
    'update a script',
    'put',
    () => `${CM}/${UIDS.script}/${documents.script}`,
    { body: 'return 3;' },
  ],
  ['delete a script', 'delete', () => `${CM}/${UIDS.script}/${documents.script}`, {}],
  [
    'bulk-delete scripts',
    'post',
    () => `${CM}/${UIDS.script}/actions/bulkDelete`,
    { documentIds: [documents.script] },
  ],
  [
    'clone a script',
    'post',
    () => `${CM}/${UIDS.script}/clone/${documents.script}`,
    { name: 'clone' },
  ],
  ['update a task', 'put', () => `${CM}/${UIDS.task}/${documents.task}`, { params: { x: 1 } }],
  [
    'forge a run',
    'post',
    () => `${CM}/${UIDS.run}`,
    { taskId: 1, attempt: 1, trigger: 'manual', status: 'succeeded' },
  ],
  ['update a run', 'put', () => `${CM}/${UIDS.run}/${documents.run}`, { status: 'succeeded' }],
];

describe('the Content Manager for a super admin', () => {
  test('Given a super admin, When it updates an article through the Content Manager, Then that works (control)', async () => {
    const article = await app.current.strapi
      .documents('api::article.article')
      .create({ data: { title: uniqueName('cm article') } });
    const response = await superAdmin
      .request('put', `${CM}/api::article.article/${article.documentId}`)
      .send({ title: 'changed' });
    expect(response.status).toBe(200);
  });

  test.each(WRITES)(
    'Given a super admin, When it tries to %s through the Content Manager, Then it is refused and nothing changes',
    async (_label, method, path, body) => {
      const before = await snapshotTables(app.current.strapi);

      const response = await superAdmin.request(method, path()).send(body);

      expect(response.status).toBe(403);
      expect(await snapshotTables(app.current.strapi)).toEqual(before);
    }
  );
});

const READS: Array<[string, () => string]> = [
  ['list the scripts', () => `${CM}/${UIDS.script}`],
  ['read a script', () => `${CM}/${UIDS.script}/${documents.script}`],
  ['read a task', () => `${CM}/${UIDS.task}/${documents.task}`],
  ['list the runs', () => `${CM}/${UIDS.run}`],
  ['read a run', () => `${CM}/${UIDS.run}/${documents.run}`],
  ['list the script versions', () => `${CM}/${UIDS.scriptVersion}`],
];

describe('Content Manager reads of the plugin types', () => {
  test('Given a super admin, When it reads an article through the Content Manager, Then that works (control)', async () => {
    const response = await superAdmin.request('get', `${CM}/api::article.article`);
    expect(response.status).toBe(200);
  });

  test.each(READS)(
    'Given a super admin, When it tries to %s through the Content Manager, Then it is refused with no field in the answer',
    async (_label, path) => {
      const response = await superAdmin.request('get', path());

      expect(response.status).toBe(403);
      expect(response.text).not.toMatch(/return 1;|"body"|"params"|"signature"/);
    }
  );
});

/** Grants one Content Manager action through the roles API, on a field the subject really has. */
const grant = async (action: string, subject: string, field: string) => {
  const role = await createRole(app.current.strapi, `cm ${action}`, []);
  const response = await superAdmin.request('put', `/admin/roles/${role.id}/permissions`).send({
    permissions: [
      {
        action: `plugin::content-manager.explorer.${action}`,
        subject,
        properties: action === 'delete' || action === 'publish' ? {} : { fields: [field] },
        conditions: [],
      },
    ],
  });
  const granted = await app.current.strapi.db
    .query('admin::permission')
    .count({ where: { role: { id: role.id } } });
  return { status: response.status, granted };
};

describe('Content Manager permissions on the plugin types', () => {
  test('Given a role, When a super admin grants it explorer.update on articles, Then it is granted (control)', async () => {
    expect(await grant('update', 'api::article.article', 'title')).toEqual({
      status: 200,
      granted: 1,
    });
  });

  test.each(['create', 'update', 'delete', 'publish'])(
    'Given a role, When a super admin grants it explorer.%s on maintenance scripts, Then the roles API refuses',
    async (action) => {
      expect(await grant(action, UIDS.script, 'body')).toEqual({ status: 400, granted: 0 });
    }
  );
});
