/**
 * Jitter (issue 17): a task's slots are moved later by a fixed offset derived from its documentId
 * (scheduling/jitter.ts), so that tasks on the same expression do not all start in the same
 * second. The stored next run, the run's recorded slot and the schedule preview all carry it.
 */
import { ACTIONS } from '../../../server/src/constants';
import { jitterOffsetMs } from '../../../server/src/scheduling';
import { createAdminAgent, type AdminAgent } from '../../helpers/admin';
import { createScript, service, uniqueName } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false' });
const HOUR = 3_600_000;

let admin: AdminAgent;
let scriptId: number;
beforeAll(async () => {
  admin = await createAdminAgent(
    app.current.strapi,
    [ACTIONS.read, ACTIONS.manageTasks],
    'jitter admin'
  );
  scriptId = (await createScript(app.current.strapi, 'return ctx.task.slot;')).id;
});

const post = (fields: Record<string, unknown>) =>
  admin.request('post', '/maintenance/tasks').send({
    name: uniqueName('jittered'),
    script: scriptId,
    schedule: '0 * * * *',
    timezone: 'UTC',
    ...fields,
  });

/** The expression's first slot (top of the hour) strictly after `after`. */
const nextHour = (after: number) => Math.floor(after / HOUR) * HOUR + HOUR;

test('Given a task on 0 * * * * with a jitter of 3000 s, When created, Then its next run is the hour plus the offset of its documentId', async () => {
  const before = Date.now();
  const response = await post({ jitterSeconds: 3000 });
  expect(response.status).toBe(201);
  const task = response.body.data as {
    documentId: string;
    nextRunAt: number;
    jitterSeconds: number;
  };
  const offset = jitterOffsetMs(task.documentId, 3000);
  expect(task.jitterSeconds).toBe(3000);
  // The first jittered slot after creation: this hour's, or the next hour's if already passed.
  const candidates = [nextHour(before) - HOUR + offset, nextHour(before) + offset];
  expect(candidates.filter((slot) => slot > before)).toContainEqual(task.nextRunAt);
  expect((task.nextRunAt - offset) % HOUR).toBe(0);
});

test('Given a jittered task due, When woken, Then its run records the jittered slot and the next run is an hour later', async () => {
  const { strapi } = app.current;
  const now = Date.parse('2027-05-01T00:00:00Z');
  const task = await service(strapi, 'tasks').create(
    {
      name: uniqueName('jittered'),
      script: scriptId,
      schedule: '0 * * * *',
      timezone: 'UTC',
      jitterSeconds: 1800,
    },
    { now }
  );
  const offset = jitterOffsetMs(task.documentId, 1800);
  // The expression's 00:00 slot moved by the offset is after creation, unless the offset is 0.
  expect(task.nextRunAt).toBe(offset === 0 ? Date.parse('2027-05-01T01:00:00Z') : now + offset);

  await service(strapi, 'scheduler').wake({
    trigger: 'route',
    now: (task.nextRunAt as number) + 500,
  });

  const [run] = await service(strapi, 'runs').findForTask(task.id);
  expect(run).toMatchObject({ slot: task.nextRunAt, status: 'succeeded' });
  expect(run.result).toBe(new Date(task.nextRunAt as number).toISOString());
  expect((await service(strapi, 'tasks').findOne(task.id)).nextRunAt).toBe(
    (task.nextRunAt as number) + HOUR
  );
});

test('Given a jitter not less than the schedule’s interval, When created, Then 400 names jitterSeconds', async () => {
  const response = await post({ schedule: '*/10 * * * *', jitterSeconds: 600 });
  expect(response.status).toBe(400);
  expect(response.body.error.details.errors).toEqual([
    expect.objectContaining({
      path: ['jitterSeconds'],
      message: expect.stringContaining('less than the schedule'),
    }),
  ]);
});

test.each([
  [3601, 'at most 3600'],
  [-1, 'at least 0'],
  [1.5, 'whole number'],
])(
  'Given a jitter of %s, When created, Then 400 names jitterSeconds: %s',
  async (jitterSeconds, reason) => {
    const response = await post({ schedule: '0 3 * * *', jitterSeconds });
    expect(response.status).toBe(400);
    expect(response.body.error.details.errors).toEqual([
      expect.objectContaining({
        path: ['jitterSeconds'],
        message: expect.stringContaining(reason),
      }),
    ]);
  }
);

test('Given a one-off with a jitter, When created, Then 400 names jitterSeconds', async () => {
  const year = new Date().getUTCFullYear() + 2;
  const response = await post({ schedule: `@once ${year}-01-01T00:00`, jitterSeconds: 10 });
  expect(response.status).toBe(400);
  expect(response.body.error.details.errors[0]).toMatchObject({ path: ['jitterSeconds'] });
});

test('Given a saved task, When its jitter changes, Then its next run moves to the new offset', async () => {
  const created = (await post({ schedule: '0 3 * * *', timezone: 'Europe/Paris' })).body.data as {
    id: number;
    documentId: string;
    nextRunAt: number;
  };
  const response = await admin
    .request('put', `/maintenance/tasks/${created.id}`)
    .send({ jitterSeconds: 3600 });
  expect(response.status).toBe(200);
  const offset = jitterOffsetMs(created.documentId, 3600);
  const moved = response.body.data.nextRunAt as number;
  expect([created.nextRunAt + offset, created.nextRunAt + offset - 86_400_000]).toContainEqual(
    moved
  );
});

describe('the schedule preview', () => {
  const preview = (query: Record<string, string | number>) =>
    admin.request('get', '/maintenance/schedule/preview').query(query);

  test('Given a jitter and a task key, When previewed, Then every slot is moved by the key’s offset, which the answer gives', async () => {
    const key = 'previewkey0000000000000a';
    const offset = jitterOffsetMs(key, 900);
    const base = {
      expression: '0 * * * *',
      timezone: 'UTC',
      count: 3,
      from: '2027-05-01T00:30:00Z',
    };
    const response = await preview({ ...base, jitter: 900, key });
    expect(response.status).toBe(200);
    const expected = [1, 2, 3].map((hour) => Date.parse(`2027-05-01T0${hour}:00:00Z`) + offset);
    // A slot of 00:00 moved past 00:30 is listed first when the offset is that large.
    const early = Date.parse('2027-05-01T00:00:00Z') + offset;
    const slots = response.body.data.next.map((slot: { epochMs: number }) => slot.epochMs);
    expect(slots).toEqual(
      early > Date.parse(base.from) ? [early, ...expected.slice(0, 2)] : expected
    );
    expect(response.body.data.jitterOffsetSeconds).toBe(offset / 1000);
  });

  test('Given a jitter without a key (a task not saved yet), When previewed, Then the slots are unmoved and the offset is null', async () => {
    const response = await preview({
      expression: '0 * * * *',
      timezone: 'UTC',
      count: 1,
      from: '2027-05-01T00:30:00Z',
      jitter: 900,
    });
    expect(response.body.data.next[0].epochMs).toBe(Date.parse('2027-05-01T01:00:00Z'));
    expect(response.body.data.jitterOffsetSeconds).toBeNull();
  });

  test('Given a jitter above the maximum, When previewed, Then 400 names jitter', async () => {
    const response = await preview({ expression: '0 * * * *', jitter: 3601 });
    expect(response.status).toBe(400);
    expect(response.body.error.details.errors[0]).toMatchObject({ path: ['jitter'] });
  });
});
