/**
 * GET /api/maintenance/metrics (issue 17): Prometheus text format, protected as the watchdog is
 * (the trigger mode of runMaintenanceTasks, its tokens, 401, 403), parsed by the format's
 * grammar (tests/helpers/prometheus.ts) and by parse-prometheus-text-format, with values that
 * match the run table.
 */
import { UIDS } from '../../../server/src/constants';
import { DURATION_BUCKETS_SECONDS } from '../../../server/src/services/metrics';
import { service, uniqueName } from '../../helpers/maintenance';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';

import { parseExposition, sampleValue, type ParsedFamily } from '../../helpers/prometheus';
import { useStrapi } from '../../helpers/strapi';

const METRICS = '/api/maintenance/metrics';
const WAKE = '/api/maintenance/runMaintenanceTasks';

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false', MAINTENANCE_LEASE_MS: '60000' });
const http = () => app.current.http();
const settings = () => service(app.current.strapi, 'settings');

let token: string;
const tasks: Record<'ok' | 'failing' | 'paused', { id: number; name: string }> = {} as never;

const createTask = async (label: string, body: string) => {
  const { strapi } = app.current;
  const script = await service(strapi, 'scripts').create({ name: uniqueName('script'), body });
  return service(strapi, 'tasks').create({
    name: uniqueName(label),
    script: script.id,
    schedule: '0 3 * * *',
    timezone: 'UTC',
  });
};

beforeAll(async () => {
  const { strapi } = app.current;
  token = ((await settings().createToken({ name: 'prometheus' })) as { token: string }).token;
  tasks.ok = await createTask('metrics "ok"', 'return 1;');
  tasks.failing = await createTask('metrics failing', "throw new Error('no');");
  tasks.paused = await createTask('metrics paused', 'return 1;');
  const scheduler = service(strapi, 'scheduler');
  for (const task of [tasks.ok, tasks.ok, tasks.ok, tasks.failing, tasks.failing, tasks.paused]) {
    await scheduler.runNow(task.id);
  }
  await strapi.db.query(UIDS.task).update({
    where: { id: tasks.paused.id },
    data: { pausedAt: Date.now(), pausedReason: 'paused after 5 consecutive failed slots' },
  });
}, 120_000);

const scrape = async (withToken = true) => {
  const request = http().get(METRICS);
  const response = await (withToken ? request.set('Authorization', `Bearer ${token}`) : request);
  expect(response.status).toBe(200);
  expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  expect(response.headers['cache-control']).toBe('no-store');
  // Read twice: by parse-prometheus-text-format (a maintained parser, compatible with
  // Prometheus's prom2json), which must see the same families with the same types and series,
  // and by tests/helpers/prometheus.ts, stricter (escapes, histogram rules) and easier to query.
  // That parser folds a histogram's labelled series into one (it reads unlabelled histograms
  // only), so histograms are compared by name and type there.
  const families = parseExposition(response.text);
  const maintained = parsePrometheusTextFormat(response.text);
  const shape = (name: string, type: string, series: number) =>
    type === 'histogram' ? [name, type] : [name, type, series];
  expect(
    maintained.map((family) => shape(family.name, family.type.toLowerCase(), family.metrics.length))
  ).toEqual(
    [...families.values()].map((family) => shape(family.name, family.type, family.samples.length))
  );
  return families;
};

describe('who may ask', () => {
  afterEach(async () => {
    await settings().update({ triggerMode: 'open' });
  });

  test('Given token mode, When asked without a token, Then 401 with a Bearer challenge', async () => {
    await settings().update({ triggerMode: 'token' });
    const response = await http().get(METRICS);
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="maintenance"');
  });

  test('Given token mode, When asked with a token that matches none, Then 401', async () => {
    await settings().update({ triggerMode: 'token' });
    const response = await http()
      .get(METRICS)
      .set('Authorization', `Bearer mnt_${'A'.repeat(43)}`);
    expect(response.status).toBe(401);
  });

  test('Given token mode, When asked with a valid token, Then 200 and a document that parses', async () => {
    await settings().update({ triggerMode: 'token' });
    expect((await scrape()).get('maintenance_runs_total')?.type).toBe('counter');
  });

  test('Given disabled mode, When asked, even with a token, Then 403', async () => {
    await settings().update({ triggerMode: 'disabled' });
    const response = await http().get(METRICS).set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(403);
  });

  test('Given open mode, When an anonymous caller asks, Then it gets task ids but no task names or lease owners', async () => {
    const families = await scrape(false);
    const labels = [...families.values()].flatMap((family) =>
      family.samples.flatMap((sample) => Object.keys(sample.labels))
    );
    expect(labels).toContain('task_id');
    expect(labels).not.toContain('task');
    expect(labels).not.toContain('owner');
    // The instance is told apart by a digest, not by its host name and pid.
    const instances = families
      .get('maintenance_sandbox_kills_total')!
      .samples.map((sample) => sample.labels.maintenance_instance);
    expect(instances).toEqual([expect.stringMatching(/^i-[0-9a-f]{12}$/)]);
  });
});

