/**
 * The playground runs @strapi/plugin-graphql. Its shadow CRUD would publish every content type,
 * the plugin's four included: any API token could read script bodies and task arguments, a
 * full-access one could rewrite scripts and forge run records. The plugin turns shadow CRUD off for
 * its types at register time (server/src/security/graphql.ts); these tests hold that on a real site,
 * next to controls that prove the endpoint and the tokens work for the site's own content.
 */
import { UIDS } from '../../../server/src/constants';
import {
  MAINTENANCE_OPERATIONS,
  createApiToken,
  snapshotTables,
  type ApiTokenType,
  type Seed,
} from '../../helpers/graphql';
import { service, uniqueName } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';

// GraphQL on, as on many sites: these tests are about the generic paths to the plugin's data.
const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false', GRAPHQL_ENABLED: 'true' });

const tokens: Record<Exclude<ApiTokenType, 'custom'>, string> = {
  'read-only': '',
  'full-access': '',
};
let seed: Seed;

const documentIdOf = async (uid: string, where: Record<string, unknown>) => {
  const row = (await app.current.strapi.db.query(uid).findOne({ where })) as {
    documentId: string;
  } | null;
  if (!row) throw new Error(`no ${uid} row to aim at`);
  return row.documentId;
};

// One row in each of the four tables, so that every operation names a real document.
beforeAll(async () => {
  const { strapi } = app.current;
  const script = await service(strapi, 'scripts').create({
    name: uniqueName('graphql'),
    body: 'return 1;',
  });
  await service(strapi, 'scripts').update(script.id, { body: 'return 2;' });
  const task = await service(strapi, 'tasks').create({
    name: uniqueName('graphql'),
    script: script.id,
    schedule: '0 3 * * *',
    timezone: 'UTC',
    params: { secret: 'only for the plugin' },
  });
  await service(strapi, 'scheduler').runNow(task.id);
  seed = {
    scriptId: script.id,
    taskId: task.id,
    scriptDocumentId: await documentIdOf(UIDS.script, { id: script.id }),
    taskDocumentId: await documentIdOf(UIDS.task, { id: task.id }),
    runDocumentId: await documentIdOf(UIDS.run, { taskId: task.id }),
    versionDocumentId: await documentIdOf(UIDS.scriptVersion, { scriptId: script.id }),
  };
  tokens['read-only'] = await createApiToken(strapi, 'read-only');
  tokens['full-access'] = await createApiToken(strapi, 'full-access');
});

const gql = (token: string, query: string) =>
  app.current.http().post('/graphql').set('Authorization', `Bearer ${token}`).send({ query });

const introspect = async () => {
  const response = await gql(
    tokens['full-access'],
    '{ __schema { types { name } queryType { fields { name } } mutationType { fields { name } } } }'
  );
  expect(response.status).toBe(200);
  const schema = response.body.data.__schema as {
    types: Array<{ name: string }>;
    queryType: { fields: Array<{ name: string }> };
    mutationType: { fields: Array<{ name: string }> };
  };
  return {
    types: schema.types.map((type) => type.name),
    queries: schema.queryType.fields.map((field) => field.name),
    mutations: schema.mutationType.fields.map((field) => field.name),
  };
};

// Shadow CRUD names include the plugin name in any case: MaintenanceScript, ENUM_MAINTENANCERUN_STATUS.
const isMaintenance = (name: string) => /maintenance/i.test(name);

describe('the GraphQL endpoint itself (controls)', () => {
  test('Given a read-only API token, When it lists articles, Then it gets them', async () => {
    const response = await gql(tokens['read-only'], '{ articles { documentId } }');
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.articles).toEqual(expect.any(Array));
  });

  test('Given a full-access API token, When it creates an article, Then the article is saved', async () => {
    const title = uniqueName('graphql article');
    const response = await gql(
      tokens['full-access'],
      `mutation { createArticle(data: { title: "${title}" }) { documentId title } }`
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.createArticle.title).toBe(title);
    const saved = await app.current.strapi
      .documents('api::article.article')
      .findOne({ documentId: response.body.data.createArticle.documentId });
    expect(saved?.title).toBe(title);
  });
});

describe('GraphQL introspection', () => {
  test('When the schema is introspected, Then it has the site types but no maintenance type', async () => {
    const { types } = await introspect();
    expect(types).toContain('Article');
    expect(types.filter(isMaintenance)).toEqual([]);
  });

  test('When the schema is introspected, Then no query belongs to the plugin', async () => {
    const { queries } = await introspect();
    expect(queries).toContain('articles');
    expect(queries.filter(isMaintenance)).toEqual([]);
  });

  test('When the schema is introspected, Then no mutation belongs to the plugin', async () => {
    const { mutations } = await introspect();
    expect(mutations).toContain('createArticle');
    expect(mutations.filter(isMaintenance)).toEqual([]);
  });
});

describe.each(['read-only', 'full-access'] as const)('Given a %s API token', (type) => {
  test.each(MAINTENANCE_OPERATIONS.map((operation) => [operation.field, operation] as const))(
    'When it sends %s, Then GraphQL refuses the unknown field and no maintenance row changes',
    async (_field, operation) => {
      const before = await snapshotTables(app.current.strapi);

      const response = await gql(tokens[type], operation.document(seed));

      expect(response.status).toBe(400);
      expect(response.body.data).toBeUndefined();
      expect(response.body.errors).toEqual([
        expect.objectContaining({
          message: expect.stringContaining(
            `Cannot query field "${operation.field}" on type "${operation.root}"`
          ),
        }),
      ]);
      expect(await snapshotTables(app.current.strapi)).toEqual(before);
    }
  );
});

describe('the REST content API', () => {
  test('Given a full-access API token, When it lists articles, Then it gets them (control)', async () => {
    const response = await app.current
      .http()
      .get('/api/articles')
      .set('Authorization', `Bearer ${tokens['full-access']}`);
    expect(response.status).toBe(200);
  });

  test.each([
    '/api/maintenance-scripts',
    '/api/maintenance-tasks',
    '/api/maintenance-runs',
    '/api/maintenance-script-versions',
    '/api/maintenance/scripts',
    '/api/maintenance/tasks',
    '/api/maintenance/runs',
    '/api/maintenance/script-versions',
  ])(
    'Given a full-access API token, When it requests GET %s, Then there is no such route',
    async (path) => {
      const response = await app.current
        .http()
        .get(path)
        .set('Authorization', `Bearer ${tokens['full-access']}`);
      expect(response.status).toBe(404);
    }
  );

  test('Given the content-API actions Strapi registered, Then none is a CRUD action on a maintenance type', () => {
    const actions = app.current.strapi.contentAPI.permissions.providers.action.keys();
    expect(actions).toContain('api::article.article.find');
    expect(
      actions.filter((action) =>
        /^plugin::maintenance\.(script|task|run|script-version)\./.test(action)
      )
    ).toEqual([]);
  });

  test('When a custom API token is asked to read maintenance scripts, Then Strapi refuses to create it', async () => {
    await expect(
      createApiToken(app.current.strapi, 'custom', ['plugin::maintenance.script.find'])
    ).rejects.toThrow('Unknown permissions provided: plugin::maintenance.script.find');
  });
});
