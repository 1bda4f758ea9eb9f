import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UIDS } from './constants';
import { getService } from './utils/get-service';
import type { ScriptRecord } from './services/scripts';

/** Document Service actions that read; every other action writes. */
const READS = new Set(['findOne', 'findFirst', 'findMany', 'count']);

/**
 * The Content Manager's routes take any content-type uid, and Strapi grants every role's read on
 * every type to the super admin (so that relation pickers work), hidden types included. Its reads
 * of the plugin's types would bypass the plugin's own Read permission: script bodies, task params.
 */
const isContentManagerRequest = (strapi: Core.Strapi) => {
  const request = strapi.requestContext.get() as
    { path?: string; request?: { path?: string } } | undefined;
  const path = request?.request?.path ?? request?.path ?? '';
  return path.startsWith('/content-manager/');
};

/** Run records and saved versions are the plugin's audit trail: written by the plugin alone. */
const AUDIT_TRAIL: Record<string, string> = {
  [UIDS.run]: 'run records',
  [UIDS.scriptVersion]: 'saved script versions',
};

/**
 * The plugin writes its own rows through the query engine (strapi.db.query), never through the
 * Document Service, so whatever reaches the Document Service comes from outside the plugin:
 * another plugin's code, GraphQL, the Content Manager, content releases (docs/security.md).
 *
 * - Content Manager requests: refused (403), reads included.
 * - Run records and script versions: every write is refused (403), reads are not.
 * - Tasks and scripts: created and updated with the same validation and derived fields as the
 *   admin API (a bad one is refused with the same 400, nothing saved), but neither signed nor
 *   sealed, so a body or a task set this way does not run until a user accepts it in the admin
 *   panel. Deleting, cloning and publishing them this way is refused: those go through the
 *   plugin, which keeps a script that tasks use and a task that is running.
 */
export const registerDocumentMiddleware = (strapi: Core.Strapi) => {
  strapi.documents.use(async (context, next) => {
    const { uid, action } = context;
    const isOwn = uid === UIDS.task || uid === UIDS.script;
    if (!isOwn && !AUDIT_TRAIL[uid]) return next();
    if (isContentManagerRequest(strapi)) {
      throw new errors.ForbiddenError(
        "the maintenance plugin's tasks, scripts and runs are read and changed in its own admin pages; the Content Manager is refused"
      );
    }
    if (READS.has(action)) return next();

    if (AUDIT_TRAIL[uid]) {
      throw new errors.ForbiddenError(
        `${AUDIT_TRAIL[uid]} of the maintenance plugin are written only by the plugin itself; "${action}" through the Document Service is refused`
      );
    }
    if (action !== 'create' && action !== 'update') {
      throw new errors.ForbiddenError(
        `maintenance ${uid === UIDS.task ? 'tasks' : 'scripts'} are ${action === 'delete' ? 'deleted' : 'changed'} through the plugin's admin panel or API; "${action}" through the Document Service is refused`
      );
    }

    // Only create and update reach the code below, and both carry data (update a documentId too).
    const params = context.params as { documentId?: string; data?: unknown };
    const outside = { outside: true };

    if (uid === UIDS.task) {
      const tasks = getService(strapi, 'tasks');
      if (action === 'create') {
        params.data = await tasks.prepareCreate(params.data, outside);
      } else {
        const current = await getService(strapi, 'taskStore').find({
          documentId: params.documentId,
        });
        if (current) params.data = await tasks.prepareUpdate(current, params.data, outside);
      }
      return next();
    }

    const scripts = getService(strapi, 'scripts');
    let previousVersion: number | undefined;
    if (action === 'create') {
      params.data = await scripts.prepareCreate(params.data, outside);
    } else {
      const row = await strapi.db
        .query(UIDS.script)
        .findOne({ where: { documentId: params.documentId } });
      if (row) {
        params.data =
          (await scripts.prepareUpdate(row as ScriptRecord, params.data, outside)) ?? {};
      }
      previousVersion = (row as ScriptRecord | null)?.version;
    }
    const saved = await next();
    // The history holds every saved version, whichever way it was saved; one saved from outside
    // keeps the signature it does not match, so it is never restored as the plugin's.
    const { id, version } = (saved ?? {}) as Partial<ScriptRecord>;
    if (id && version !== previousVersion) {
      const script = await strapi.db.query(UIDS.script).findOne({ where: { id } });
      if (script) await getService(strapi, 'history').record(script as ScriptRecord);
    }
    return saved;
  });
};
