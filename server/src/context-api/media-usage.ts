import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Core } from '@strapi/strapi';

/**
 * Whether media files are used, found in one linear pass over the database instead of one text
 * search per file:
 *
 * 1. Links, in SQL: a file is linked when the upload plugin's morph table points at it (media
 *    fields, in content types, components and dynamic zones alike) or when any relation of any
 *    model targets it (another plugin's relation to files).
 * 2. Mentions, in JavaScript: every text-like column of every model is read once, in id order,
 *    and cut into tokens; a token that is a candidate's hash (or the hash of one of its formats)
 *    marks that file as used. Every URL of a file, local or on a provider, contains its hash
 *    between separators (`/uploads/<hash>.jpg`, `…/thumbnail_<hash>.jpg`), so a mention in a
 *    markdown body, a blocks image, a JSON value or a plain string is found.
 */

export const FILE_UID = 'plugin::upload.file';
const FOLDER_UID = 'plugin::upload.folder';

/** Attribute types whose stored text can carry a file's URL. */
const TEXT_TYPES = new Set(['string', 'text', 'richtext', 'blocks', 'json', 'uid', 'email']);
/** Rows read per query during the scan: bounded memory whatever the table size. */
const SCAN_ROWS = 1000;
/**
 * Milliseconds of scanning between two turns of the event loop: what it may add to a request's
 * wait, and, when requests are slow (SQLite answers on this thread too), the scan's share of it.
 */
const SLICE_MS = 20;
/** Hashes are slugs joined by `_`: anything else separates them from the text around. */
const TOKEN = /[A-Za-z0-9_-]+/g;

export interface UnlinkedFile {
  id: number;
  hash: string | null;
  formats: unknown;
}

interface TextSource {
  table: string;
  columns: string[];
  /** The column that says when a row last changed, for tables that have one. */
  updatedAt: string | null;
}

/** Where a scan stopped in each table and when it began: what a later re-check must read. */
export interface ScanMark {
  startedAt: Date;
  lastIds: Map<string, number>;
}

type Attribute = {
  type: string;
  columnName?: string;
  target?: string;
  joinTable?: { name: string; inverseJoinColumn?: { name: string } };
};

const modelsOf = (strapi: Core.Strapi) =>
  [...Object.keys(strapi.contentTypes), ...Object.keys(strapi.components)].map((uid) => ({
    uid,
    meta: strapi.db.metadata.get(uid),
  }));

/**
 * Every table whose text could mention a file: all content types and components, except the
 * upload plugin's own and this plugin's (its run logs name the files a sweep found).
 */
const textSources = (strapi: Core.Strapi): TextSource[] =>
  modelsOf(strapi)
    .filter(
      ({ uid }) => uid !== FILE_UID && uid !== FOLDER_UID && !uid.startsWith('plugin::maintenance.')
    )
    .flatMap(({ meta }) => {
      const attributes = meta.attributes as unknown as Record<string, Attribute>;
      const columns = Object.values(attributes)
        .filter((attribute) => TEXT_TYPES.has(attribute.type) && attribute.columnName)
        .map((attribute) => attribute.columnName as string);
      if (columns.length === 0) return [];
      return [
        { table: meta.tableName, columns, updatedAt: attributes.updatedAt?.columnName ?? null },
      ];
    });

/** The join tables (and their file column) of every relation whose target is a file. */
const relationsToFiles = (strapi: Core.Strapi) =>
  modelsOf(strapi).flatMap(({ uid, meta }) =>
    uid === FILE_UID
      ? []
      : Object.values(meta.attributes as unknown as Record<string, Attribute>)
          .filter(
            (attribute) =>
              attribute.type === 'relation' &&
              attribute.target === FILE_UID &&
              attribute.joinTable?.inverseJoinColumn
          )
          .map((attribute) => ({
            table: attribute.joinTable!.name,
            column: attribute.joinTable!.inverseJoinColumn!.name,
          }))
  );

