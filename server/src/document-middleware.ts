import type { Core } from '@strapi/strapi';
import { UIDS } from './constants';
import { getService } from './utils/get-service';
import { toTaskRecord } from './services/tasks';
import type { ScriptRecord } from './services/scripts';

/**
 * Code that writes tasks or scripts through Strapi's Document Service (another plugin, a
 * migration, an import) gets the same validation and derived fields as the admin API: a bad
 * task is refused with the same 400 and nothing is saved.
 */
export const registerDocumentMiddleware = (strapi: Core.Strapi) => {
  strapi.documents.use(async (context, next) => {
    const { uid, action } = context;
    // Only create and update reach the code below, and both carry data (update a documentId too).
    const params = context.params as { documentId?: string; data?: unknown };
    if (uid !== UIDS.task && uid !== UIDS.script) return next();
    if (action !== 'create' && action !== 'update') return next();

    if (uid === UIDS.task) {
      const tasks = getService(strapi, 'tasks');
      if (action === 'create') {
        params.data = await tasks.prepareCreate(params.data);
      } else {
        const row = await strapi.db.query(UIDS.task).findOne({
          where: { documentId: params.documentId },
          populate: { script: { select: ['id'] } },
        });
        if (row) params.data = await tasks.prepareUpdate(toTaskRecord(row), params.data);
      }
      return next();
    }

    const scripts = getService(strapi, 'scripts');
    let previousVersion: number | undefined;
    if (action === 'create') {
      params.data = await scripts.prepareCreate(params.data);
    } else {
      const row = await strapi.db
        .query(UIDS.script)
        .findOne({ where: { documentId: params.documentId } });
      if (row) params.data = (await scripts.prepareUpdate(row as ScriptRecord, params.data)) ?? {};
      previousVersion = (row as ScriptRecord | null)?.version;
    }
    const saved = await next();
    // The history holds every saved version, whichever way it was saved.
    const { id, version } = (saved ?? {}) as Partial<ScriptRecord>;
    if (id && version !== previousVersion) {
      const script = await strapi.db.query(UIDS.script).findOne({ where: { id } });
      if (script) await getService(strapi, 'history').record(script as ScriptRecord);
    }
    return saved;
  });
};
