/**
 * Keyset (cursor) paging of the runs list, pure: the cursor a page hands out and its check, and
 * the queries that read the rows after a cursor, each of which an index on (filter, sort key, id)
 * answers by a range seek. A page costs the same at any depth, where an offset walks the index up
 * to it (issue 13). The runs service runs the queries; nothing here reads the database.
 *
 * The order: the sort key, then the id, both in the sort's direction. A sort key may be null
 * (finishedAt and durationMs of a run still going), and databases place nulls differently
 * (PostgreSQL after every value, SQLite and MariaDB before), so nulls are read apart from the
 * values: they count as the smallest key, after the values when newest first, before them when
 * oldest first. Each part is read with the database's own order and index, the same everywhere.
 */

export type Direction = 'asc' | 'desc';

/** A row of the list: its id and the value of the sort key (null when it has none). */
export interface KeyRow {
  id: number;
  key: number | null;
}

/** The sort of a list, as validation/list-queries.ts reads it: `startedAt:desc`. */
export interface KeysetSort {
  field: string;
  direction: Direction;
}

/**
 * Where a page starts: after a row (the next pages, in the list's order) or before it (the
 * previous ones); `first` and `last` are the two ends.
 */
export type RunCursor =
  { at: 'first' | 'last' } | { at: 'after' | 'before'; sort: string; row: KeyRow };

export const sortName = (sort: KeysetSort) => `${sort.field}:${sort.direction}`;

const toBase64Url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** The cursor of a page beside this one, opaque to clients: the sort it was made for and a row. */
export const encodeRunCursor = (at: 'after' | 'before', sort: KeysetSort, row: KeyRow) =>
  toBase64Url(JSON.stringify({ a: at, s: sortName(sort), k: row.key, i: row.id }));

const isKey = (value: unknown): value is number | null =>
  value === null || (typeof value === 'number' && Number.isSafeInteger(value));

/**
 * The cursor `text` stands for, for a list sorted by `sort`, or why it is none (said to the
 * client as a 400 on `cursor`).
 */
export const decodeRunCursor = (
  text: string,
  sort: KeysetSort
): { cursor: RunCursor } | { reason: string } => {
  if (text === 'first' || text === 'last') return { cursor: { at: text } };
  const invalid = {
    reason: 'cursor must be first, last, or a nextCursor or previousCursor of this list',
  };
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return invalid;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return invalid;
  }
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return invalid;
  const { a, s, k, i } = payload as Record<string, unknown>;
  if ((a !== 'after' && a !== 'before') || typeof s !== 'string') return invalid;
  if (typeof i !== 'number' || !Number.isSafeInteger(i) || i < 1 || !isKey(k)) return invalid;
  if (sort.field === 'id' && k !== null) return invalid;
  if (s !== sortName(sort)) {
    return {
      reason: `cursor was made for sort ${s.slice(0, 40)}, not ${sortName(sort)}: start again from first`,
    };
  }
  return { cursor: { at: a, sort: s, row: { id: i, key: k } } };
};

/** One query of a walk: its condition (Strapi's where) and order. */
export interface KeysetStep {
  where: Record<string, unknown>;
  orderBy: Array<Record<string, Direction>>;
}

const flip = (direction: Direction): Direction => (direction === 'asc' ? 'desc' : 'asc');

/** The direction rows are read in: the list's for `after` and `first`, reversed for the others. */
export const walkDirection = (sort: KeysetSort, cursor: RunCursor): Direction =>
  cursor.at === 'after' || cursor.at === 'first' ? sort.direction : flip(sort.direction);

/**
 * The queries that read, in `direction`, the rows strictly past `from` (every row when null), in
 * turn: run them one after the other until enough rows came. One for an id sort; otherwise the
 * values part and the nulls part in their order, from the part `from` is in.
 */
export const keysetSteps = (
  field: string,
  direction: Direction,
  from: KeyRow | null
): KeysetStep[] => {
  const past = direction === 'desc' ? '$lt' : '$gt';
  if (field === 'id') {
    return [{ where: from ? { id: { [past]: from.id } } : {}, orderBy: [{ id: direction }] }];
  }
  const values = (): KeysetStep => {
    const bound = direction === 'desc' ? '$lte' : '$gte';
    return {
      // The bound alone on the key lets every database seek the index to it; the $or then
      // leaves out the rows of the same key up to the cursor's id.
      where:
        from && from.key !== null
          ? {
              [field]: { $notNull: true, [bound]: from.key },
              $or: [{ [field]: { [past]: from.key } }, { id: { [past]: from.id } }],
            }
          : { [field]: { $notNull: true } },
      orderBy: [{ [field]: direction }, { id: direction }],
    };
  };
  const nulls = (): KeysetStep => ({
    where:
      from && from.key === null
        ? { [field]: { $null: true }, id: { [past]: from.id } }
        : { [field]: { $null: true } },
    orderBy: [{ id: direction }],
  });
  const parts = direction === 'desc' ? [values, nulls] : [nulls, values];
  // Past a null key only nulls (newest first) or values (oldest first) are left.
  const start = from === null ? 0 : parts.indexOf(from.key === null ? nulls : values);
  return parts.slice(start).map((part) => part());
};