/** Files that nothing links to, uploaded before `before`, optionally among `ids`, in id order. */
export const unlinkedFiles = async (
  strapi: Core.Strapi,
  { before, ids }: { before: Date; ids?: number[] }
): Promise<UnlinkedFile[]> => {
  const meta = strapi.db.metadata.get(FILE_UID);
  const attributes = meta.attributes as unknown as Record<string, Attribute>;
  const morphs = (
    attributes.related as unknown as {
      joinTable: { name: string; joinColumn: { name: string } };
    }
  ).joinTable;
  const knex = strapi.db.connection;
  const id = `${meta.tableName}.id`;
  const query = knex(meta.tableName)
    .select('id', attributes.hash.columnName ?? 'hash', attributes.formats.columnName ?? 'formats')
    .whereNotExists(
      knex(morphs.name)
        .select(knex.raw('1'))
        .whereRaw('??.?? = ??', [morphs.name, morphs.joinColumn.name, id])
    )
    .andWhere(attributes.createdAt.columnName ?? 'created_at', '<', before)
    .orderBy('id', 'asc');
  for (const relation of relationsToFiles(strapi)) {
    query.whereNotExists(
      knex(relation.table)
        .select(knex.raw('1'))
        .whereRaw('??.?? = ??', [relation.table, relation.column, id])
    );
  }
  if (ids) query.whereIn('id', ids);
  const rows = (await query) as Array<Record<string, unknown>>;
  return rows.map((row) => ({
    id: Number(row.id),
    hash: (row[attributes.hash.columnName ?? 'hash'] as string | null) ?? null,
    formats: row[attributes.formats.columnName ?? 'formats'],
  }));
};

/** The tokens that mean "this file": its hash and the hash of each of its formats. */
const tokensOf = (file: UnlinkedFile): string[] => {
  let formats = file.formats;
  if (typeof formats === 'string') {
    try {
      formats = JSON.parse(formats);
    } catch {
      formats = null;
    }
  }
  const hashes = [file.hash];
  if (formats && typeof formats === 'object') {
    for (const format of Object.values(formats as Record<string, { hash?: unknown }>)) {
      if (typeof format?.hash === 'string') hashes.push(format.hash);
    }
  }
  return hashes.filter((hash): hash is string => typeof hash === 'string' && hash.length > 0);
};

const asText = (value: unknown) =>
  value === null || value === undefined
    ? ''
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);

/**
 * The files among `files` that some row mentions. Reads each text table once in id order; with
 * `onlyChangedSince`, only the rows added or changed since that scan (a re-check just before a
 * removal). Stops early once every file is known to be mentioned.
 */
export const mentionedFiles = async (
  strapi: Core.Strapi,
  files: UnlinkedFile[],
  { onlyChangedSince }: { onlyChangedSince?: ScanMark } = {}
): Promise<{ mentioned: Set<number>; mark: ScanMark }> => {
  const mark: ScanMark = { startedAt: new Date(), lastIds: new Map() };
  const byToken = new Map<string, number>();
  for (const file of files) for (const token of tokensOf(file)) byToken.set(token, file.id);
  const mentioned = new Set<number>();
  const knex = strapi.db.connection;
  let sliceStarted = performance.now();

  for (const source of textSources(strapi)) {
    let cursor = 0;
    for (;;) {
      if (mentioned.size === files.length) return { mentioned, mark };
      const query = knex(source.table)
        .select('id', ...source.columns)
        .where('id', '>', cursor)
        .orderBy('id', 'asc')
        .limit(SCAN_ROWS);
      const since = onlyChangedSince;
      if (since) {
        const lastId = since.lastIds.get(source.table) ?? 0;
        query.andWhere((changed) => {
          changed.where('id', '>', lastId);
          if (source.updatedAt) changed.orWhere(source.updatedAt, '>=', since.startedAt);
        });
      }
      const rows = (await query) as Array<Record<string, unknown>>;
      if (rows.length === 0) break;
      for (const row of rows) {
        // The scan is CPU work on Strapi's own thread: the site's requests get in between slices.
        if (performance.now() - sliceStarted > SLICE_MS) {
          await nextTurn();
          sliceStarted = performance.now();
        }
        for (const column of source.columns) {
          for (const token of asText(row[column]).match(TOKEN) ?? []) {
            const id = byToken.get(token);
            if (id !== undefined) mentioned.add(id);
          }
        }
      }
      cursor = Number(rows[rows.length - 1].id);
      mark.lastIds.set(source.table, cursor);
      if (rows.length < SCAN_ROWS) break;
    }
  }
  return { mentioned, mark };
};
