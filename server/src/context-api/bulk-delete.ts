import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

/**
 * The set-based delete behind ctx.entries.deleteMany / deleteOlderThan. Strapi deletes a document
 * row by row (entity-manager `deleteRelations`, then document-service `deleteComponents`, each
 * entry its own transaction): about 3 ms a document. This does the same cleaning with one
 * statement per table and batch, reading the tables from `strapi.db.metadata`, so that it follows
 * the site's own schema (join tables, `_cmps` tables, morph tables) instead of guessing names.
 */

interface JoinColumn {
  name: string;
}
interface MorphColumn {
  idColumn: JoinColumn;
  typeColumn: JoinColumn;
}
interface JoinTable {
  name: string;
  joinColumn: JoinColumn;
  inverseJoinColumn?: JoinColumn;
  morphColumn?: MorphColumn;
  on?: Record<string, unknown>;
}
interface Attribute {
  type: string;
  relation?: string;
  target?: string;
  morphBy?: string;
  joinTable?: JoinTable;
  columnName?: string;
}
interface Model {
  uid: string;
  tableName: string;
  attributes: Record<string, Attribute>;
}

/**
 * Parameters per `IN (…)`: below SQLite's 32,766 and PostgreSQL's 65,535 limits, and large enough
 * that a batch of a few thousand rows is one statement per table (statements, not rows, are what
 * a batch mostly pays for).
 */
const CHUNK = 10_000;

const chunks = <T>(items: T[]): T[][] => {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += CHUNK) {
    out.push(items.slice(start, start + CHUNK));
  }
  return out;
};

type Id = number | string;

export interface BulkDeleteCounts {
  /** Entry rows (every locale, draft and published) of the documents. */
  entries: number;
  /** Component rows, nested ones included. */
  components: number;
  /** Join rows: relations both ways, `_cmps` links and media morph links. */
  links: number;
}

/** What the walk needs across tables: the transaction and the running counts. */
class Walk {
  readonly counts: BulkDeleteCounts = { entries: 0, components: 0, links: 0 };

  constructor(
    private readonly strapi: Core.Strapi,
    private readonly trx: Knex.Transaction
  ) {}

  model(uid: string): Model {
    return this.strapi.db.metadata.get(uid) as unknown as Model;
  }

  /** A query on `table` in the batch's transaction, in the site's schema (PostgreSQL). */
  table(table: string): Knex.QueryBuilder {
    const schema = this.strapi.db.getSchemaName();
    return schema ? this.trx(table).withSchema(schema) : this.trx(table);
  }

  /** Deletes rows of `table` whose `column` is one of `ids` and that match `where`. */
  async deleteIn(table: string, column: string, ids: Id[], where: Record<string, unknown> = {}) {
    let deleted = 0;
    for (const part of chunks(ids)) {
      deleted += Number(await this.table(table).where(where).whereIn(column, part).del());
    }
    return deleted;
  }

  async selectIn(
    table: string,
    columns: string[],
    column: string,
    ids: Id[],
    where: Record<string, unknown> = {}
  ): Promise<Array<Record<string, Id>>> {
    const rows: Array<Record<string, Id>> = [];
    for (const part of chunks(ids)) {
      rows.push(
        ...((await this.table(table).select(columns).where(where).whereIn(column, part)) as Array<
          Record<string, Id>
        >)
      );
    }
    return rows;
  }

  /** Components are the only targets whose rows die with their parent. */
  isComponent(uid: string | undefined): uid is string {
    return Boolean(uid && this.strapi.components[uid as keyof typeof this.strapi.components]);
  }

  /**
   * Deletes rows `ids` of model `uid` and everything that hangs off them, children first:
   * components (recursively) and their links, this model's own join rows, other models' join rows
   * that point at these rows, media morph links; then the rows themselves.
   */
  async deleteRows(uid: string, ids: Id[]): Promise<number> {
    if (ids.length === 0) return 0;
    const model = this.model(uid);
    for (const [name, attribute] of Object.entries(model.attributes)) {
      if (attribute.type !== 'relation') continue;
      await this.deleteOwnLinks(uid, name, attribute, ids);
    }
    await this.deleteIncomingLinks(uid, ids);
    return this.deleteIn(model.tableName, 'id', ids);
  }

