import {
  relativeParts,
  runNeedsConfirm,
  taskFiltersFromQuery,
  taskListParams,
  waitForRun,
} from '../../../admin/src/components/tasks/listing';
import { timeZoneNames } from '../../../admin/src/schedule/timezones';

describe('tasks list helpers', () => {
  test('Given filters in the URL, when read, then known ones become GET /tasks parameters', () => {
    expect(taskFiltersFromQuery({ lastStatus: 'failed', enabled: 'false' })).toEqual({
      lastStatus: 'failed',
      enabled: 'false',
    });
    expect(taskFiltersFromQuery({ lastStatus: 'bogus', enabled: 'yes' })).toEqual({});
    expect(taskListParams({ page: '2', pageSize: '500', enabled: 'true' })).toEqual({
      page: 2,
      pageSize: 100,
      sort: 'name:asc',
      enabled: 'true',
    });
  });

  test.each([
    [30_000, { value: 30, unit: 'second' }],
    [-5 * 60_000, { value: -5, unit: 'minute' }],
    [3 * 3_600_000, { value: 3, unit: 'hour' }],
    [-2 * 86_400_000, { value: -2, unit: 'day' }],
    [65 * 86_400_000, { value: 2, unit: 'month' }],
  ])('Given an instant %p ms from now, when shown relatively, then it is %o', (offset, parts) => {
    expect(relativeParts(1_000_000_000_000 + offset, 1_000_000_000_000)).toEqual(parts);
  });

  test('Given a run still going after a 202, when followed, then it is polled until it ends', async () => {
    const answers = [
      { id: 5, status: 'running' },
      { id: 5, status: 'succeeded' },
    ];
    const fetchRun = jest.fn(async () => answers.shift() as { id: number; status: string });
    const sleep = jest.fn(async () => undefined);
    const run = await waitForRun({ id: 5, status: 'running' }, fetchRun, { sleep });
    expect(run).toEqual({ id: 5, status: 'succeeded' });
    expect(fetchRun).toHaveBeenCalledTimes(2);
    expect(fetchRun).toHaveBeenCalledWith(5);
  });

  test('Given a finished run, when followed, then nothing is polled', async () => {
    const fetchRun = jest.fn();
    expect(await waitForRun({ id: 1, status: 'failed' }, fetchRun)).toEqual({
      id: 1,
      status: 'failed',
    });
    expect(fetchRun).not.toHaveBeenCalled();
  });

  test('Given a run that never ends, when followed, then it gives up after the wait and says running', async () => {
    const fetchRun = jest.fn(async () => ({ id: 2, status: 'running' }));
    const run = await waitForRun({ id: 2, status: 'running' }, fetchRun, {
      sleep: async () => undefined,
      maxWaitMs: 3000,
    });
    expect(run.status).toBe('running');
    expect(fetchRun).toHaveBeenCalledTimes(3);
  });

  test('Given the browser zones, when listed, then UTC comes first, once, and the rest are sorted', () => {
    expect(timeZoneNames(() => ['Europe/Paris', 'America/New_York', 'UTC'])).toEqual([
      'UTC',
      'America/New_York',
      'Europe/Paris',
    ]);
    expect(timeZoneNames(() => [])).toContain('Europe/Paris');
    expect(timeZoneNames().length).toBeGreaterThan(300);
  });
});

describe('run now of a chore that changes data', () => {
  const deleting = {
    changes: {
      key: 'builtin.changes.trim-content-history.trim',
      values: { olderThanDays: 90 },
      text: 'Deletes content-history versions older than 90 days.',
    },
  };
  const report = { changes: null };

  test('Given a chore that changes data, When it is run for real, Then run now asks first', () => {
    expect(runNeedsConfirm(deleting, false)).toBe(true);
  });

  test('Given a chore that changes data, When it is dry-run, Then it goes at once', () => {
    expect(runNeedsConfirm(deleting, true)).toBe(false);
  });

  test('Given a chore that changes nothing (or a user script), When it is run, Then it goes at once', () => {
    expect(runNeedsConfirm(report, false)).toBe(false);
  });
});
