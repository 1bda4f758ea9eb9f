import type { Core } from '@strapi/strapi';
import { UIDS } from '../../../server/src/constants';
import { hideFromGraphql } from '../../../server/src/security/graphql';

/** Just enough of Strapi for hideFromGraphql: plugin(name) and that plugin's service(name). */
const fakeStrapi = (graphqlServices?: Record<string, unknown>) =>
  ({
    plugin: (name: string) =>
      name === 'graphql' && graphqlServices
        ? { service: (service: string) => graphqlServices[service] }
        : undefined,
  }) as unknown as Core.Strapi;

describe('hideFromGraphql', () => {
  test('Given a site without GraphQL, When the plugin registers, Then nothing happens', () => {
    expect(() => hideFromGraphql(fakeStrapi())).not.toThrow();
  });

  test('Given GraphQL, When the plugin registers, Then shadow CRUD is disabled for each of its four types', () => {
    const disabled: string[] = [];
    const extension = {
      shadowCRUD: (uid: string) => ({ disable: () => disabled.push(uid) }),
    };
    hideFromGraphql(fakeStrapi({ extension }));
    expect(disabled.sort()).toEqual(Object.values(UIDS).sort());
  });

  test('Given a GraphQL plugin without the shadowCRUD extension, When the plugin registers, Then it refuses to start', () => {
    expect(() => hideFromGraphql(fakeStrapi({ extension: {} }))).toThrow(
      /cannot hide the maintenance content types from GraphQL, refusing to start/
    );
  });
});
