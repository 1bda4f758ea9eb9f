/**
 * Removing the plugin from a site and adding it back keeps every task, script, version and run:
 * the plugin lists its tables in Strapi's persisted tables, which Strapi's schema sync never drops.
 */
import type { Core } from '@strapi/strapi';
import { UIDS } from '../../../server/src/constants';
import { provisionDatabase, type ProvisionedDatabase } from '../../helpers/database';
import { service, uniqueName } from '../../helpers/maintenance';
import { startStrapi, strapiEnvironment } from '../../helpers/strapi';

const BOOT = 120_000;
const env = { ...strapiEnvironment(), MAINTENANCE_AUTO_RUN: 'false' };
let database: ProvisionedDatabase;

beforeAll(async () => {
  database = await provisionDatabase();
});
afterAll(() => database.drop(), BOOT);

const counts = async (strapi: Core.Strapi) =>
  Object.fromEntries(
    await Promise.all(
      Object.values(UIDS).map(async (uid) => [uid, await strapi.db.query(uid).count()])
    )
  );

test(
  'Given a site with tasks, scripts, versions and runs, When it boots without the plugin and then with it again, Then everything is still there',
  async () => {
    const first = await startStrapi(env, { database });
    let before: Record<string, number>;
    let taskId: number;
    try {
      const { strapi } = first;
      const script = await service(strapi, 'scripts').create({
        name: uniqueName('kept'),
        body: 'return 1;',
      });
      await service(strapi, 'scripts').update(script.id, { body: 'return 2;' });
      taskId = (
        await service(strapi, 'tasks').create({
          name: uniqueName('kept task'),
          script: script.id,
          schedule: '0 3 * * *',
          timezone: 'UTC',
        })
      ).id;
      await service(strapi, 'scheduler').runNow(taskId);
      before = await counts(strapi);
    } finally {
      await first.stop();
    }

    const without = await startStrapi({ ...env, MAINTENANCE_ENABLED: 'false' }, { database });
    try {
      expect(without.strapi.plugin('maintenance')).toBeUndefined();
    } finally {
      await without.stop();
    }

    const again = await startStrapi(env, { database });
    try {
      expect(await counts(again.strapi)).toEqual(before);
      const task = await service(again.strapi, 'tasks').findOne(taskId);
      expect(task.script).not.toBeNull();
      expect(await service(again.strapi, 'runs').findForTask(taskId)).toHaveLength(1);
      expect(
        service(again.strapi, 'scripts').integrity(
          await service(again.strapi, 'scripts').findOne(task.script)
        )
      ).toBe('valid');
    } finally {
      await again.stop();
    }
  },
  3 * BOOT
);
