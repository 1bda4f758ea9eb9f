/**
 * Bad input on every admin route that takes any: unknown ids answer 404, invalid bodies and
 * queries answer 400 naming the field, and a task that is running answers 409.
 */
import { createAdminAgent, validationErrors, type AdminAgent } from '../../helpers/admin';
import { createScript, service, uniqueName } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false' });

type Method = 'get' | 'post' | 'put' | 'delete';

let admin: AdminAgent;
const ids = { script: 0, task: 0 };

beforeAll(async () => {
  const { strapi } = app.current;
  admin = await createAdminAgent(strapi, 'super-admin', 'super');
  ids.script = (await createScript(strapi)).id;
  ids.task = (
    await service(strapi, 'tasks').create({
      name: uniqueName('task'),
      script: ids.script,
      schedule: '0 0 1 1 *',
      timezone: 'UTC',
    })
  ).id;
});

const call = (method: Method, path: string, body?: unknown) => {
  const request = admin.request(method, `/maintenance${path}`);
  return body === undefined ? request : request.send(body as object);
};

const UNKNOWN = 987_654;

describe('unknown ids answer 404', () => {
  test.each<[Method, string]>([
    ['get', `/tasks/${UNKNOWN}`],
    ['put', `/tasks/${UNKNOWN}`],
    ['delete', `/tasks/${UNKNOWN}`],
    ['post', `/tasks/${UNKNOWN}/enable`],
    ['post', `/tasks/${UNKNOWN}/disable`],
    ['post', `/tasks/${UNKNOWN}/run`],
    ['get', '/tasks/not-a-number'],
    ['get', `/scripts/${UNKNOWN}`],
    ['put', `/scripts/${UNKNOWN}`],
    ['delete', `/scripts/${UNKNOWN}`],
    ['post', `/scripts/${UNKNOWN}/test-run`],
    ['get', `/scripts/${UNKNOWN}/versions`],
    ['get', `/scripts/${UNKNOWN}/versions/1`],
    ['post', `/scripts/${UNKNOWN}/versions/1/restore`],
    ['get', `/runs/${UNKNOWN}`],
    ['get', '/runs/0'],
    ['delete', '/settings/tokens/0123456789ab'],
  ])('Given %s %s, When it is requested, Then it answers 404', async (method, path) => {
    const body = method === 'put' ? { description: 'x' } : undefined;
    const response = await call(method, path, body);
    expect(response.status).toBe(404);
    expect(response.body.error).toMatchObject({ status: 404, name: 'NotFoundError' });
  });

  test('Given a version a script never had, When it is requested, Then it answers 404', async () => {
    const response = await call('get', `/scripts/${ids.script}/versions/99`);
    expect(response.status).toBe(404);
  });
});

