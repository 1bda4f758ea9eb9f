import type { Core } from '@strapi/strapi';
import {
  DAY_MS,
  booleanOption,
  instantOption,
  isPlainObject,
  nonNegativeNumber,
  oneOf,
  optionsObject,
  positiveInteger,
} from './arguments';
import { bulkDeleteDocuments } from './bulk-delete';
import { dateFilterValue, reachableType, type ReachableType } from './content-types';
import { dropReleaseActions } from './release-actions';
import { ScriptCallError, type HostMethods, type RunContext } from './types';

export const MAX_PAGE_SIZE = 100;
export const MAX_DELETE_BATCH = 1000;
/**
 * Documents per call on the set-based path: one transaction each, short enough (tens of ms) that
 * the site's own writes never wait long behind it.
 */
export const MAX_BULK_DELETE_BATCH = 5000;
/** What site code can subscribe to (strapi.eventHub.on) for each batch the set-based path deletes. */
export const BULK_DELETE_EVENT = 'maintenance.entries.deleted';
const STATUSES = ['draft', 'published'] as const;

type Status = (typeof STATUSES)[number];

const filtersOf = (call: string, value: unknown) => {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) throw new ScriptCallError(`${call}: filters must be an object`);
  return value;
};

/** Draft & publish types are asked for one version; others have none, so a status is refused. */
const statusOf = (call: string, type: ReachableType, value: unknown): Status | undefined => {
  const status = oneOf(call, 'status', value, STATUSES);
  if (status && !type.draftAndPublish) {
    throw new ScriptCallError(
      `${call}: ${type.uid} has no draft & publish, so status cannot be used`
    );
  }
  return status;
};

/**
 * Which rows a count or a delete looks at. `status: 'draft'` alone matches the draft row that every
 * document has, published or not; `neverPublished` narrows it to documents with no published
 * version at all, which is what "delete drafts" means to an editor.
 */
interface Selection {
  filters: Record<string, unknown> | undefined;
  status: Status | undefined;
  publicationFilter?: 'never-published-document';
}

const selectionOf = (
  call: string,
  type: ReachableType,
  filters: Record<string, unknown> | undefined,
  opts: Record<string, unknown>
): Selection => {
  const status = statusOf(call, type, opts.status);
  if (!booleanOption(call, 'neverPublished', opts.neverPublished, false)) {
    return { filters, status };
  }
  if (!type.draftAndPublish) {
    throw new ScriptCallError(
      `${call}: ${type.uid} has no draft & publish, so neverPublished cannot be used`
    );
  }
  if (status === 'published') {
    throw new ScriptCallError(`${call}: neverPublished looks at drafts; leave status out`);
  }
  return { filters, status: 'draft', publicationFilter: 'never-published-document' };
};

/** The date attribute `field` names; a wrong name is refused with the ones it could be. */
const dateFieldOf = (call: string, type: ReachableType, field: unknown) => {
  if (typeof field !== 'string' || !type.dates.has(field)) {
    throw new ScriptCallError(
      `${call}: field must be a date attribute of ${type.uid} (${[...type.dates].join(', ')})`
    );
  }
  return field;
};

const fieldsOf = (call: string, type: ReachableType, value: unknown) => {
  if (value === undefined) return [...type.visible].filter((name) => name !== 'id');
  if (
    !Array.isArray(value) ||
    value.some((field) => typeof field !== 'string' || !type.visible.has(field))
  ) {
    throw new ScriptCallError(
      `${call}: fields must be a list of ${type.uid} attributes a script may read`
    );
  }
  return value as string[];
};

/** Entries leave the host with only the fields a script may read. */
const visibleOnly = (type: ReachableType, entry: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(entry).filter(([key]) => type.visible.has(key)));

/**
 * ctx.entries: counting, paging and deleting content. Reads and the choice of what to delete go
 * through Strapi's Document Service (its filters, status and publication semantics); deleting goes
 * set-based by default, or through the Document Service with `perDocument`.
 */
