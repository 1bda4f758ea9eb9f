/**
 * The plugin settings edited in the admin panel: layered over config/plugins, validated, with
 * wake-up tokens that are shown once and stored only as hashes, and a run-history retention.
 */
import { ACTIONS, UIDS } from '../../../server/src/constants';
import { createAdminAgent, type AdminAgent } from '../../helpers/admin';
import { createScript, service, uniqueName } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';
import { createDueTask, disableSeededTasks, waitFor } from '../../helpers/wakeups';

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false' });

let admin: AdminAgent;
beforeAll(async () => {
  await disableSeededTasks(app.current.strapi);
  admin = await createAdminAgent(app.current.strapi, [ACTIONS.manageSettings], 'settings');
});

const settings = () => admin.request('get', '/maintenance/settings');
const update = (body: unknown) =>
  admin.request('put', '/maintenance/settings').send(body as object);

/** Everything the plugin keeps in Strapi's core store, as stored. */
const storedRows = async () =>
  JSON.stringify(
    await app.current.strapi.db
      .query('strapi::core-store')
      .findMany({ where: { key: { $startsWith: 'plugin_maintenance_' } } })
  );

describe('reading and changing', () => {
  test('Given nothing changed, When the settings are read, Then they are config/plugins’ values', async () => {
    const response = await settings();
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({
      triggerMode: 'open',
      autoRun: false,
      retention: { days: null, keepLast: 20 },
      overridden: [],
      tokens: [],
    });
    expect(response.body.data.configDefaults).toEqual({
      triggerMode: 'open',
      autoRun: false,
      concurrency: 4,
      defaults: response.body.data.defaults,
      caps: response.body.data.caps,
      retention: { days: null, keepLast: 20 },
    });
  });

  test('Given a change, When the settings are read again, Then it is kept and marked as overriding the config', async () => {
    await update({ retention: { days: 30, keepLast: 5 } });
    const response = await settings();
    expect(response.body.data).toMatchObject({
      retention: { days: 30, keepLast: 5 },
      overridden: ['retention'],
    });
    await update({ retention: null });
    expect((await settings()).body.data.overridden).toEqual([]);
  });

  test('Given a concurrency, When it is saved, Then the scheduler uses it at once; out of bounds it is refused; null resets it', async () => {
    const scheduler = () => service(app.current.strapi, 'scheduler');
    expect(scheduler().load()).toEqual({ running: 0, concurrency: 4 });
    const saved = await update({ concurrency: 2 });
    expect(saved.status).toBe(200);
    expect(saved.body.data).toMatchObject({ concurrency: 2, overridden: ['concurrency'] });
    expect(scheduler().load().concurrency).toBe(2);

    for (const [value, message] of [
      [0, 'concurrency must be at least 1'],
      [65, 'concurrency must be at most 64'],
      [1.5, 'concurrency must be a whole number'],
    ] as const) {
      const refused = await update({ concurrency: value });
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toBe(message);
    }
    await update({ concurrency: null });
    expect(scheduler().load().concurrency).toBe(4);
    expect((await settings()).body.data.overridden).toEqual([]);
  });

  test('Given a lower cap, When a task asks for more, Then it is refused at the new cap, and allowed again once the cap is reset', async () => {
    const caps = { timeLimitMs: 60_000, memoryLimitMb: 128, wallTimeLimitMs: 600_000 };
    const defaults = { timeLimitMs: 30_000, memoryLimitMb: 64, wallTimeLimitMs: 300_000 };
    expect((await update({ caps, defaults })).status).toBe(200);
    const script = await createScript(app.current.strapi);
    const task = {
      name: uniqueName('task'),
      script: script.id,
      schedule: '0 3 * * *',
      memoryLimitMb: 256,
    };
    await expect(service(app.current.strapi, 'tasks').create(task)).rejects.toMatchObject({
      details: {
        errors: [expect.objectContaining({ message: expect.stringContaining('at most 128 MB') })],
      },
    });
    await update({ caps: null, defaults: null });
    await expect(service(app.current.strapi, 'tasks').create(task)).resolves.toMatchObject({
      memoryLimitMb: 256,
    });
  });

  test('Given defaults above the caps, When they are saved, Then it answers 400 naming the field', async () => {
    const response = await update({
      defaults: { timeLimitMs: 30_000, memoryLimitMb: 1024, wallTimeLimitMs: 300_000 },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details.errors).toEqual([
      expect.objectContaining({ path: ['defaults', 'memoryLimitMb'] }),
    ]);
  });

  test('Given a field settings do not have, When it is saved, Then it answers 400', async () => {
    const response = await update({ tokens: [] });
    expect(response.status).toBe(400);
    expect(response.body.error.details.errors).toEqual([
      expect.objectContaining({ path: ['tokens'], message: 'unknown field "tokens"' }),
    ]);
  });

  test('Given token mode and no token, When it is saved, Then it answers 400 on triggerMode', async () => {
    const response = await update({ triggerMode: 'token' });
    expect(response.status).toBe(400);
    expect(response.body.error.details.errors[0].path).toEqual(['triggerMode']);
  });
});

describe('tokens', () => {
  test('Given a new token, Then its secret is in the creation answer only, and stored as a hash', async () => {
    const created = await admin
      .request('post', '/maintenance/settings/tokens')
      .send({ name: 'nightly cron' });
    expect(created.status).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    const { token, id, prefix } = created.body.data;
    expect(token).toMatch(/^mnt_[A-Za-z0-9_-]{43}$/);
    expect(token.startsWith(prefix)).toBe(true);

    const listed = await settings();
    expect(listed.body.data.tokens).toEqual([
      {
        id,
        name: 'nightly cron',
        prefix,
        createdAt: expect.any(Number),
        createdBy: expect.any(Number),
        lastUsedAt: null,
      },
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(token);
    expect(await storedRows()).not.toContain(token.slice(prefix.length));
  });

  test('Given a token, When it is used on the route, Then the settings show when it was last used', async () => {
    const { body } = await admin
      .request('post', '/maintenance/settings/tokens')
      .send({ name: uniqueName('used') });
    await app.current
      .http()
      .get('/api/maintenance/runMaintenanceTasks')
      .set('Authorization', `Bearer ${body.data.token}`);
    const listed = (await settings()).body.data.tokens.find(
      (entry: { id: string }) => entry.id === body.data.id
    );
    expect(listed.lastUsedAt).toEqual(expect.any(Number));
  });

  test('Given a token name already in use, When another token gets it, Then it answers 400', async () => {
    await admin.request('post', '/maintenance/settings/tokens').send({ name: 'twice' });
    const response = await admin
      .request('post', '/maintenance/settings/tokens')
      .send({ name: 'twice' });
    expect(response.status).toBe(400);
    expect(response.body.error.details.errors[0].path).toEqual(['name']);
  });

  test('Given an empty token name, When the token is created, Then it answers 400 with one error on name', async () => {
    const response = await admin
      .request('post', '/maintenance/settings/tokens')
      .send({ name: ' ' });
    expect(response.status).toBe(400);
    expect(response.body.error.details.errors).toEqual([
      expect.objectContaining({
        path: ['name'],
        message: 'name is required and must not be empty',
      }),
    ]);
  });

  test('Given token mode and one token left, When it is deleted, Then it answers 409', async () => {
    const tokens = (await settings()).body.data.tokens as Array<{ id: string }>;
    for (const { id } of tokens.slice(1)) {
      await admin.request('delete', `/maintenance/settings/tokens/${id}`);
    }
    expect((await update({ triggerMode: 'token' })).status).toBe(200);
    try {
      const response = await admin.request(
        'delete',
        `/maintenance/settings/tokens/${tokens[0].id}`
      );
      expect(response.status).toBe(409);
      expect(response.body.error.name).toBe('ConflictError');
    } finally {
      expect((await update({ triggerMode: null })).status).toBe(200);
    }
  });
});

describe('retention', () => {
  test('Given a retention of one day keeping one run, When a wake-up runs something, Then older runs go except the last one and the last failure', async () => {
    const { strapi } = app.current;
    const script = await createScript(strapi);
    const task = await service(strapi, 'tasks').create({
      name: uniqueName('old history'),
      script: script.id,
      schedule: '0 0 1 1 *',
      timezone: 'UTC',
      enabled: false,
    });
    const old = Date.now() - 3 * 86_400_000;
    const runs = service(strapi, 'runs');
    const failure = await runs.create({
      taskId: task.id,
      trigger: 'route',
      status: 'failed',
      startedAt: old,
    });
    const purged = await runs.create({
      taskId: task.id,
      trigger: 'route',
      status: 'succeeded',
      startedAt: old + 1,
    });
    const latest = await runs.create({
      taskId: task.id,
      trigger: 'route',
      status: 'succeeded',
      startedAt: old + 2,
    });

    await update({ retention: { days: 1, keepLast: 1 } });
    await createDueTask(strapi);
    await app.current.http().get('/api/maintenance/runMaintenanceTasks');

    await waitFor(async () =>
      (await strapi.db.query(UIDS.run).findOne({ where: { id: purged.id } })) ? undefined : true
    );
    const left = (await runs.findForTask(task.id)).map((run) => run.id);
    expect(left).toEqual([failure.id, latest.id]);
    await update({ retention: null });
  });
});
