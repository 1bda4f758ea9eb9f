import { UIDS } from '../../../server/src/constants';
import type { RunStatus } from '../../../server/src/constants';
import { service } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';
import { DAY, failure, runBuiltIn } from './helpers';

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
