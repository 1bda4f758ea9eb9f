/**
 * Exactly once, with many claimers: four separate Strapi processes on this suite's database race
 * through the same 200 simulated seconds, waking the plugin at every one, over tasks that run
 * every second. Backfill keeps every slot due until someone runs it, so each slot must appear
 * exactly once in the run table: no duplicate, no gap, and no claimer errors. (Four already
 * contend for every slot on a two-core machine; more would only add CPU to the suite.)
 *
 * The claimers' simulated clocks drift apart by up to the whole span (each goes at its own pace),
 * far more than real instances' clocks do; leases are judged on the claimer's clock, so the lease
 * here outlasts the span, as a real lease outlasts real clock skew.
 */
import { UIDS } from '../../../server/src/constants';
import { startInstance, type Instance } from '../../helpers/instances';
import { createScript, service, uniqueName } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';

const CLAIMERS = 4;
const SLOTS = 200;
const TASKS = 2;
const START = Date.parse('2027-06-01T00:00:00Z');

// The claimers inherit this environment. One run at a time per claimer: with runs side by side
// the first claimer takes both tasks in one wake-up, again and again, and the others never find
// one free; one at a time leaves a task free while the other runs, so that they really race.
const app = useStrapi({
  MAINTENANCE_AUTO_RUN: 'false',
  MAINTENANCE_CONCURRENCY: '1',
  MAINTENANCE_BACKFILL_CAP: '5',
  MAINTENANCE_LEASE_MS: String(3_600_000),
});
let instances: Instance[] = [];

afterAll(async () => {
  await Promise.all(instances.map((instance) => instance.stop()));
});

test(`Given ${CLAIMERS} instances racing over ${SLOTS} slots, Then every slot runs exactly once`, async () => {
  const { strapi } = app.current;
  const script = await createScript(strapi, 'return ctx.task.slot;');
  const tasks = [];
  for (let index = 0; index < TASKS; index += 1) {
    tasks.push(
      await service(strapi, 'tasks').create(
        {
          name: uniqueName('racer'),
          script: script.id,
          schedule: '* * * * * *',
          timezone: 'UTC',
          misfirePolicy: 'backfill',
          // Every slot must run: one that comes while the previous run goes waits for it, as it
          // did before tasks had an overlap policy (the default, skip, would record it skipped).
          overlap: 'queue',
        },
        { now: START - 500 }
      )
    );
  }

  instances = [];
  for (let index = 0; index < CLAIMERS; index += 1) instances.push(await startInstance());

  const results = await Promise.all(
    instances.map((instance) =>
      instance.request<{ claimed: number; errors: string[] }>(
        { type: 'race', from: START, to: START + (SLOTS - 1) * 1000, step: 1000 },
        'raced'
      )
    )
  );

  expect(results.flatMap((result) => result.errors)).toEqual([]);
  const expectedSlots = Array.from({ length: SLOTS }, (_, index) => START + index * 1000);
  for (const task of tasks) {
    const runs = await service(strapi, 'runs').findForTask(task.id);
    const slots = runs.map((run) => run.slot as number).sort((a, b) => a - b);
    expect(slots).toEqual(expectedSlots);
    expect(runs.every((run) => run.status === 'succeeded' && run.attempt === 1)).toBe(true);
    // Each run saw its own slot: the script returned ctx.task.slot.
    expect(runs.every((run) => run.result === new Date(run.slot as number).toISOString())).toBe(
      true
    );
  }
  const leased = await strapi.db
    .query(UIDS.task)
    .count({ where: { leaseOwner: { $notNull: true } } });
  expect(leased).toBe(0);
  // More than one instance really took part.
  const owners = new Set(
    (await strapi.db.query(UIDS.run).findMany({ select: ['instanceId'] })).map(
      (run: { instanceId: string }) => run.instanceId
    )
  );
  expect(owners.size).toBeGreaterThan(1);
}, 300_000);
