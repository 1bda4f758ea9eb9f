/**
 * The seed's runMaintenanceTasks, on the real clock: GET and POST /api/maintenance/runMaintenanceTasks,
 * its trigger modes and tokens, what it tells anonymous callers (counts only), the 202 answer for
 * runs that outlast the wait, and what a call costs when nothing is due.
 *
 * Long on purpose: each spec file boots a Strapi of its own on a database of its own, in each of
 * the four integration passes; one route family stays one file.
 */
import { ACTIONS, UIDS } from '../../../server/src/constants';
import { createAdminAgent, type AdminAgent } from '../../helpers/admin';
import { useSlowServer } from '../../helpers/concurrency';
import { service } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';
import {
  captureQueries,
  createDueTask,
  disableSeededTasks,
  sleep,
  waitFor,
} from '../../helpers/wakeups';

const ROUTE = '/api/maintenance/runMaintenanceTasks';
// How long the route waits for runs before it answers: room for a trivial run on a busy machine
// (the cases that expect 200), and short of the slow script of the 202 case.
const WAIT_MS = 5000;

// A server that answers late, for a run that outlasts the wait without keeping a core busy.
const site = useSlowServer();

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false', MAINTENANCE_WAKE_WAIT_MS: String(WAIT_MS) });

let settingsAdmin: AdminAgent;
beforeAll(async () => {
  await disableSeededTasks(app.current.strapi);
  settingsAdmin = await createAdminAgent(app.current.strapi, [ACTIONS.manageSettings], 'settings');
});

const http = () => app.current.http();
const runsOf = (taskId: number) => service(app.current.strapi, 'runs').findForTask(taskId);

const setMode = async (triggerMode: 'open' | 'token' | 'disabled') => {
  const response = await settingsAdmin
    .request('put', '/maintenance/settings')
    .send({ triggerMode });
  expect(response.status).toBe(200);
};

const createToken = async (name: string) => {
  const response = await settingsAdmin
    .request('post', '/maintenance/settings/tokens')
    .send({ name });
  expect(response.status).toBe(201);
  return response.body.data as { id: string; token: string };
};

const deleteToken = async (id: string) => {
  const response = await settingsAdmin.request('delete', `/maintenance/settings/tokens/${id}`);
  expect(response.status).toBe(200);
};

const UNAUTHORIZED = {
  data: null,
  error: { status: 401, name: 'UnauthorizedError', message: 'Unauthorized', details: {} },
};

