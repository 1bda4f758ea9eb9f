/**
 * The plugin hides its types from GraphQL only when the GraphQL plugin is there; on a site without
 * it, register must neither fail nor need it (server/src/security/graphql.ts).
 */
import { useStrapi } from '../../helpers/strapi';

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false', GRAPHQL_ENABLED: 'false' });

describe('a site without the GraphQL plugin', () => {
  test('Given GraphQL turned off, When the site boots, Then the maintenance plugin is loaded', () => {
    expect(app.current.strapi.plugin('graphql')).toBeUndefined();
    expect(app.current.strapi.plugin('maintenance')).toBeDefined();
  });
});