export const entriesMethods = ({ strapi, dryRun }: RunContext): HostMethods => {
  const documents = (uid: string) =>
    strapi.documents(uid as Parameters<Core.Strapi['documents']>[0]);

  /**
   * Deletes the first `limit` matching documents, whole (every version and locale, as the admin
   * panel does; `status` only chooses which version the filters look at). By default in SQL, a
   * batch per call in one transaction (slices of 250 on SQLite; bulk-delete.ts): no lifecycles,
   * no entry.delete webhooks, one BULK_DELETE_EVENT per batch. `perDocument` keeps the Document
   * Service path, document by document, for sites whose lifecycles or webhooks must see each one.
   */
  const deleteMatching = async (
    type: ReachableType,
    selection: Selection,
    limit: number,
    { perDocument, counted }: { perDocument: boolean; counted: boolean }
  ) => {
    const found = (await documents(type.uid).findMany({
      ...selection,
      fields: ['documentId'],
      limit,
      sort: 'id:asc',
    } as never)) as Array<{ documentId: string }>;
    const documentIds = [...new Set(found.map((entry) => entry.documentId))];
    // Counting reads every candidate row; a caller that already knows the total skips it.
    const matching = counted ? await documents(type.uid).count(selection as never) : null;
    const path = perDocument ? 'perDocument' : 'bulk';
    if (dryRun)
      return { dryRun: true, wouldDelete: documentIds.length, matching, documentIds, path };
    const common = { dryRun: false, deleted: documentIds.length, matching, documentIds, path };
    const remaining = matching === null ? null : Math.max(0, matching - documentIds.length);
    if (perDocument) {
      for (const documentId of documentIds) {
        await documents(type.uid).delete({ documentId, locale: '*' } as never);
      }
      return { ...common, remaining };
    }
    const rows = await bulkDeleteDocuments(strapi, type.uid, documentIds);
    if (type.draftAndPublish) await dropReleaseActions(strapi, type.uid, documentIds);
    strapi.eventHub.emit(BULK_DELETE_EVENT, { uid: type.uid, documentIds, rows });
    return { ...common, remaining, rows };
  };

  /** How to delete, and how much per call: the set-based path takes larger batches. */
  const howOf = (call: string, opts: Record<string, unknown>) => {
    const perDocument = booleanOption(call, 'perDocument', opts.perDocument, false);
    const limit = positiveInteger(call, 'limit', opts.limit, {
      fallback: 100,
      max: perDocument ? MAX_DELETE_BATCH : MAX_BULK_DELETE_BATCH,
    });
    return { limit, perDocument, counted: booleanOption(call, 'count', opts.count, true) };
  };

  return {
    async 'entries.count'(uid: unknown, options?: unknown) {
      const call = 'ctx.entries.count';
      const type = reachableType(strapi, call, uid);
      const opts = optionsObject(call, options);
      return documents(type.uid).count(
        selectionOf(call, type, filtersOf(call, opts.filters), opts) as never
      );
    },

    async 'entries.find'(uid: unknown, options?: unknown) {
      const call = 'ctx.entries.find';
      const type = reachableType(strapi, call, uid);
      const opts = optionsObject(call, options);
      const page = positiveInteger(call, 'page', opts.page, { fallback: 1, max: 1_000_000 });
      const pageSize = positiveInteger(call, 'pageSize', opts.pageSize, {
        fallback: 25,
        max: MAX_PAGE_SIZE,
      });
      if (
        opts.sort !== undefined &&
        (typeof opts.sort !== 'string' || !type.visible.has(opts.sort.split(':')[0]))
      ) {
        throw new ScriptCallError(`${call}: sort must be 'attribute' or 'attribute:asc|desc'`);
      }
      const entries = (await documents(type.uid).findMany({
        filters: filtersOf(call, opts.filters),
        status: statusOf(call, type, opts.status),
        fields: fieldsOf(call, type, opts.fields),
        sort: (opts.sort as string | undefined) ?? 'id:asc',
        start: (page - 1) * pageSize,
        limit: pageSize,
      } as never)) as Array<Record<string, unknown>>;
      return entries.map((entry) => visibleOnly(type, entry));
    },

    async 'entries.deleteMany'(uid: unknown, options?: unknown) {
      const call = 'ctx.entries.deleteMany';
      const type = reachableType(strapi, call, uid);
      const opts = optionsObject(call, options);
      const filters = filtersOf(call, opts.filters);
      if (!filters || Object.keys(filters).length === 0) {
        throw new ScriptCallError(
          `${call}: filters are required (deleting everything is not a maintenance chore)`
        );
      }
      const { limit, ...how } = howOf(call, opts);
      return deleteMatching(type, selectionOf(call, type, filters, opts), limit, how);
    },

    async 'entries.deleteOlderThan'(uid: unknown, options?: unknown) {
      const call = 'ctx.entries.deleteOlderThan';
      const type = reachableType(strapi, call, uid);
      const opts = optionsObject(call, options);
      const field = dateFieldOf(call, type, opts.field ?? 'createdAt');
      // `before` lets a script that works in batches keep the cutoff of its first batch.
      const before = instantOption(call, 'before', opts.before);
      if (before && opts.days !== undefined) {
        throw new ScriptCallError(`${call}: give days or before, not both`);
      }
      const cutoff =
        before ??
        new Date(Date.now() - nonNegativeNumber(call, 'days', opts.days, 36_500) * DAY_MS);
      const { limit, ...how } = howOf(call, opts);
      const extra = filtersOf(call, opts.filters);
      const filters = { ...(extra ?? {}), [field]: { $lt: dateFilterValue(type, field, cutoff) } };
      const selection = selectionOf(call, type, filters, opts);
      const result = await deleteMatching(type, selection, limit, how);
      return { ...result, cutoff: cutoff.toISOString() };
    },

    /**
     * Content expiry: published entries whose date `field` lies before `before` (default now) lose
     * their published version, through the Document Service as the admin panel's Unpublish does;
     * the draft stays. Each call handles at most `limit` entries (a document in each locale).
     */
    async 'entries.unpublish'(uid: unknown, options?: unknown) {
      const call = 'ctx.entries.unpublish';
      const type = reachableType(strapi, call, uid);
      if (!type.draftAndPublish) {
        throw new ScriptCallError(
          `${call}: ${type.uid} has no draft & publish, so nothing can be unpublished`
        );
      }
      const opts = optionsObject(call, options);
      if (opts.field === undefined) {
        throw new ScriptCallError(
          `${call}: field is required: the date attribute that says when an entry expires (${[...type.dates].join(', ')})`
        );
      }
      const field = dateFieldOf(call, type, opts.field);
      const before = instantOption(call, 'before', opts.before) ?? new Date();
      const limit = positiveInteger(call, 'limit', opts.limit, {
        fallback: 100,
        max: MAX_DELETE_BATCH,
      });
      const extra = filtersOf(call, opts.filters);
      const selection = {
        filters: { ...(extra ?? {}), [field]: { $lt: dateFilterValue(type, field, before) } },
        status: 'published',
        // Every locale: an entry expires in the locale whose date says so.
        locale: '*',
      };
      const found = (await documents(type.uid).findMany({
        ...selection,
        fields: ['documentId', 'locale'],
        limit,
        sort: 'id:asc',
      } as never)) as Array<{ documentId: string; locale?: string | null }>;
      const matching = await documents(type.uid).count(selection as never);
      const documentIds = [...new Set(found.map((entry) => entry.documentId))];
      const common = { matching, documentIds, before: before.toISOString() };
      if (dryRun) return { dryRun: true, wouldUnpublish: found.length, ...common };
      let unpublished = 0;
      for (const entry of found) {
        await documents(type.uid).unpublish({
          documentId: entry.documentId,
          ...(entry.locale ? { locale: entry.locale } : {}),
        } as never);
        unpublished += 1;
      }
      return {
        dryRun: false,
        unpublished,
        remaining: Math.max(0, matching - unpublished),
        ...common,
      };
    },
  };
};