describe('open mode (the default), anonymous callers', () => {
  test('Given nothing due, When GET is called, Then it answers 200 with zero counts and the next due instant', async () => {
    const { task } = await createDueTask(app.current.strapi);
    await http().get(ROUTE);
    const response = await http().get(ROUTE);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      ran: 0,
      failed: 0,
      skipped: 0,
      running: 0,
      nextDueAt: expect.any(String),
      held: false,
    });
    const next = (await service(app.current.strapi, 'tasks').findOne(task.id)).nextRunAt!;
    expect(Date.parse(response.body.nextDueAt)).toBeLessThanOrEqual(next);
  });

  test('Given a due task, When POST is called, Then the task runs and the answer holds counts and nothing else', async () => {
    const { task, script } = await createDueTask(app.current.strapi, {
      body: "console.log('secret log line');\nreturn 'secret result';",
    });
    const response = await http().post(ROUTE);
    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual(
      ['failed', 'held', 'nextDueAt', 'ran', 'running', 'skipped'].sort()
    );
    expect(response.body).toMatchObject({ ran: 1, failed: 0, running: 0 });
    const text = JSON.stringify(response.body);
    for (const secret of [task.name, script.name, 'secret log line', 'secret result']) {
      expect(text).not.toContain(secret);
    }
    expect(await runsOf(task.id)).toEqual([
      expect.objectContaining({ status: 'succeeded', trigger: 'catch-up' }),
    ]);
  });

  test('Given a task whose script fails, When the route is called, Then it counts the failure without the error', async () => {
    await createDueTask(app.current.strapi, {
      body: "throw new Error('database password wrong');",
    });
    const response = await http().get(ROUTE);
    expect(response.body).toMatchObject({ ran: 1, failed: 1 });
    expect(JSON.stringify(response.body)).not.toContain('password');
  });

  test('Given a due task, When ten callers call at once, Then its slot runs once', async () => {
    const { task } = await createDueTask(app.current.strapi);
    const responses = await Promise.all(Array.from({ length: 10 }, () => http().post(ROUTE)));
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
    expect(responses.reduce((sum, response) => sum + response.body.ran, 0)).toBe(1);
    expect(await runsOf(task.id)).toHaveLength(1);
  });

  test('Given nothing due, When the route is called, Then the tasks table is read by one query and no sandbox starts', async () => {
    // Nothing of the earlier cases still going (a run that outlasted a wait writes on its end).
    await waitFor(async () =>
      (await app.current.strapi.db
        .query(UIDS.task)
        .count({ where: { leaseOwner: { $notNull: true } } })) === 0
        ? true
        : undefined
    );
    await app.current.strapi.plugin('maintenance').service('sandbox').stop();
    const { statements, result } = await captureQueries(app.current.strapi, () =>
      http().get(ROUTE)
    );
    expect(result.body.ran).toBe(0);
    const taskTable = app.current.strapi.db.metadata.get(UIDS.task).tableName;
    expect(statements.filter((sql) => sql.includes(taskTable))).toHaveLength(1);
    expect(service(app.current.strapi, 'sandbox').status().running).toBe(false);
  });

  test('Given nothing due, When ten calls come at once, Then they share one read of the tasks table and the hold', async () => {
    const { strapi } = app.current;
    await sleep(1100); // the hold's last read, older than the second the route keeps it
    const { statements, result } = await captureQueries(strapi, () =>
      Promise.all(
        Array.from({ length: 10 }, () =>
          service(strapi, 'wakeups').wake({ trigger: 'route', waitMs: WAIT_MS })
        )
      )
    );
    for (const answer of result) expect(answer).toMatchObject({ ran: 0, running: 0 });
    const taskTable = strapi.db.metadata.get(UIDS.task).tableName;
    expect(statements.filter((sql) => sql.includes(taskTable))).toHaveLength(1);
    const holdReads = statements.filter(
      (sql) => sql.startsWith('select') && sql.includes('strapi_core_store_settings')
    );
    expect(holdReads).toHaveLength(1);
  });

  test('Given a call, Then its time and source are recorded for the health page', async () => {
    const before = Date.now();
    await http().get(ROUTE);
    const reader = await createAdminAgent(app.current.strapi, [ACTIONS.read], 'reader');
    const health = await reader.request('get', '/maintenance/health');
    expect(health.body.data.wakeUps.route).toEqual({
      at: expect.any(Number),
      trigger: 'route',
      instanceId: service(app.current.strapi, 'scheduler').instanceId,
    });
    // Recorded at most once a second per instance: the last record may predate this call by that.
    expect(health.body.data.wakeUps.route.at).toBeGreaterThanOrEqual(before - 1000);
    expect(health.body.data.lastWakeUp.trigger).toBe('route');
  });

  test('Given calls in quick succession, Then the record is written at most once a second', async () => {
    const reader = await createAdminAgent(app.current.strapi, [ACTIONS.read], 'reader');
    const recordedAt = async () =>
      (await reader.request('get', '/maintenance/health')).body.data.wakeUps.route.at as number;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await http().get(ROUTE);
    const first = await recordedAt();

    await http().get(ROUTE);
    expect(await recordedAt()).toBe(first);

    await new Promise((resolve) => setTimeout(resolve, 1100));
    await http().get(ROUTE);
    expect(await recordedAt()).toBeGreaterThan(first);
  });
});

describe('runs that outlast the wait', () => {
  test('Given a run longer than the wait, When the route is called, Then it answers 202 with it still running, and the run finishes its record', async () => {
    // The sandbox process is started first, so the wait measures the script alone.
    const { task: warmUp } = await createDueTask(app.current.strapi);
    await service(app.current.strapi, 'scheduler').runNow(warmUp.id);
    const { task } = await createDueTask(app.current.strapi, {
      body: site.slow.waitFor(WAIT_MS * 3, 'done'),
    });

    const response = await http().get(ROUTE);
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ ran: 1, running: 1 });
    // It answered before the script ended: the run is still going.
    const [running] = await runsOf(task.id);
    expect(running.status).toBe('running');

    const finished = await waitFor(async () => {
      const [run] = await runsOf(task.id);
      return run?.status === 'succeeded' ? run : undefined;
    }, 60_000);
    expect(finished.result).toBe('done');
    expect((await service(app.current.strapi, 'tasks').findOne(task.id)).leaseOwner).toBeNull();
  }, 90_000);
});

