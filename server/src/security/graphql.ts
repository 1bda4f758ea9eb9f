import type { Core } from '@strapi/strapi';
import { UIDS } from '../constants';

/**
 * The part of @strapi/plugin-graphql's `extension` service used here (5.x,
 * services/extension/shadow-crud-manager). Typed locally so that the plugin neither imports nor
 * depends on GraphQL: most sites do not have it.
 */
interface ShadowCrudConfig {
  disable(): unknown;
}
interface GraphqlExtension {
  shadowCRUD(uid: string): ShadowCrudConfig;
}

const isGraphqlExtension = (value: unknown): value is GraphqlExtension =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { shadowCRUD?: unknown }).shadowCRUD === 'function';

/**
 * Keeps the plugin's content types out of GraphQL's shadow CRUD. Without this, any API token with
 * read access could list script bodies and task arguments, and a full-access token could rewrite
 * scripts or forge run records, bypassing the admin permissions and the script signatures.
 *
 * Called at register time: every plugin's services exist by then (Strapi loads all modules before
 * running any register), and GraphQL builds its schema only in its own bootstrap, which runs after
 * every register, so plugin order does not matter.
 */
export const hideFromGraphql = (strapi: Core.Strapi): void => {
  // Strapi's types say plugin() always returns a plugin; at run time it is undefined when absent.
  const graphql: Core.Plugin | undefined = strapi.plugin('graphql');
  if (!graphql) return;

  const extension: unknown = graphql.service('extension');
  if (!isGraphqlExtension(extension)) {
    // Fail closed: starting anyway would publish scripts and tasks on /graphql.
    throw new Error(
      '[maintenance] the GraphQL plugin is installed but its extension service has no shadowCRUD(); ' +
        'cannot hide the maintenance content types from GraphQL, refusing to start'
    );
  }
  for (const uid of Object.values(UIDS)) extension.shadowCRUD(uid).disable();
};