  /** The links one attribute of `uid` holds, as entity-manager `deleteRelations` removes them. */
  private async deleteOwnLinks(uid: string, name: string, attribute: Attribute, ids: Id[]) {
    const { relation, joinTable } = attribute;
    if (relation === 'morphOne' || relation === 'morphMany') {
      // Media: the link lives in the target's morph table (files_related_mph), typed by uid.
      const target = this.model(attribute.target as string).attributes[attribute.morphBy as string];
      if (target?.relation === 'morphToMany' && target.joinTable?.morphColumn) {
        const { idColumn, typeColumn } = target.joinTable.morphColumn;
        this.counts.links += await this.deleteIn(target.joinTable.name, idColumn.name, ids, {
          ...target.joinTable.on,
          [typeColumn.name]: uid,
          field: name,
        });
      }
      return;
    }
    if (!joinTable) return;
    if (relation === 'morphToMany' && joinTable.morphColumn) {
      // A dynamic zone: each link names its component type.
      const { idColumn, typeColumn } = joinTable.morphColumn;
      const links = await this.selectIn(
        joinTable.name,
        [idColumn.name, typeColumn.name],
        joinTable.joinColumn.name,
        ids,
        { ...joinTable.on }
      );
      this.counts.links += await this.deleteIn(joinTable.name, joinTable.joinColumn.name, ids, {
        ...joinTable.on,
      });
      const byType = new Map<string, Id[]>();
      for (const link of links) {
        const type = String(link[typeColumn.name]);
        byType.set(type, [...(byType.get(type) ?? []), link[idColumn.name]]);
      }
      for (const [type, componentIds] of byType) {
        if (this.isComponent(type))
          this.counts.components += await this.deleteRows(type, componentIds);
      }
      return;
    }
    if (this.isComponent(attribute.target) && joinTable.inverseJoinColumn) {
      // A component field: links in the parent's `_cmps` table, then the components themselves.
      const column = joinTable.inverseJoinColumn.name;
      const links = await this.selectIn(joinTable.name, [column], joinTable.joinColumn.name, ids, {
        ...joinTable.on,
      });
      this.counts.links += await this.deleteIn(joinTable.name, joinTable.joinColumn.name, ids, {
        ...joinTable.on,
      });
      const componentIds = links.map((link) => link[column]);
      this.counts.components += await this.deleteRows(attribute.target, componentIds);
      return;
    }
    // A plain relation, either side: its join table names these rows in joinColumn.
    this.counts.links += await this.deleteIn(joinTable.name, joinTable.joinColumn.name, ids, {
      ...joinTable.on,
    });
  }

  /**
   * Join rows of other models that point at these rows: one-way relations targeting `uid`, which
   * Strapi leaves to the foreign keys' ON DELETE CASCADE. Done here so the result does not depend
   * on whether the database enforces them.
   */
  private async deleteIncomingLinks(uid: string, ids: Id[]) {
    // A component row has one link, its parent's, which the parent's walk already removed.
    if (this.isComponent(uid)) return;
    const done = new Set<string>();
    for (const other of this.strapi.db.metadata.values() as IterableIterator<unknown>) {
      const model = other as Model;
      for (const attribute of Object.values(model.attributes)) {
        const joinTable = attribute.joinTable;
        if (attribute.type !== 'relation' || attribute.target !== uid || !joinTable) continue;
        const column = joinTable.inverseJoinColumn?.name;
        const key = `${joinTable.name}.${column}`;
        if (!column || done.has(key)) continue;
        done.add(key);
        this.counts.links += await this.deleteIn(joinTable.name, column, ids, { ...joinTable.on });
      }
    }
  }
}

/**
 * Documents per transaction on SQLite, where a write holds the whole database (and Strapi's single
 * connection): slices of this size keep each hold to tens of milliseconds, so the site's own
 * queries get in between. Other databases lock only the rows, and take the batch at once.
 */
const SQLITE_SLICE = 250;

/** Deletes one slice of documents and everything attached to them, in one transaction. */
const deleteSlice = (strapi: Core.Strapi, uid: string, documentIds: string[]) =>
  strapi.db.transaction(async ({ trx }) => {
    const walk = new Walk(strapi, trx as Knex.Transaction);
    const model = walk.model(uid);
    const documentColumn = model.attributes.documentId?.columnName ?? 'document_id';
    const rows = await walk.selectIn(model.tableName, ['id'], documentColumn, documentIds);
    walk.counts.entries = await walk.deleteRows(
      uid,
      rows.map((row) => row.id)
    );
    return walk.counts;
  });

/**
 * Deletes the documents `documentIds` of `uid` whole (every locale, draft and published) with
 * everything Strapi's own delete removes. Returns what went, per kind of row.
 */
export const bulkDeleteDocuments = async (
  strapi: Core.Strapi,
  uid: string,
  documentIds: string[]
): Promise<BulkDeleteCounts> => {
  const total: BulkDeleteCounts = { entries: 0, components: 0, links: 0 };
  const slice =
    strapi.db.dialect.client === 'sqlite' ? SQLITE_SLICE : Math.max(1, documentIds.length);
  for (let start = 0; start < documentIds.length; start += slice) {
    // better-sqlite3 answers synchronously, so awaiting its queries never lets the event loop
    // turn: without this the site's requests would wait for every slice of the batch.
    if (start > 0) await nextTurn();
    const counts = await deleteSlice(strapi, uid, documentIds.slice(start, start + slice));
    total.entries += counts.entries;
    total.components += counts.components;
    total.links += counts.links;
  }
  return total;
};
