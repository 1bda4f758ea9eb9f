/**
 * Pure helpers of the tasks list: filters in the URL ⇄ GET /tasks parameters, relative times,
 * and waiting for a run started with "run now". No React, no Strapi.
 */
import { FAILED_RUN_STATUSES, type RunStatus } from '../../../../server/src/contracts';

export const TASK_STATUS_FILTERS: RunStatus[] = [
  'succeeded',
  'failed',
  'timed-out',
  'memory-exceeded',
  'killed',
  'interrupted',
  'skipped',
  'replaced',
  'cancelled',
  'running',
];

export interface TaskFilters {
  /** A run status: the task's last run ended so. */
  lastStatus?: RunStatus;
  enabled?: 'true' | 'false';
}

const text = (value: unknown) =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/** The filters found in the page's URL query; unknown values are dropped. */
export const taskFiltersFromQuery = (query: Record<string, unknown>): TaskFilters => {
  const filters: TaskFilters = {};
  const status = text(query.lastStatus);
  if (status && (TASK_STATUS_FILTERS as string[]).includes(status)) {
    filters.lastStatus = status as RunStatus;
  }
  const enabled = text(query.enabled);
  if (enabled === 'true' || enabled === 'false') filters.enabled = enabled;
  return filters;
};

const positive = (value: unknown, fallback: number, max = Infinity) => {
  const number = Number(value);
  return Number.isInteger(number) && number >= 1 ? Math.min(number, max) : fallback;
};

/** GET /tasks parameters for the page's URL query. */
export const taskListParams = (query: Record<string, unknown>) => {
  const filters = taskFiltersFromQuery(query);
  return {
    page: positive(query.page, 1),
    pageSize: positive(query.pageSize, 25, 100),
    sort: 'name:asc',
    ...filters,
  };
};

export type RelativeUnit = 'second' | 'minute' | 'hour' | 'day' | 'month' | 'year';

/**
 * A value and unit for Intl.RelativeTimeFormat (react-intl's formatRelativeTime): negative in
 * the past. "in 3 hours", "2 days ago"; under a minute counts seconds.
 */
export const relativeParts = (at: number, now: number): { value: number; unit: RelativeUnit } => {
  const diff = at - now;
  const abs = Math.abs(diff);
  const sign = diff < 0 ? -1 : 1;
  const round = (unitMs: number) => sign * Math.round(abs / unitMs);
  if (abs < 60_000) return { value: round(1000), unit: 'second' };
  if (abs < 3_600_000) return { value: round(60_000), unit: 'minute' };
  if (abs < 86_400_000) return { value: round(3_600_000), unit: 'hour' };
  if (abs < 30 * 86_400_000) return { value: round(86_400_000), unit: 'day' };
  if (abs < 365 * 86_400_000) return { value: round(30 * 86_400_000), unit: 'month' };
  return { value: round(365 * 86_400_000), unit: 'year' };
};

/** Polling delay while a run is still going: quick at first, then every few seconds. */
export const runPollDelayMs = (polls: number) => (polls < 5 ? 1000 : polls < 20 ? 2000 : 5000);

interface RunLike {
  id?: number;
  status: string;
}

/**
 * Waits until a run started with "run now" has finished: `first` is the answer of
 * POST /tasks/:id/run (finished, or still running after a 202), `fetchRun` reads GET /runs/:id.
 * Gives up after `maxWaitMs` and returns the run as last seen (still running).
 */
export const waitForRun = async <T extends RunLike>(
  first: T,
  fetchRun: (id: number) => Promise<T>,
  {
    sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    maxWaitMs = 15 * 60_000,
    onProgress,
  }: {
    sleep?: (ms: number) => Promise<void>;
    maxWaitMs?: number;
    onProgress?: (run: T, polls: number) => void;
  } = {}
): Promise<T> => {
  let run = first;
  let waited = 0;
  let polls = 0;
  while (run.status === 'running' && typeof run.id === 'number' && waited < maxWaitMs) {
    const delay = runPollDelayMs(polls);
    await sleep(delay);
    waited += delay;
    polls += 1;
    run = await fetchRun(run.id);
    onProgress?.(run, polls);
  }
  return run;
};

/** Whether a run's status counts as a failure for the notification. */
export const runFailed = (status: string) =>
  (FAILED_RUN_STATUSES as readonly string[]).includes(status);

/**
 * Whether run now asks first: a real run of a chore that changes the site's data (the server's
 * `changes` sentence). A dry run changes nothing, and neither does a chore without a sentence.
 */
export const runNeedsConfirm = (task: { changes: object | null }, dryRun: boolean): boolean =>
  !dryRun && task.changes !== null;
