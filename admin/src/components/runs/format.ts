/**
 * Pure helpers of the run history pages: elapsed time, drift, logs, filters. No React, no Strapi
 * imports, so that tests/admin can load them in jsdom.
 */
import {
  RUN_STATUSES,
  RUN_TRIGGERS,
  type Run,
  type RunListQuery,
  type RunLogEntry,
  type RunProgress,
  type RunStatus,
  type RunSummary,
  type RunTrigger,
} from '../../../../server/src/contracts';

export { RUN_STATUSES, RUN_TRIGGERS };

/** Start minus slot, from the record or computed; null for runs without a slot (manual). */
export const runDriftMs = (
  run: Pick<RunSummary, 'driftMs' | 'slot' | 'startedAt'>
): number | null => {
  if (run.driftMs !== null) return run.driftMs;
  if (run.slot !== null && run.startedAt !== null) {
    return run.startedAt - run.slot;
  }
  return null;
};

/** The duration of a finished run, or the time a running one has been going. */
export const runElapsedMs = (
  run: Pick<RunSummary, 'status' | 'durationMs' | 'startedAt' | 'finishedAt'>,
  now: number
): number | null => {
  if (run.durationMs !== null) return run.durationMs;
  if (run.startedAt === null) return null;
  if (run.finishedAt !== null) return run.finishedAt - run.startedAt;
  return run.status === 'running' ? Math.max(0, now - run.startedAt) : null;
};

/** A progress report's share done, 0–100, or null when the script gave no total. */
export const progressPercent = (progress: Pick<RunProgress, 'done' | 'total'>): number | null =>
  progress.total === null || progress.total <= 0
    ? null
    : Math.min(100, Math.max(0, Math.round((progress.done / progress.total) * 100)));

/** How often the run page re-reads a run that is still going (its record follows every second). */
export const LIVE_POLL_MS = 1500;

export const isRunFinished = (run: Pick<RunSummary, 'status'> | null | undefined) =>
  Boolean(run) && run?.status !== 'running';

export const FAILED_STATUSES: ReadonlySet<string> = new Set([
  'failed',
  'timed-out',
  'memory-exceeded',
  'killed',
  'interrupted',
]);

export type BadgeVariant = 'success' | 'danger' | 'warning' | 'neutral' | 'secondary' | 'primary';

export const statusVariant = (status: string): BadgeVariant => {
  if (status === 'succeeded') return 'success';
  if (status === 'running') return 'secondary';
  if (status === 'skipped') return 'neutral';
  if (status === 'interrupted' || status === 'killed') return 'warning';
  return FAILED_STATUSES.has(status) ? 'danger' : 'neutral';
};

const timeOfDay = (at: number) => {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(11, 23);
};

const isLogEntry = (value: unknown): value is RunLogEntry =>
  Boolean(value) && typeof value === 'object' && 'message' in (value as object);

/**
 * A run's log as text: one line per entry, `HH:MM:SS.mmm level message` (UTC time of day unless
 * `formatTime` says otherwise). Accepts the stored array of entries or plain text.
 */
export const logText = (
  log: Run['log'] | unknown,
  formatTime: (at: number) => string = timeOfDay
): string => {
  if (log === null || log === undefined) return '';
  if (typeof log === 'string') return log;
  if (!Array.isArray(log)) return JSON.stringify(log, null, 2);
  return log
    .map((entry) => {
      if (!isLogEntry(entry)) return typeof entry === 'string' ? entry : JSON.stringify(entry);
      const time = typeof entry.at === 'number' ? formatTime(entry.at) : '';
      const level = (entry.level ?? 'log').padEnd(5);
      return [time, level, String(entry.message)].filter(Boolean).join(' ');
    })
    .join('\n');
};

/** A script's result, pretty-printed; undefined (nothing returned) gives an empty string. */
export const prettyJson = (value: unknown): string => {
  if (value === undefined) return '';
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
};

/* ---------- Filters: URL query ⇄ GET /runs parameters ---------- */

export interface RunFilters {
  task?: string;
  status?: RunStatus;
  trigger?: RunTrigger;
  /** Local calendar days, YYYY-MM-DD, inclusive. */
  from?: string;
  to?: string;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight local time at the start of a YYYY-MM-DD day, or undefined. */
export const dayStartMs = (day: string | undefined): number | undefined => {
  const match = day ? DAY.exec(day) : null;
  if (!match) return undefined;
  const time = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])).getTime();
  return Number.isNaN(time) ? undefined : time;
};

/** The last millisecond of a YYYY-MM-DD day, local time, or undefined. */
export const dayEndMs = (day: string | undefined): number | undefined => {
  const match = day ? DAY.exec(day) : null;
  if (!match) return undefined;
  const time = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + 1).getTime();
  return Number.isNaN(time) ? undefined : time - 1;
};

/** A Date as the YYYY-MM-DD of its local day. */
export const toDay = (date: Date): string =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(
    date.getDate()
  ).padStart(2, '0')}`;

const text = (value: unknown) =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/** The filters found in the page's URL query (unknown values are dropped). */
export const filtersFromQuery = (query: Record<string, unknown>): RunFilters => {
  const filters: RunFilters = {};
  const task = text(query.task);
  if (task && /^\d+$/.test(task)) filters.task = task;
  const status = text(query.status);
  if (status && (RUN_STATUSES as readonly string[]).includes(status)) {
    filters.status = status as RunStatus;
  }
  const trigger = text(query.trigger);
  if (trigger && (RUN_TRIGGERS as readonly string[]).includes(trigger)) {
    filters.trigger = trigger as RunTrigger;
  }
  const from = text(query.from);
  if (from && DAY.test(from)) filters.from = from;
  const to = text(query.to);
  if (to && DAY.test(to)) filters.to = to;
  return filters;
};

const positive = (value: unknown, fallback: number, max = Infinity) => {
  const number = Number(value);
  return Number.isInteger(number) && number >= 1 ? Math.min(number, max) : fallback;
};

/** A cursor of the run history's URL query: first, last or one the server handed out. */
const CURSOR = /^(first|last|[A-Za-z0-9_-]{1,200})$/;

/**
 * GET /runs query parameters for the page's URL query: filters, cursor (the newest runs when it
 * has none) and page size. The list pages by cursor (issue 13), never by page number.
 */
export const runListParams = (query: Record<string, unknown>): RunListQuery => {
  const filters = filtersFromQuery(query);
  const cursor = text(query.cursor);
  const params: RunListQuery = {
    cursor: cursor && CURSOR.test(cursor) ? cursor : 'first',
    pageSize: positive(query.pageSize, 25, 100),
    sort: 'startedAt:desc',
  };
  if (filters.task) params.task = Number(filters.task);
  if (filters.status) params.status = filters.status;
  if (filters.trigger) params.trigger = filters.trigger;
  const from = dayStartMs(filters.from);
  const to = dayEndMs(filters.to);
  if (from !== undefined) params.from = from;
  if (to !== undefined) params.to = to;
  if (from !== undefined && to !== undefined && to < from) delete params.to;
  return params;
};

/** Polling delay for a running run: quick at first, then every few seconds. */
export const pollDelayMs = (polls: number) => (polls < 5 ? 1000 : polls < 20 ? 2000 : 5000);
