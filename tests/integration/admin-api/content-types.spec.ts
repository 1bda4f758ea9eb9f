/**
 * GET /content-types: the content types a script's ctx.entries may reach, which the script
 * editor offers as completions: the site's api:: types and those listed in
 * scripts.extraContentTypes, never admin types nor the plugin's own.
 */
import { ACTIONS } from '../../../server/src/constants';
import { reachableType } from '../../../server/src/context-api/content-types';
import type { ReachableContentType } from '../../../server/src/contracts';
import { createAdminAgent } from '../../helpers/admin';
import { useStrapi } from '../../helpers/strapi';

const app = useStrapi({
  MAINTENANCE_AUTO_RUN: 'false',
  MAINTENANCE_EXTRA_CONTENT_TYPES: 'plugin::upload.file',
});

const listed = async (actions: string[]) => {
  const agent = await createAdminAgent(app.current.strapi, actions, 'reader');
  return agent.request('get', '/maintenance/content-types');
};

test('Given a reader, When it asks for the content types, Then it gets the api:: types and the listed extra ones with their names', async () => {
  const response = await listed([ACTIONS.read]);

  expect(response.status).toBe(200);
  const types = response.body.data as ReachableContentType[];
  const uids = types.map((type) => type.uid);
  expect(uids).toEqual([...uids].sort());
  expect(uids).toEqual(expect.arrayContaining(['api::article.article', 'plugin::upload.file']));
  expect(types.find((type) => type.uid === 'api::article.article')).toEqual({
    uid: 'api::article.article',
    displayName: 'Article',
    kind: 'collectionType',
  });
});

test('Given a reader, When it asks for the content types, Then admin, plugin-internal and unlisted plugin types are not offered', async () => {
  const response = await listed([ACTIONS.read]);

  const uids = (response.body.data as ReachableContentType[]).map((type) => type.uid);
  expect(uids.filter((uid) => !uid.startsWith('api::'))).toEqual(['plugin::upload.file']);
  expect(uids).not.toContain('plugin::maintenance.task');
  expect(uids).not.toContain('admin::user');
  expect(uids).not.toContain('plugin::users-permissions.user');
});

test('Given every listed type, When a script counts its entries, Then the context API lets it (the same rule)', async () => {
  const response = await listed([ACTIONS.read]);

  for (const { uid } of response.body.data as ReachableContentType[]) {
    expect(reachableType(app.current.strapi, 'ctx.entries.count', uid).uid).toBe(uid);
  }
});

test('Given no session, When the content types are asked for, Then it answers 401', async () => {
  const response = await app.current.http().get('/maintenance/content-types');

  expect(response.status).toBe(401);
});

test('Given a role without Read, When the content types are asked for, Then it answers 403', async () => {
  const response = await listed([ACTIONS.manageScripts, ACTIONS.manageTasks]);

  expect(response.status).toBe(403);
});
