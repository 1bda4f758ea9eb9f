import { validateYupSchema, yup } from '@strapi/utils';
import { RUN_STATUSES, RUN_TRIGGERS } from '../constants';
import { parseInstant } from '../utils/epoch';
import { decodeRunCursor, type KeysetSort, type RunCursor } from '../services/run-keyset';
import { noUnknown } from './no-unknown';

export interface PageQuery {
  where: Record<string, unknown>;
  orderBy: Array<Record<string, 'asc' | 'desc'>>;
  page: number;
  pageSize: number;
}

export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}

export const MAX_PAGE_SIZE = 100;

const paging = {
  page: yup
    .number()
    .typeError('page must be a whole number')
    .integer('page must be a whole number')
    .min(1, 'page must be at least 1'),
  pageSize: yup
    .number()
    .typeError('pageSize must be a whole number')
    .integer('pageSize must be a whole number')
    .min(1, 'pageSize must be at least 1')
    .max(MAX_PAGE_SIZE, `pageSize must be at most ${MAX_PAGE_SIZE}`),
};

const sortParam = (fields: readonly string[]) =>
  yup
    .string()
    .typeError('sort must be field:asc or field:desc')
    .matches(
      new RegExp(`^(${fields.join('|')}):(asc|desc)$`),
      `sort must be field:asc or field:desc, the field one of ${fields.join(', ')}`
    );

const idParam = (name: string) =>
  yup
    .number()
    .typeError(`${name} must be an id`)
    .integer(`${name} must be an id`)
    .min(1, `${name} must be an id`);

const booleanParam = (name: string) => yup.boolean().typeError(`${name} must be true or false`);

const oneOf = (name: string, values: readonly string[]) =>
  yup.string().oneOf([...values], `${name} must be one of ${values.join(', ')}`);

const orderOf = (sort: string): PageQuery['orderBy'] => {
  const [field, direction] = sort.split(':') as [string, 'asc' | 'desc'];
  return field === 'id' ? [{ id: direction }] : [{ [field]: direction }, { id: direction }];
};

/** Query strings arrive as strings: they are cast, then checked; anything unknown is refused. */
const validateQuery = async <T>(schema: yup.AnyObjectSchema, query: unknown) =>
  (await validateYupSchema(schema, { strict: false })(query ?? {})) as T;

const TASK_SORTS = ['name', 'nextRunAt', 'lastRunAt', 'lastStatus', 'createdAt', 'updatedAt', 'id'];

/** GET /tasks: filter by enabled, script, last status or name; sort; paginate. */
export const parseTaskListQuery = async (query: unknown): Promise<PageQuery> => {
  const value = await validateQuery<{
    page?: number;
    pageSize?: number;
    sort?: string;
    enabled?: boolean;
    script?: number;
    lastStatus?: string;
    q?: string;
  }>(
    yup
      .object({
        ...paging,
        sort: sortParam(TASK_SORTS),
        enabled: booleanParam('enabled'),
        script: idParam('script'),
        lastStatus: oneOf('lastStatus', RUN_STATUSES),
        q: yup.string().typeError('q must be text').max(120, 'q must be at most 120 characters'),
      })
      .test(noUnknown('query parameter')),
    query
  );
  const where: Record<string, unknown> = {};
  if (value.enabled !== undefined) where.enabled = value.enabled;
  if (value.script !== undefined) where.script = { id: value.script };
  if (value.lastStatus !== undefined) where.lastStatus = value.lastStatus;
  if (value.q) where.name = { $containsi: value.q };
  return {
    where,
    orderBy: orderOf(value.sort ?? 'name:asc'),
    page: value.page ?? 1,
    pageSize: value.pageSize ?? 25,
  };
};

const RUN_SORTS = ['startedAt', 'finishedAt', 'durationMs', 'id'];
const DEFAULT_RUN_SORT = 'startedAt:desc';

/** A query parameter holding an instant: ISO 8601 or epoch milliseconds. */
export const instantParam = (name: string): yup.AnySchema =>
  yup
    .mixed<number>()
    .transform((value) => parseInstant(value) ?? undefined)
    .test(
      'instant',
      `${name} must be an ISO 8601 date or epoch milliseconds`,
      (value) => value === undefined || Number.isFinite(value)
    );

/** GET /runs read by page number, or by cursor when `cursor` is given (then `page` is not). */
export interface RunPageQuery extends PageQuery {
  sort: KeysetSort;
  cursor?: RunCursor;
}

const sortOf = (sort: string): KeysetSort => {
  const [field, direction] = sort.split(':') as [string, KeysetSort['direction']];
  return { field, direction };
};

/**
 * GET /runs: filter by task, status, trigger, dry run and start date range; sort; paginate by
 * page number or by cursor (services/run-keyset.ts).
 */
export const parseRunListQuery = async (query: unknown): Promise<RunPageQuery> => {
  const value = await validateQuery<{
    cursor?: string;
    page?: number;
    pageSize?: number;
    sort?: string;
    task?: number;
    status?: string;
    trigger?: string;
    dryRun?: boolean;
    from?: number;
    to?: number;
  }>(
    yup
      .object({
        cursor: yup
          .string()
          .typeError('cursor must be text')
          .test('cursor', function checkCursor(cursor) {
            if (cursor === undefined) return true;
            if (this.parent?.page !== undefined) {
              return this.createError({ message: 'cursor and page cannot be used together' });
            }
            const sort = typeof this.parent?.sort === 'string' ? this.parent.sort : undefined;
            const sorted = sort && new RegExp(`^(${RUN_SORTS.join('|')}):(asc|desc)$`).test(sort);
            // A bad sort is said on sort; the cursor is not judged against it.
            if (sort !== undefined && !sorted) return true;
            const decoded = decodeRunCursor(cursor, sortOf(sort ?? DEFAULT_RUN_SORT));
            return 'reason' in decoded ? this.createError({ message: decoded.reason }) : true;
          }),
        ...paging,
        sort: sortParam(RUN_SORTS),
        task: idParam('task'),
        status: oneOf('status', RUN_STATUSES),
        trigger: oneOf('trigger', RUN_TRIGGERS),
        dryRun: booleanParam('dryRun'),
        from: instantParam('from'),
        to: instantParam('to'),
      })
      .test(noUnknown('query parameter'))
      .test('range', 'to must not be before from', function checkRange(value) {
        if (value?.from === undefined || value?.to === undefined || value.to >= value.from) {
          return true;
        }
        return this.createError({ path: 'to', message: 'to must not be before from' });
      }),
    query
  );
  const where: Record<string, unknown> = {};
  if (value.task !== undefined) where.taskId = value.task;
  if (value.status !== undefined) where.status = value.status;
  if (value.trigger !== undefined) where.trigger = value.trigger;
  if (value.dryRun !== undefined) where.dryRun = value.dryRun;
  const startedAt: Record<string, number> = {};
  if (value.from !== undefined) startedAt.$gte = value.from;
  if (value.to !== undefined) startedAt.$lte = value.to;
  if (Object.keys(startedAt).length > 0) where.startedAt = startedAt;
  const sort = sortOf(value.sort ?? DEFAULT_RUN_SORT);
  const decoded = value.cursor === undefined ? undefined : decodeRunCursor(value.cursor, sort);
  return {
    where,
    orderBy: orderOf(value.sort ?? DEFAULT_RUN_SORT),
    page: value.page ?? 1,
    pageSize: value.pageSize ?? 25,
    sort,
    ...(decoded && 'cursor' in decoded ? { cursor: decoded.cursor } : {}),
  };
};