describe('invalid bodies and queries answer 400 with the field', () => {
  const cases: Array<[string, Method, () => string, unknown, string[]]> = [
    [
      'a task with a bad schedule',
      'post',
      () => '/tasks',
      () => ({ name: uniqueName('t'), script: ids.script, schedule: 'nope' }),
      ['schedule'],
    ],
    ['a task that is not an object', 'post', () => '/tasks', () => ['a'], []],
    [
      'a task update with an unknown zone',
      'put',
      () => `/tasks/${ids.task}`,
      () => ({ timezone: 'Mars/Olympus' }),
      ['timezone'],
    ],
    [
      'run now with dryRun not a boolean',
      'post',
      () => `/tasks/${ids.task}/run`,
      () => ({ dryRun: 'yes' }),
      ['dryRun'],
    ],
    [
      'run now with an unknown field',
      'post',
      () => `/tasks/${ids.task}/run`,
      () => ({ now: 0 }),
      ['now'],
    ],
    [
      'a script without a body',
      'post',
      () => '/scripts',
      () => ({ name: uniqueName('s') }),
      ['body'],
    ],
    [
      'a script with a syntax error',
      'post',
      () => '/scripts',
      () => ({ name: uniqueName('s'), body: 'return (' }),
      ['body'],
    ],
    [
      'a script update with a field scripts do not have',
      'put',
      () => `/scripts/${ids.script}`,
      () => ({ signature: 'v1.forged' }),
      ['signature'],
    ],
    [
      'a task list with an unknown query parameter',
      'get',
      () => '/tasks?secret=1',
      undefined,
      ['secret'],
    ],
    ['validate without a body', 'post', () => '/scripts/validate', () => ({}), ['body']],
    [
      'a test run with params that are not an object',
      'post',
      () => `/scripts/${ids.script}/test-run`,
      () => ({ params: [1, 2] }),
      ['params'],
    ],
    [
      'settings with an unknown trigger mode',
      'put',
      () => '/settings',
      () => ({ triggerMode: 'sometimes' }),
      ['triggerMode'],
    ],
    [
      'settings with a cap below the sandbox minimum',
      'put',
      () => '/settings',
      () => ({ caps: { timeLimitMs: 1, memoryLimitMb: 64, wallTimeLimitMs: 60_000 } }),
      ['caps', 'timeLimitMs'],
    ],
    ['a token without a name', 'post', () => '/settings/tokens', () => ({}), ['name']],
    ['a task list page too large', 'get', () => '/tasks?pageSize=1000', undefined, ['pageSize']],
    [
      'a task list sorted by a secret field',
      'get',
      () => '/tasks?sort=state:asc',
      undefined,
      ['sort'],
    ],
    ['a run list with an unknown status', 'get', () => '/runs?status=bogus', undefined, ['status']],
    [
      'a run list whose range ends before it starts',
      'get',
      () => '/runs?from=2027-01-02T00:00:00Z&to=2027-01-01T00:00:00Z',
      undefined,
      ['to'],
    ],
    [
      'a schedule preview without an expression',
      'get',
      () => '/schedule/preview',
      undefined,
      ['expression'],
    ],
  ];

  test.each(cases)(
    'Given %s, When it is sent, Then it answers 400 naming the field',
    async (_label, method, path, body, fieldPath) => {
      const response = await call(
        method,
        path(),
        typeof body === 'function' ? (body as () => unknown)() : body
      );
      const errors = validationErrors(response);
      expect(errors.length).toBeGreaterThan(0);
      expect(errors[0].message).toEqual(expect.any(String));
      if (fieldPath.length > 0) expect(errors.map((error) => error.path)).toContainEqual(fieldPath);
    }
  );
});

describe('conflicts answer 409', () => {
  /** Holds the task's lease as another instance would while it runs the task. */
  const holdLease = async (taskId: number) => {
    const task = await service(app.current.strapi, 'tasks').findOne(taskId);
    const lease = await service(app.current.strapi, 'leases').claim({
      taskId,
      observedFence: task.leaseFence,
      owner: 'another-instance',
      now: Date.now(),
      leaseMs: 60_000,
      slot: null,
    });
    return () => service(app.current.strapi, 'leases').release(lease!);
  };

  test('Given a task that is running, When it is run now, Then it answers 409 and records no run', async () => {
    const release = await holdLease(ids.task);
    try {
      const response = await call('post', `/tasks/${ids.task}/run`, {});
      expect(response.status).toBe(409);
      expect(response.body).toEqual({
        data: null,
        error: {
          status: 409,
          name: 'ConflictError',
          message: expect.stringContaining('is running'),
          details: {},
        },
      });
      expect(await service(app.current.strapi, 'runs').findForTask(ids.task)).toEqual([]);
    } finally {
      await release();
    }
  });

  test('Given a task that is running, When it is deleted, Then it answers 409 and the task stays', async () => {
    const release = await holdLease(ids.task);
    try {
      const response = await call('delete', `/tasks/${ids.task}`);
      expect(response.status).toBe(409);
      expect(response.body.error.name).toBe('ConflictError');
      expect((await call('get', `/tasks/${ids.task}`)).status).toBe(200);
    } finally {
      await release();
    }
  });
});
