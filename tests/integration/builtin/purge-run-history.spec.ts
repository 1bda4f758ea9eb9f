import { FAILED_RUN_STATUSES, UIDS } from '../../../server/src/constants';
import type { RunStatus } from '../../../server/src/constants';
import type { RunRecord } from '../../../server/src/services/runs';
import { service, uniqueName } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';
import { DAY, builtInScript, failure, runBuiltIn } from './helpers';

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false' });
const KEY = 'purge-run-history';

/** Runs of a task that no longer exists, started `ageDays` ago, oldest first. */
const recordRuns = async (taskId: number, runs: Array<[RunStatus, number]>) => {
  const created = [];
  for (const [status, ageDays] of runs) {
    const startedAt = Date.now() - ageDays * DAY;
    created.push(
      await service(app.current.strapi, 'runs').create({
        taskId,
        taskName: `task ${taskId}`,
        trigger: 'timer',
        status,
        attempt: 1,
        slot: startedAt,
        startedAt,
        finishedAt: startedAt + 1000,
      })
    );
  }
  return created.map((run) => run.id);
};

const runIds = async (taskId: number) =>
  (await service(app.current.strapi, 'runs').findForTask(taskId)).map((run) => run.id);

test("Given old runs, When the script runs dry then for real, Then exactly the old runs beyond each task's last K and last failure go", async () => {
  const [failed, old1, old2, old3, old4, recent] = await recordRuns(900001, [
    ['failed', 200],
    ['succeeded', 150],
    ['succeeded', 140],
    ['succeeded', 130],
    ['succeeded', 120],
    ['succeeded', 1],
  ]);
  const [other] = await recordRuns(900002, [['succeeded', 300]]);
  const params = { olderThanDays: 90, keepLast: 2 };

  const dry = await runBuiltIn(app.current.strapi, KEY, { params, dryRun: true });
  // Old: six runs; kept: the failure, old4 (one of task 900001's last two), `other` (900002's last).
  expect(dry.result).toMatchObject({ dryRun: true, wouldDelete: 3, kept: 3 });
  expect(await runIds(900001)).toEqual([failed, old1, old2, old3, old4, recent]);

  const real = await runBuiltIn(app.current.strapi, KEY, { params });
  expect(real.result).toMatchObject({ dryRun: false, deleted: 3, kept: 3 });
  expect(real.result.summary).toBe(
    "deleted 3 runs older than 90 days; kept 3 old ones (each task's last 2 and its last failure)"
  );
  expect(await runIds(900001)).toEqual([failed, old4, recent]);
  expect(await runIds(900002)).toEqual([other]);
});

test.each([
  [{ olderThanDays: 'thirty' }, /param "olderThanDays" must be a number from 0 to 36500/],
  [{ keepLast: -1 }, /param "keepLast" must be a whole number from 0 to 10000/],
  [{ keepLast: 2.5 }, /param "keepLast" must be a whole number from 0 to 10000/],
])(
  'Given params %j, When the script runs, Then it fails naming the param and deletes nothing',
  async (params, message) => {
    const [old] = await recordRuns(900003, [
      ['succeeded', 400],
      ['succeeded', 399],
    ]);
    const { run } = await runBuiltIn(app.current.strapi, KEY, {
      params: { keepLast: 0, ...params },
    });
    expect(failure(run)).toMatch(message);
    expect(await app.current.strapi.db.query(UIDS.run).count({ where: { id: old } })).toBe(1);
  }
);

/**
 * What the rule names for deletion in the whole table as it stands: runs that started before
 * `cutoff`, not running, except each task's latest `keepLast` (by id) and its latest failure.
 */
const doomedByRule = async (cutoff: number, keepLast: number) => {
  const rows = (await app.current.strapi.db.query(UIDS.run).findMany({
    select: ['id', 'taskId', 'status', 'startedAt'],
    orderBy: { id: 'desc' },
  })) as Array<{ id: number; taskId: number; status: RunStatus; startedAt: unknown }>;
  const seen = new Map<number, number>();
  const kept = new Set<number>();
  const failed = new Set<number>();
  for (const row of rows) {
    const count = (seen.get(row.taskId) ?? 0) + 1;
    seen.set(row.taskId, count);
    if (count <= keepLast) kept.add(row.id);
    if (FAILED_RUN_STATUSES.includes(row.status) && !failed.has(row.taskId)) {
      failed.add(row.taskId);
      kept.add(row.id);
    }
  }
  return rows
    .filter(
      (row) =>
        row.startedAt !== null &&
        Number(row.startedAt) < cutoff &&
        row.status !== 'running' &&
        !kept.has(row.id)
    )
    .map((row) => row.id)
    .sort((a, b) => a - b);
};