describe('values', () => {
  let families: Map<string, ParsedFamily>;
  let runs: Array<{
    taskId: number;
    status: string;
    durationMs: number | null;
    finishedAt: number | null;
  }>;
  beforeAll(async () => {
    families = await scrape();
    runs = (
      (await app.current.strapi.db
        .query(UIDS.run)
        .findMany({ select: ['taskId', 'status', 'durationMs', 'finishedAt'] })) as Array<
        Record<string, unknown>
      >
    ).map((run) => ({
      taskId: Number(run.taskId),
      status: String(run.status),
      durationMs: run.durationMs === null ? null : Number(run.durationMs),
      finishedAt: run.finishedAt === null ? null : Number(run.finishedAt),
    }));
  });

  test('Given runs of three tasks, When scraped, Then runs_total per task and status equals the run table’s counts', () => {
    const expected = new Map<string, number>();
    for (const run of runs) {
      const key = `${run.taskId}/${run.status}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const exposed = new Map(
      families
        .get('maintenance_runs_total')!
        .samples.map((sample) => [`${sample.labels.task_id}/${sample.labels.status}`, sample.value])
    );
    expect(exposed).toEqual(expected);
    expect(exposed.get(`${tasks.ok.id}/succeeded`)).toBe(3);
    expect(exposed.get(`${tasks.failing.id}/failed`)).toBe(2);
  });

  test('Given a token, When scraped, Then the task names are labels, quotes escaped and read back', () => {
    expect(
      sampleValue(families, 'maintenance_runs_total', { task: tasks.ok.name, status: 'succeeded' })
    ).toBe(3);
  });

  test('Given finished runs, When scraped, Then each task’s duration histogram counts its runs by the documented buckets', () => {
    const name = 'maintenance_run_duration_seconds';
    for (const task of Object.values(tasks)) {
      const durations = runs
        .filter((run) => run.taskId === task.id && run.durationMs !== null)
        .map((run) => run.durationMs as number);
      const labels = { task_id: String(task.id) };
      expect(sampleValue(families, name, labels, `${name}_count`)).toBe(durations.length);
      expect(sampleValue(families, name, labels, `${name}_sum`)).toBeCloseTo(
        durations.reduce((sum, ms) => sum + ms, 0) / 1000,
        6
      );
      for (const bound of DURATION_BUCKETS_SECONDS) {
        expect([
          bound,
          sampleValue(families, name, { ...labels, le: String(bound) }, `${name}_bucket`),
        ]).toEqual([bound, durations.filter((ms) => ms <= bound * 1000).length]);
      }
    }
  });

  test('Given succeeded runs, When scraped, Then the last success of each task is its latest succeeded run’s end, in seconds', () => {
    const last = (taskId: number) =>
      Math.max(
        ...runs
          .filter((run) => run.taskId === taskId && run.status === 'succeeded')
          .map((run) => run.finishedAt as number)
      ) / 1000;
    const name = 'maintenance_last_success_timestamp_seconds';
    expect(sampleValue(families, name, { task_id: String(tasks.ok.id) })).toBe(last(tasks.ok.id));
    expect(sampleValue(families, name, { task_id: String(tasks.failing.id) })).toBeUndefined();
  });

  test('Given a paused task, When scraped, Then paused is 1 and overdue 0', () => {
    expect(sampleValue(families, 'maintenance_tasks_paused')).toBe(1);
    expect(sampleValue(families, 'maintenance_tasks_overdue')).toBe(0);
  });

  test('Given this instance, When scraped, Then its sandbox counters carry its instance id', () => {
    const instance = service(app.current.strapi, 'scheduler').instanceId;
    for (const name of ['maintenance_sandbox_restarts_total', 'maintenance_sandbox_kills_total']) {
      expect(
        sampleValue(families, name, { maintenance_instance: instance })
      ).toBeGreaterThanOrEqual(0);
    }
  });
});

test('Given two calls of runMaintenanceTasks, When scraped again, Then this instance’s route wake-ups went up by two', async () => {
  const instance = service(app.current.strapi, 'scheduler').instanceId;
  const labels = { maintenance_instance: instance, trigger: 'route' };
  const before = sampleValue(await scrape(), 'maintenance_wakeups_total', labels) as number;
  expect((await http().post(WAKE)).status).toBe(200);
  expect((await http().post(WAKE)).status).toBe(200);
  expect(sampleValue(await scrape(), 'maintenance_wakeups_total', labels)).toBe(before + 2);
});

test('Given a lease held elsewhere and renewed 20 s ago, When scraped, Then its age is about 20 s, labelled with its owner', async () => {
  const { strapi } = app.current;
  const now = Date.now();
  await strapi.db.query(UIDS.task).update({
    where: { id: tasks.ok.id },
    data: { leaseOwner: 'elsewhere:1:abc', leaseExpiresAt: now + 40_000 },
  });
  try {
    const age = sampleValue(await scrape(), 'maintenance_lease_age_seconds', {
      task_id: String(tasks.ok.id),
      owner: 'elsewhere:1:abc',
    }) as number;
    expect(age).toBeGreaterThanOrEqual(20);
    // The scrape's own time is all that can add to it.
    expect(age).toBeLessThan(50);
  } finally {
    await strapi.db
      .query(UIDS.task)
      .update({ where: { id: tasks.ok.id }, data: { leaseOwner: null, leaseExpiresAt: null } });
  }
});