describe('tokens', () => {
  test('Given a valid token in the Authorization header, When the route is called, Then the answer lists each task outcome', async () => {
    const { id, token } = await createToken('cron on host A');
    const { task, slot } = await createDueTask(app.current.strapi);
    const response = await http().get(ROUTE).set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ ran: 1, succeeded: 1 });
    expect(response.body.outcomes).toEqual([
      {
        taskId: task.id,
        taskName: task.name,
        outcome: 'succeeded',
        runId: expect.any(Number),
        slot: new Date(slot).toISOString(),
      },
    ]);
    await deleteToken(id);
  });

  test('Given a valid token in ?token=, When the route is called, Then it is accepted and the request log shows it redacted', async () => {
    const { id, token } = await createToken('query token');
    const logged: string[] = [];
    const spy = jest
      .spyOn(app.current.strapi.log, 'http')
      .mockImplementation(((message: string) => logged.push(message)) as never);
    try {
      const response = await http().get(`${ROUTE}?token=${token}`);
      expect(response.status).toBe(200);
      expect(response.body.outcomes).toEqual([]);
    } finally {
      spy.mockRestore();
    }
    expect(logged.join('\n')).toContain('token=[redacted]');
    expect(logged.join('\n')).not.toContain(token);
    await deleteToken(id);
  });

  test.each([
    ['a scheme other than Bearer', 'Basic dXNlcjpwYXNz'],
    ['Bearer without a token', 'Bearer '],
    ['a token of the wrong shape', 'Bearer not-a-maintenance-token'],
    ['two tokens', 'Bearer mnt_a mnt_b'],
  ])(
    'Given a malformed Authorization header (%s), When the route is called, Then it answers 401 without detail',
    async (_label, header) => {
      const response = await http().get(ROUTE).set('Authorization', header);
      expect(response.status).toBe(401);
      expect(response.body).toEqual(UNAUTHORIZED);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    }
  );

  test('Given a well-formed token that does not exist, When the route is called, Then it answers the same 401', async () => {
    const response = await http()
      .get(ROUTE)
      .set('Authorization', `Bearer mnt_${'A'.repeat(43)}`);
    expect(response.status).toBe(401);
    expect(response.body).toEqual(UNAUTHORIZED);
  });

  test('Given a malformed ?token=, When the route is called, Then it answers 401', async () => {
    const response = await http().get(`${ROUTE}?token=guess`);
    expect(response.status).toBe(401);
    expect(response.body).toEqual(UNAUTHORIZED);
  });
});

describe('token mode', () => {
  let first: { id: string; token: string };
  let second: { id: string; token: string };

  beforeAll(async () => {
    first = await createToken('old cron');
    second = await createToken('new cron');
    await setMode('token');
  });

  afterAll(async () => {
    await setMode('open');
    await deleteToken(second.id);
  });

  test('Given token mode, When an anonymous caller calls, Then it answers 401', async () => {
    const response = await http().post(ROUTE);
    expect(response.status).toBe(401);
    expect(response.body).toEqual(UNAUTHORIZED);
  });

  test('Given two tokens, When each is used, Then both are accepted', async () => {
    for (const { token } of [first, second]) {
      const response = await http().post(ROUTE).set('Authorization', `Bearer ${token}`);
      expect(response.status).toBe(200);
    }
  });

  test('Given the old token deleted after rotation, When it is used, Then it answers 401 and the new one still works', async () => {
    await deleteToken(first.id);
    const old = await http().post(ROUTE).set('Authorization', `Bearer ${first.token}`);
    expect(old.status).toBe(401);
    const current = await http().post(ROUTE).set('Authorization', `Bearer ${second.token}`);
    expect(current.status).toBe(200);
  });
});

describe('disabled mode', () => {
  test('Given the route disabled, When it is called, Then it answers 403 and nothing runs', async () => {
    await setMode('disabled');
    try {
      const { task } = await createDueTask(app.current.strapi);
      const response = await http().get(ROUTE);
      expect(response.status).toBe(403);
      expect(response.body.error).toMatchObject({ status: 403, name: 'ForbiddenError' });
      expect(await runsOf(task.id)).toEqual([]);
    } finally {
      await setMode('open');
    }
    await http().get(ROUTE);
  });
});

describe('without the built-in timer (autoRun off)', () => {
  test('Given a due task and no wake-up, When time passes, Then it does not run by itself', async () => {
    const { task } = await createDueTask(app.current.strapi);
    await sleep(2000);
    expect(await runsOf(task.id)).toEqual([]);
    await http().get(ROUTE);
    expect(await runsOf(task.id)).toHaveLength(1);
  });
});

describe('the database away', () => {
  test('Given the database refusing connections, When the route is called, Then it answers 503 with Retry-After and no detail of the failure', async () => {
    const wakeups = service(app.current.strapi, 'wakeups');
    const original = wakeups.wake;
    wakeups.wake = async () => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
        code: 'ECONNREFUSED',
      });
    };
    try {
      const response = await http().get(ROUTE);
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('10');
      expect(response.body.error).toMatchObject({ status: 503, name: 'ServiceUnavailableError' });
      expect(JSON.stringify(response.body)).not.toContain('5432');
    } finally {
      wakeups.wake = original;
    }
  });

  test('Given an error that is not the database being away, When the route is called, Then it stays a 500', async () => {
    const wakeups = service(app.current.strapi, 'wakeups');
    const original = wakeups.wake;
    wakeups.wake = async () => {
      throw new Error('a bug');
    };
    try {
      expect((await http().get(ROUTE)).status).toBe(500);
    } finally {
      wakeups.wake = original;
    }
  });
});
