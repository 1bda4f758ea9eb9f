/**
 * The run-history rules, pure: which old runs of a purge batch go and which stay, the purge's
 * resume cursor, and the capped count of the runs list. The runs service feeds them rows read
 * in bounded batches; nothing here reads the database.
 */

/** An old run a purge batch read: a candidate for deletion. */
export interface PurgeCandidate {
  id: number;
  taskId: number;
  /** Whether its status is one of the failures (FAILED_RUN_STATUSES). */
  failed: boolean;
}

/**
 * What stays of one task whatever its runs' age: its runs from `lastKeptId` up (its latest
 * `keepLast`; null when it has no more than `keepLast` runs, so that all of them stay) and its
 * latest failure.
 */
export interface TaskKeep {
  lastKeptId: number | null;
  lastFailureId: number | null;
}

/**
 * The retention rule for a batch of old runs: a run goes unless it is one of its task's latest
 * `keepLast` runs or its task's latest failure. A task missing from `keeps` keeps every run (it
 * was not looked up: nothing is deleted on a guess), and so does a failure later than the one
 * `keeps` knows (a run that ended failed after the look-up, such as a stale run recorded
 * interrupted meanwhile, may be the task's latest failure now).
 */
export const purgeVerdicts = (
  candidates: readonly PurgeCandidate[],
  keeps: ReadonlyMap<number, TaskKeep>,
  keepLast: number
): { doomed: number[]; kept: number } => {
  const doomed: number[] = [];
  for (const run of candidates) {
    const keep = keeps.get(run.taskId);
    if (!keep) continue;
    if (run.id === keep.lastFailureId) continue;
    if (run.failed && (keep.lastFailureId === null || run.id > keep.lastFailureId)) continue;
    if (keepLast > 0 && (keep.lastKeptId === null || run.id >= keep.lastKeptId)) continue;
    doomed.push(run.id);
  }
  return { doomed, kept: candidates.length - doomed.length };
};

/** Where a purge goes on: its cutoff, and the id of the last run it read. */
export interface PurgeCursor {
  cutoff: number;
  id: number;
}

export const encodePurgeCursor = (cursor: PurgeCursor) => `${cursor.cutoff}.${cursor.id}`;

/** The cursor a previous batch handed out, or null when `text` is not one. */
export const decodePurgeCursor = (text: unknown): PurgeCursor | null => {
  if (typeof text !== 'string' || !/^-?\d{1,16}\.\d{1,16}$/.test(text)) return null;
  const [cutoff, id] = text.split('.').map(Number);
  if (![cutoff, id].every(Number.isSafeInteger) || id < 1) return null;
  return { cutoff, id };
};

/** How many rows past the current page the runs list counts before it stops counting. */
export const COUNT_LOOKAHEAD = 1000;

/** The most rows the runs list counts to answer page `page` of `pageSize`. */
export const countLimit = (page: number, pageSize: number) =>
  (page - 1) * pageSize + COUNT_LOOKAHEAD + 1;

/**
 * The runs list's pagination from a count stopped at `limit` rows (countLimit): exact below it;
 * at it, `total` says "at least this many" and `totalCapped` is true, and the pages known so far
 * are the current one and those the lookahead covers, so that paging on finds more.
 */
export const cappedPagination = (
  { page, pageSize }: { page: number; pageSize: number },
  counted: number,
  limit: number
) => {
  const capped = counted >= limit;
  const total = capped ? limit - 1 : counted;
  return {
    page,
    pageSize,
    pageCount: Math.ceil(total / pageSize),
    total,
    ...(capped ? { totalCapped: true as const } : {}),
  };
};
