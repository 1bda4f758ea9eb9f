import type { Core } from '@strapi/strapi';
import { getPluginConfig } from '../utils/plugin-config';
import { DAY_MS, nonNegativeNumber, optionsObject, positiveInteger } from './arguments';
import { ScriptCallError, type HostMethods, type RunContext } from './types';

const FILE_UID = 'plugin::upload.file';
export const MAX_MEDIA_BATCH = 100;

/** Attribute types whose stored text can carry a file's URL (markdown, blocks, JSON, plain). */
const TEXT_TYPES = new Set(['string', 'text', 'richtext', 'blocks', 'json']);
/** Rows read per query while looking for mentions; each read settles at least one file. */
const MENTION_ROWS = 50;

interface OrphanFile {
  id: number;
  name: string;
  url: string;
  size: number;
  mime: string;
  createdAt: string;
}

interface TextSource {
  table: string;
  columns: string[];
}

/**
 * Where entries can mention a file without a relation: the text-like columns of the site's
 * content types and of every component. A blocks image or a markdown `![](…)` stores the URL,
 * not a link in the upload plugin's morph table.
 */
const textSources = (strapi: Core.Strapi): TextSource[] => {
  const { extraContentTypes } = getPluginConfig(strapi).scripts;
  const uids = [
    ...Object.keys(strapi.contentTypes).filter(
      (uid) => uid.startsWith('api::') || extraContentTypes.includes(uid)
    ),
    ...Object.keys(strapi.components),
  ];
  const sources: TextSource[] = [];
  for (const uid of uids) {
    const meta = strapi.db.metadata.get(uid);
    const columns = Object.values(
      meta.attributes as unknown as Record<string, { type: string; columnName?: string }>
    )
      .filter((attribute) => TEXT_TYPES.has(attribute.type) && attribute.columnName)
      .map((attribute) => attribute.columnName as string);
    if (columns.length > 0) sources.push({ table: meta.tableName, columns });
  }
  return sources;
};

/** `!` escapes LIKE wildcards the same way on SQLite, PostgreSQL and MySQL. */
const likePattern = (needle: string) => `%${needle.replace(/[!%_]/g, '!$&')}%`;

const asText = (value: unknown) =>
  value === null || value === undefined
    ? ''
    : (typeof value === 'string' ? value : JSON.stringify(value)).toLowerCase();

/**
 * The needles (file hashes, which every URL and format URL of a file contains) that some entry
 * mentions in its text. Matches are confirmed in JavaScript; rows that match in SQL but not here
 * (a case-insensitive collation, say) keep every file still in question, never remove one.
 */
const mentionedNeedles = async (strapi: Core.Strapi, needles: string[]): Promise<Set<string>> => {
  const knex = strapi.db.connection;
  const client = strapi.db.dialect.client as string;
  // json/jsonb columns need a cast before LIKE on PostgreSQL and MySQL.
  const cast = client === 'postgres' ? 'TEXT' : client === 'sqlite' ? null : 'CHAR';
  const like = (cast ? `CAST(?? AS ${cast})` : '??') + ` LIKE ? ESCAPE '!'`;
  const mentioned = new Set<string>();
  for (const source of textSources(strapi)) {
    let pending = needles.filter((needle) => !mentioned.has(needle));
    while (pending.length > 0) {
      const rows = (await knex(source.table)
        .select(source.columns)
        .where((any) => {
          for (const name of source.columns) {
            for (const needle of pending) any.orWhereRaw(like, [name, likePattern(needle)]);
          }
        })
        .limit(MENTION_ROWS)) as Array<Record<string, unknown>>;
      if (rows.length === 0) break;
      const text = rows.map((row) => source.columns.map((name) => asText(row[name])).join('\n'));
      const found = pending.filter((needle) =>
        text.some((value) => value.includes(needle.toLowerCase()))
      );
      const settled = found.length > 0 ? found : pending;
      settled.forEach((needle) => mentioned.add(needle));
      pending = pending.filter((needle) => !mentioned.has(needle));
    }
  }
  return mentioned;
};

export const mediaMethods = ({ strapi, dryRun }: RunContext): HostMethods => {
  /**
   * Files no entry links to (nothing in the upload plugin's morph table points at them) and no
   * entry mentions in its text, uploaded before the cutoff, in id order after `afterId`.
   */
  const findOrphans = async ({
    olderThanDays,
    limit,
    afterId = 0,
    ids,
  }: {
    olderThanDays: number;
    limit: number;
    afterId?: number;
    ids?: number[];
  }): Promise<OrphanFile[]> => {
    const meta = strapi.db.metadata.get(FILE_UID);
    const related = meta.attributes.related as unknown as {
      joinTable: { name: string; joinColumn: { name: string } };
    };
    const attributes = meta.attributes as unknown as Record<string, { columnName?: string }>;
    const createdAt = attributes.createdAt.columnName ?? 'created_at';
    const hashColumn = attributes.hash.columnName ?? 'hash';
    const knex = strapi.db.connection;
    const cutoff = new Date(Date.now() - olderThanDays * DAY_MS);

    const orphans: OrphanFile[] = [];
    let cursor = afterId;
    // Pages of unlinked files; those mentioned in text drop out, so read on until `limit` is met.
    for (;;) {
      const query = knex(meta.tableName)
        .select('id', hashColumn)
        .whereNotExists(
          knex(related.joinTable.name)
            .select(knex.raw('1'))
            .whereRaw('??.?? = ??.??', [
              related.joinTable.name,
              related.joinTable.joinColumn.name,
              meta.tableName,
              'id',
            ])
        )
        .andWhere(createdAt, '<', cutoff)
        .andWhere('id', '>', cursor)
        .orderBy('id', 'asc')
        .limit(limit);
      if (ids) query.whereIn('id', ids);
      const rows = (await query) as Array<{ id: number | string } & Record<string, unknown>>;
      if (rows.length === 0) break;
      cursor = Number(rows[rows.length - 1].id);

      const needles = rows
        .map((row) => row[hashColumn])
        .filter((hash): hash is string => typeof hash === 'string' && hash.length > 0);
      const mentioned = await mentionedNeedles(strapi, needles);
      const unmentioned = rows
        .filter((row) => !mentioned.has(row[hashColumn] as string))
        .map((row) => Number(row.id));
      if (unmentioned.length > 0) {
        const files = (await strapi.db.query(FILE_UID).findMany({
          where: { id: { $in: unmentioned } },
          select: ['id', 'name', 'url', 'size', 'mime', 'createdAt'],
          orderBy: { id: 'asc' },
        })) as OrphanFile[];
        orphans.push(...files.slice(0, limit - orphans.length));
      }
      if (orphans.length >= limit || rows.length < limit) break;
    }
    return orphans;
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
      const orphans = await findOrphans({
        olderThanDays: 0,
        limit: MAX_MEDIA_BATCH,
        ids: ids as number[],
      });
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
