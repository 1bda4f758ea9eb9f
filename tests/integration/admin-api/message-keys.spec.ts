/**
 * The keys the admin API adds to the messages the admin panel translates: each 400 keeps its
 * English message and path, and its `details.errors[]` entries carry `key` and `values`
 * (contracts/message-keys.ts); an invalid schedule preview carries them too.
 */
import { ACTIONS } from '../../../server/src/constants';
import { createAdminAgent, type AdminAgent } from '../../helpers/admin';
import { createScript } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false' });

let admin: AdminAgent;
let scriptId: number;
beforeAll(async () => {
  admin = await createAdminAgent(
    app.current.strapi,
    [ACTIONS.read, ACTIONS.manageTasks, ACTIONS.manageScripts, ACTIONS.manageSettings],
    'keyed'
  );
  scriptId = (await createScript(app.current.strapi)).id;
});

const api = (method: 'get' | 'post' | 'put', path: string) =>
  admin.request(method, `/maintenance${path}`);

const errorsOf = (response: { status: number; body: { error: { details: { errors: [] } } } }) => {
  expect(response.status).toBe(400);
  return response.body.error.details.errors;
};

/** The answer is a 400 with this one error (its other properties aside). */
const expectOneError = (response: Parameters<typeof errorsOf>[0], error: Record<string, unknown>) =>
  expect(errorsOf(response)).toEqual([expect.objectContaining(error)]);

/** POST /tasks of a task on the test script, daily at 3:00 unless `fields` say otherwise. */
const createTask = (name: string, fields: Record<string, unknown>) =>
  api('post', '/tasks').send({ name, script: scriptId, schedule: '0 3 * * *', ...fields });

describe('task validation', () => {
  test('Given a cron field out of range, When a task is created, Then the schedule error keeps its message and adds the key and values', async () => {
    const response = await createTask('keyed cron', {
      schedule: '61 * * * *',
    });

    expectOneError(response, {
      path: ['schedule'],
      message: 'schedule: minute field "61": 61 is out of range 0-59',
      key: 'schedule.field.outOfRange',
      values: { field: 'minute', text: '61', token: '61', min: 0, max: 59 },
    });
  });

  test('Given an unknown time zone, When a task is created, Then the timezone error has its key and the zone', async () => {
    const response = await createTask('keyed zone', {
      timezone: 'Mars/Olympus',
    });

    expectOneError(response, {
      path: ['timezone'],
      message: expect.stringMatching(/^timezone: "Mars\/Olympus" is not an IANA/),
      key: 'timezone.unknown',
      values: { zone: 'Mars/Olympus' },
    });
  });

  test('Given a one-off in the past, When a task is created, Then the schedule error has its key, the expression and the zone', async () => {
    const response = await createTask('keyed past', {
      schedule: '@once 2001-01-01T00:00',
      timezone: 'UTC',
    });

    expectOneError(response, {
      path: ['schedule'],
      message: expect.stringMatching(/is in the past/),
      key: 'schedule.past',
      values: { expression: '@once 2001-01-01T00:00', zone: 'UTC' },
    });
  });

  test('Given a whole-number field below its floor, When a task is created, Then the error has the generic key and the floor', async () => {
    const response = await createTask('keyed floor', {
      maxRuns: 0,
    });

    expectOneError(response, {
      path: ['maxRuns'],
      message: 'maxRuns must be at least 1',
      key: 'number.min',
      values: { min: 1 },
    });
  });

  test('Given a description over its length, When a task is created, Then the error has the text-length key', async () => {
    const response = await createTask('keyed description', { description: 'x'.repeat(2001) });

    expectOneError(response, {
      path: ['description'],
      message: 'description must be at most 2000 characters',
      key: 'text.tooLong',
      values: { max: 2000 },
    });
  });

  test('Given a name another task has, When a task is created, Then the name error has its key', async () => {
    const body = { name: 'keyed twin', script: scriptId, schedule: '0 3 * * *' };
    expect((await api('post', '/tasks').send(body)).status).toBe(201);

    expectOneError(await api('post', '/tasks').send(body), {
      path: ['name'],
      message: 'a task with this name already exists',
      key: 'name.taken',
    });
  });
});

describe('script validation', () => {
  test('Given a body with a syntax error, When the script is saved, Then the body error has the key, the engine message and the place', async () => {
    const response = await api('post', '/scripts').send({
      name: 'keyed syntax',
      body: 'const a = 1;\nconst = 2;',
    });

    const [error] = errorsOf(response) as Array<Record<string, unknown>>;
    expect(response.body.error.message).toMatch(/^body: .+ \(line 2, column \d+\)$/);
    expect(error).toMatchObject({
      path: ['body'],
      name: 'SyntaxError',
      line: 2,
      key: 'script.syntaxAt',
      values: { line: 2, column: error.column, message: expect.any(String) },
    });
    expect(error.message).toBe(
      `${(error.values as { message: string }).message} (line 2, column ${error.column})`
    );
  });
});

describe('settings validation', () => {
  test('Given a default limit over its cap, When the settings are saved, Then the error has its key, the value and the cap', async () => {
    const current = (await api('get', '/settings')).body.data;
    const response = await api('put', '/settings').send({
      defaults: { ...current.defaults, timeLimitMs: current.caps.timeLimitMs + 1 },
    });

    expectOneError(response, {
      path: ['defaults', 'timeLimitMs'],
      message: `defaults.timeLimitMs (${current.caps.timeLimitMs + 1}) must not exceed the cap (${current.caps.timeLimitMs})`,
      key: 'settings.overCap',
      values: { value: current.caps.timeLimitMs + 1, cap: current.caps.timeLimitMs },
    });
  });

  test('Given token mode without a token, When the settings are saved, Then the triggerMode error has its key', async () => {
    const response = await api('put', '/settings').send({ triggerMode: 'token' });

    expectOneError(response, {
      path: ['triggerMode'],
      message: 'triggerMode token needs a token: create one first',
      key: 'settings.tokenModeNeedsToken',
    });
  });

  test('Given a concurrency that is not whole, When the settings are saved, Then the error has the whole-number key', async () => {
    const response = await api('put', '/settings').send({ concurrency: 1.5 });

    expectOneError(response, {
      path: ['concurrency'],
      message: 'concurrency must be a whole number',
      key: 'number.whole',
    });
  });
});

describe('schedule preview', () => {
  test('Given an invalid expression, When previewed, Then the answer has the key and values beside the message', async () => {
    const response = await api('get', '/schedule/preview').query({ expression: '* * *' });

    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({
      valid: false,
      field: 'schedule',
      error: expect.stringMatching(/^schedule: expected 5 fields/),
      key: 'schedule.fieldCount',
      values: { count: 3 },
    });
  });

  test('Given an expression over the preview’s length, When previewed, Then the 400 has the text-length key', async () => {
    const response = await api('get', '/schedule/preview').query({ expression: '*'.repeat(201) });

    expectOneError(response, {
      path: ['expression'],
      message: 'expression must be at most 200 characters',
      key: 'text.tooLong',
      values: { max: 200 },
    });
  });
});
