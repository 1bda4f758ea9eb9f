import { version } from '../../../package.json';
import { ACTIONS } from '../../../server/src/constants';
import { createAdminAgent } from '../../helpers/admin';
import { useStrapi } from '../../helpers/strapi';
import { selectedClient } from '../../helpers/database';

// As the site is shipped: GraphQL on.
const app = useStrapi({ GRAPHQL_ENABLED: 'true' });

describe('the maintenance plugin inside the playground', () => {
  test('Given the playground booted, Then Strapi knows the plugin by its id', () => {
    expect(app.current.strapi.plugin('maintenance')).toBeDefined();
  });

  test('Given the playground booted, Then it runs on the database TEST_DB names', () => {
    const expected = { sqlite: 'sqlite', postgres: 'postgres', mysql: 'mysql' }[selectedClient()];
    expect(app.current.strapi.db.dialect.client).toBe(expected);
  });

  test('Given the plugin bootstrapped, Then each of its actions is registered with Strapi', () => {
    const registered = app.current.strapi
      .service('admin::permission')
      .actionProvider.values()
      .map((action: { actionId: string }) => action.actionId);
    expect(registered).toEqual(expect.arrayContaining(Object.values(ACTIONS)));
  });

  test('Given the plugin config, Then the defaults apply where the site sets nothing', () => {
    expect(app.current.strapi.config.get('plugin::maintenance.timezone')).toBe('UTC');
  });
});

describe('GET /maintenance/status (admin)', () => {
  test('Given no session, When it is requested, Then it answers 401', async () => {
    const response = await app.current.http().get('/maintenance/status');
    expect(response.status).toBe(401);
  });

  test('Given an admin without the read action, When it is requested, Then it answers 403', async () => {
    const agent = await createAdminAgent(app.current.strapi, [ACTIONS.run], 'runner');
    const response = await agent.request('get', '/maintenance/status');
    expect(response.status).toBe(403);
  });

  test('Given an admin with the read action, When it is requested, Then it answers with the plugin version', async () => {
    const agent = await createAdminAgent(app.current.strapi, [ACTIONS.read], 'reader');
    const response = await agent.request('get', '/maintenance/status');
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({
      plugin: 'maintenance',
      version,
      database: app.current.strapi.db.dialect.client,
    });
  });
});
