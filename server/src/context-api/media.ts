import { DAY_MS, nonNegativeNumber, optionsObject, positiveInteger } from './arguments';
import { FILE_UID, mentionedFiles, unlinkedFiles, type ScanMark } from './media-usage';
import { ScriptCallError, type HostMethods, type RunContext } from './types';

export const MAX_MEDIA_BATCH = 100;

interface OrphanFile {
  id: number;
  name: string;
  url: string;
  size: number;
  mime: string;
  createdAt: string;
}

export const mediaMethods = ({ strapi, dryRun }: RunContext): HostMethods => {
  /**
   * One run's orphan sweep: the whole database is read once (media-usage.ts), the first time a
   * script asks, and the pages it then asks for come from that list. `mark` says what the scan
   * read, so that a removal re-reads only what changed since.
   */
  let sweep: { olderThanDays: number; ids: number[]; mark: ScanMark } | null = null;

  const orphanIds = async (olderThanDays: number) => {
    if (sweep?.olderThanDays !== olderThanDays) {
      const before = new Date(Date.now() - olderThanDays * DAY_MS);
      const candidates = await unlinkedFiles(strapi, { before });
      const { mentioned, mark } = await mentionedFiles(strapi, candidates);
      sweep = {
        olderThanDays,
        ids: candidates.map((file) => file.id).filter((id) => !mentioned.has(id)),
        mark,
      };
    }
    return sweep.ids;
  };

  const filesById = async (ids: number[]) =>
    ids.length === 0
      ? []
      : ((await strapi.db.query(FILE_UID).findMany({
          where: { id: { $in: ids } },
          select: ['id', 'name', 'url', 'size', 'mime', 'createdAt'],
          orderBy: { id: 'asc' },
        })) as OrphanFile[]);

  /** Orphans after `afterId`, in id order, at most `limit`. */
  const findOrphans = async ({
    olderThanDays,
    limit,
    afterId = 0,
  }: {
    olderThanDays: number;
    limit: number;
    afterId?: number;
  }): Promise<OrphanFile[]> => {
    const ids = await orphanIds(olderThanDays);
    return filesById(ids.filter((id) => id > afterId).slice(0, limit));
  };

  /**
   * Which of `ids` are orphans right now: links checked again in SQL; mentions in the rows added
   * or changed since this run's sweep (the whole database when the run made none).
   */
  const stillOrphans = async (ids: number[]) => {
    const unlinked = await unlinkedFiles(strapi, { before: new Date(), ids });
    const { mentioned } = await mentionedFiles(strapi, unlinked, {
      onlyChangedSince: sweep?.mark,
    });
    return filesById(unlinked.map((file) => file.id).filter((id) => !mentioned.has(id)));
  };

  const bytesOf = (files: OrphanFile[]) =>
    // The upload plugin stores sizes in kilobytes, with decimals.
    files.reduce((sum, file) => sum + Math.round(Number(file.size) * 1024), 0);

  return {
    async 'media.findOrphans'(options?: unknown) {
      const call = 'ctx.media.findOrphans';
      const opts = optionsObject(call, options);
      const olderThanDays =
        opts.olderThanDays === undefined
          ? 0
          : nonNegativeNumber(call, 'olderThanDays', opts.olderThanDays, 36_500);
      const limit = positiveInteger(call, 'limit', opts.limit, {
        fallback: 100,
        max: MAX_MEDIA_BATCH,
      });
      const afterId = positiveInteger(call, 'afterId', opts.afterId, {
        fallback: 0,
        min: 0,
        max: Number.MAX_SAFE_INTEGER,
      });
      return findOrphans({ olderThanDays, limit, afterId });
    },

    /** Removes files through the upload plugin, so the storage provider deletes them too. */
    async 'media.remove'(ids: unknown) {
      const call = 'ctx.media.remove';
      if (
        !Array.isArray(ids) ||
        ids.length > MAX_MEDIA_BATCH ||
        ids.some((id) => typeof id !== 'number' || !Number.isInteger(id) || id < 1)
      ) {
        throw new ScriptCallError(`${call}: takes a list of at most ${MAX_MEDIA_BATCH} file ids`);
      }
      // Only files that are still orphans go: a file linked or mentioned since it was found stays.
      const orphans = await stillOrphans(ids as number[]);
      const kept = (ids as number[]).filter((id) => !orphans.some((file) => file.id === id));
      if (dryRun)
        return { dryRun: true, wouldRemove: orphans, wouldFreeBytes: bytesOf(orphans), kept };
      const upload = strapi.plugin('upload').service('upload');
      const removed: OrphanFile[] = [];
      for (const file of orphans) {
        const full = await strapi.db.query(FILE_UID).findOne({ where: { id: file.id } });
        if (full) {
          await upload.remove(full);
          removed.push(file);
        }
      }
      return { dryRun: false, removed, kept, freedBytes: bytesOf(removed) };
    },
  };
};
