import type { Core } from '@strapi/strapi';

const RELEASE = 'plugin::content-releases.release';
const RELEASE_ACTION = 'plugin::content-releases.release-action';
const CHUNK = 500;

interface ReleaseService {
  updateReleaseStatus(id: number | string): Promise<unknown>;
}

/**
 * Content Releases drops the release actions of a document the Document Service deletes (its
 * `deleteActionsOnDelete` middleware) and recomputes those releases' status. The set-based delete
 * bypasses that middleware, so it does the same here; sites without the plugin skip it.
 */
export const dropReleaseActions = async (
  strapi: Core.Strapi,
  uid: string,
  documentIds: string[]
) => {
  if (!strapi.db.metadata.has(RELEASE_ACTION) || documentIds.length === 0) return;
  const releases = new Set<number | string>();
  for (let start = 0; start < documentIds.length; start += CHUNK) {
    const where = {
      contentType: uid,
      entryDocumentId: { $in: documentIds.slice(start, start + CHUNK) },
    };
    const found = (await strapi.db
      .query(RELEASE as never)
      .findMany({ where: { actions: where }, select: ['id'] })) as Array<{ id: number | string }>;
    if (found.length === 0) continue;
    for (const release of found) releases.add(release.id);
    await strapi.db.query(RELEASE_ACTION as never).deleteMany({ where });
  }
  const service = strapi.plugin('content-releases')?.service('release') as
    ReleaseService | undefined;
  for (const id of releases) await service?.updateReleaseStatus(id);
};
