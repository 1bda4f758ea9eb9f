import type { Core } from '@strapi/strapi';
import { UIDS } from '../constants';
import { readEpoch } from '../utils/epoch';
import type { PageQuery, RunPageQuery } from '../validation/list-queries';
import {
  encodeRunCursor,
  keysetSteps,
  walkDirection,
  type Direction,
  type KeyRow,
} from './run-keyset';
import { cappedPagination, countLimit } from './run-retention';
import { toRunRecord } from './runs';

/** What a run list shows; the log and result are for the run's own page. */
const LIST_FIELDS = [
  'id',
  'taskId',
  'taskName',
  'slot',
  'attempt',
  'trigger',
  'status',
  'dryRun',
  'startedAt',
  'finishedAt',
  'durationMs',
  'driftMs',
  'logTruncated',
  'error',
  'instanceId',
  'scriptId',
  'scriptVersion',
  'requestedBy',
  'cancelRequestedAt',
  'cancelRequestedBy',
  'progress',
];

/**
 * The run history list (GET /runs, the CLI's `runs`): a page by number or by cursor, its rows by
 * id, its count capped. Apart from the runs service, which records and purges runs.
 */
const createRunPagesService = ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(UIDS.run);

  /** The runs `where` names, counted up to `limit` at most (the list's capped count). */
  const countUpTo = async (where: Record<string, unknown>, limit: number) => {
    const capped = strapi.db.entityManager
      .createQueryBuilder(UIDS.run)
      .init({ where, select: ['id'], limit })
      .getKnexQuery();
    const [{ count }] = (await strapi.db.connection
      .count({ count: '*' })
      .from(capped.as('capped'))) as Array<{ count: number | string }>;
    return Number(count);
  };

  /** The list's view of these runs, in this order (a run deleted meanwhile is left out). */
  const summariesOf = async (ids: number[]) => {
    const rows =
      ids.length === 0
        ? []
        : ((await query().findMany({
            where: { id: { $in: ids } },
            select: LIST_FIELDS,
          })) as Array<Record<string, unknown>>);
    const byId = new Map(rows.map((row) => [Number(row.id), row]));
    return ids.flatMap((id) => {
      const row = byId.get(Number(id));
      if (!row) return [];
      const { result: _result, log: _log, ...summary } = toRunRecord(row);
      return [summary];
    });
  };

  return {
    /**
     * One page of runs (admin list), whatever the history's size: the page's ids come from the
     * index the sort and filters use (then their rows by id), and the count stops a little past
     * the page (run-retention's countLimit), so `total` may say "at least" (`totalCapped`). What
     * a page still costs grows with its depth: the index is walked up to it.
     */
    async findPage(page: PageQuery) {
      const { where, orderBy } = page;
      const limit = countLimit(page.page, page.pageSize);
      const count = await countUpTo(where, limit);
      const ids = (
        (await query().findMany({
          where,
          orderBy,
          select: ['id'],
          offset: (page.page - 1) * page.pageSize,
          limit: page.pageSize,
        })) as Array<{ id: number }>
      ).map((row) => row.id);
      return {
        results: await summariesOf(ids),
        pagination: cappedPagination(page, count, limit),
      };
    },

    /**
     * One page of runs read by cursor (run-keyset.ts): up to a page of rows past the cursor,
     * each query a range seek on the index of the filter and sort, so that the oldest page costs
     * what the newest does. Runs recorded meanwhile never shift the pages being walked: the next
     * page starts after the last row seen, not at a count of rows. The count is capped as on
     * findPage.
     */
    async findCursorPage(page: RunPageQuery & { cursor: NonNullable<RunPageQuery['cursor']> }) {
      const { where, sort, cursor, pageSize } = page;
      const field = sort.field;
      /** Up to `limit` rows past `from` in `direction`, part after part. */
      const walk = async (direction: Direction, from: KeyRow | null, limit: number) => {
        const found: KeyRow[] = [];
        for (const step of keysetSteps(field, direction, from)) {
          const rows = (await query().findMany({
            where: Object.keys(where).length === 0 ? step.where : { $and: [where, step.where] },
            orderBy: step.orderBy,
            select: field === 'id' ? ['id'] : ['id', field],
            limit: limit - found.length,
          })) as Array<Record<string, unknown>>;
          found.push(
            ...rows.map((row) => ({
              id: Number(row.id),
              key: field === 'id' ? null : readEpoch(row[field]),
            }))
          );
          if (found.length >= limit) break;
        }
        return found;
      };
      const direction = walkDirection(sort, cursor);
      const from = 'row' in cursor ? cursor.row : null;
      const read = await walk(direction, from, pageSize + 1);
      const more = read.length > pageSize;
      const forward = direction === sort.direction;
      // Rows in the list's order, whichever way they were read.
      const keys = forward ? read.slice(0, pageSize) : read.slice(0, pageSize).reverse();
      const [first, last] = [keys[0], keys[keys.length - 1]];
      const reverse = forward ? (sort.direction === 'asc' ? 'desc' : 'asc') : sort.direction;
      // The other side: one row past the page's edge, unless the page is at its end.
      const edge = forward ? first : last;
      const beyond =
        edge && (cursor.at === 'after' || cursor.at === 'before')
          ? (await walk(reverse, edge, 1)).length > 0
          : false;
      const [hasNext, hasPrevious] = forward ? [more, beyond] : [beyond, more];

      const limit = countLimit(1, pageSize);
      const counted = await countUpTo(where, limit);
      const { total, totalCapped } = cappedPagination({ page: 1, pageSize }, counted, limit);
      return {
        results: await summariesOf(keys.map((key) => key.id)),
        pagination: {
          pageSize,
          total,
          ...(totalCapped ? { totalCapped } : {}),
          nextCursor: hasNext && last ? encodeRunCursor('after', sort, last) : null,
          previousCursor: hasPrevious && first ? encodeRunCursor('before', sort, first) : null,
        },
      };
    },
  };
};

export type RunPagesService = ReturnType<typeof createRunPagesService>;
export default createRunPagesService;