const STATUSES: RunStatus[] = [
  'succeeded',
  'succeeded',
  'succeeded',
  'failed',
  'timed-out',
  'skipped',
  'running',
];

/** `count` runs of tasks `taskIds`, their statuses and ages (0–400 days) drawn from a fixed seed. */
const seedHistory = async (taskIds: number[], count: number, seed: number) => {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const now = Date.now();
  const data = [];
  for (let index = 0; index < count; index += 1) {
    const startedAt = now - Math.floor(next() * 400 * DAY);
    data.push({
      taskId: taskIds[Math.floor(next() * taskIds.length)],
      taskName: 'history',
      trigger: 'timer',
      status: STATUSES[Math.floor(next() * STATUSES.length)],
      attempt: 1,
      slot: seed * 1_000_000 + index,
      startedAt,
    });
  }
  for (let start = 0; start < data.length; start += 500) {
    await app.current.strapi.db
      .query(UIDS.run)
      .createMany({ data: data.slice(start, start + 500) });
  }
};

const allRunIds = async () =>
  (
    (await app.current.strapi.db.query(UIDS.run).findMany({
      select: ['id'],
      orderBy: { id: 'asc' },
    })) as Array<{ id: number }>
  ).map((row) => row.id);

test('Given a history of many tasks, statuses and ages, When the script purges it in small batches, Then exactly the runs the rule names go, the cutoff is in the result (and a dry run names them too)', async () => {
  await seedHistory([910001, 910002, 910003, 910004, 910005], 1200, 7);
  const params = { olderThanDays: 90, keepLast: 3, batchSize: 37 };
  const cutoff = Date.now() - 90 * DAY;
  const doomed = await doomedByRule(cutoff, 3);
  expect(doomed.length).toBeGreaterThan(500);
  const before = await allRunIds();

  const dry = await runBuiltIn(app.current.strapi, KEY, { params, dryRun: true });
  expect(dry.result).toMatchObject({ dryRun: true, wouldDelete: doomed.length });
  expect(dry.result.batches).toBeGreaterThan(10);

  const real = await runBuiltIn(app.current.strapi, KEY, { params });
  expect(real.result).toMatchObject({ dryRun: false, deleted: doomed.length });
  // The cutoff it used, taken from its own clock between ours before and after.
  const before90Days = Date.parse(real.result.before);
  expect(before90Days).toBeGreaterThanOrEqual(cutoff);
  expect(before90Days).toBeLessThanOrEqual(Date.now() - 90 * DAY);
  const gone = new Set(doomed);
  const left = (await allRunIds()).filter((id) => id <= before[before.length - 1]);
  expect(left).toEqual(before.filter((id) => !gone.has(id)));
  expect(await doomedByRule(cutoff, 3)).toEqual([]);
});

test('Given a purge cut short by its time limit, When the next run comes, Then the two delete exactly what the rule names, each counting only its own', async () => {
  await seedHistory([920001, 920002, 920003], 4000, 11);
  const cutoff = Date.now() - 90 * DAY;
  const doomed = await doomedByRule(cutoff, 2);
  const before = (await allRunIds()).length;
  const script = await builtInScript(app.current.strapi, KEY);
  const task = await service(app.current.strapi, 'tasks').create({
    name: uniqueName('short purge'),
    script: script.id,
    schedule: '0 0 1 1 *',
    timezone: 'UTC',
    enabled: false,
    // One run per batch: thousands of batches cannot fit in 800 ms.
    params: { olderThanDays: 90, keepLast: 2, batchSize: 1 },
    wallTimeLimitMs: 800,
  });
  const first = (await service(app.current.strapi, 'scheduler').runNow(task.id)) as RunRecord;
  expect(first.status).toBe('timed-out');
  // A batch the time limit caught in flight ends on its own: let it before counting.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const afterFirst = (await allRunIds()).length;
  const deletedByFirst = before + 1 - afterFirst;
  expect(deletedByFirst).toBeGreaterThan(0);
  expect(deletedByFirst).toBeLessThan(doomed.length);

  await service(app.current.strapi, 'tasks').update(task.id, {
    params: { olderThanDays: 90, keepLast: 2, batchSize: 500 },
    wallTimeLimitMs: null,
  });
  const second = (await service(app.current.strapi, 'scheduler').runNow(task.id)) as RunRecord;
  expect(second.status).toBe('succeeded');
  expect((second.result as { deleted: number }).deleted).toBe(doomed.length - deletedByFirst);
  expect(await doomedByRule(cutoff, 2)).toEqual([]);
});
