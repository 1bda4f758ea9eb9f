/**
 * Every admin route of the plugin: 401 without a session, 403 for a role that has every plugin
 * action except the one the route needs, and 2xx for a role that has just that action.
 *
 * Long on purpose: each spec file boots a Strapi of its own on a database of its own, in each of
 * the four integration passes; one route family stays one file.
 */
import { ACTIONS, type Action } from '../../../server/src/constants';
import { createAdminAgent, type AdminAgent } from '../../helpers/admin';
import { createScript, service, uniqueName } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false' });

type Method = 'get' | 'post' | 'put' | 'delete';

interface RouteCase {
  method: Method;
  /** Builds the path (and any record it needs) when the request is made. */
  path: () => Promise<string> | string;
  action: Action;
  /** Further actions the route needs as well (a role with just `action` is refused). */
  also?: Action[];
  body?: () => Record<string, unknown>;
  status: number;
}

const ids = { script: 0, task: 0, run: 0 };
let exportFile: Record<string, unknown> = {};

const newTask = async () => {
  const task = await service(app.current.strapi, 'tasks').create({
    name: uniqueName('task'),
    script: ids.script,
    schedule: '0 0 1 1 *',
    timezone: 'UTC',
  });
  return task.id;
};

/** A run row that says running (no instance runs it: asking it to stop only marks the row). */
const newRunningRun = async () =>
  (
    await service(app.current.strapi, 'runs').create({
      taskId: ids.task,
      slot: null,
      attempt: 1,
      trigger: 'manual',
      status: 'running',
      startedAt: Date.now(),
    })
  ).id;

const newToken = async () =>
  (await service(app.current.strapi, 'settings').createToken({ name: uniqueName('token') })).id;

const ROUTES: Array<[string, RouteCase]> = [
  ['GET /status', { method: 'get', path: () => '/status', action: ACTIONS.read, status: 200 }],
  ['GET /health', { method: 'get', path: () => '/health', action: ACTIONS.read, status: 200 }],
  ['GET /tasks', { method: 'get', path: () => '/tasks', action: ACTIONS.read, status: 200 }],
  [
    'GET /tasks/:id',
    { method: 'get', path: () => `/tasks/${ids.task}`, action: ACTIONS.read, status: 200 },
  ],
  [
    'POST /tasks',
    {
      method: 'post',
      path: () => '/tasks',
      action: ACTIONS.manageTasks,
      body: () => ({ name: uniqueName('task'), script: ids.script, schedule: '0 3 * * *' }),
      status: 201,
    },
  ],
  [
    'PUT /tasks/:id',
    {
      method: 'put',
      path: () => `/tasks/${ids.task}`,
      action: ACTIONS.manageTasks,
      body: () => ({ description: 'changed' }),
      status: 200,
    },
  ],
  [
    'DELETE /tasks/:id',
    {
      method: 'delete',
      path: async () => `/tasks/${await newTask()}`,
      action: ACTIONS.manageTasks,
      status: 200,
    },
  ],
  [
    'POST /tasks/:id/enable',
    {
      method: 'post',
      path: () => `/tasks/${ids.task}/enable`,
      action: ACTIONS.manageTasks,
      status: 200,
    },
  ],
  [
    'POST /tasks/:id/disable',
    {
      method: 'post',
      path: () => `/tasks/${ids.task}/disable`,
      action: ACTIONS.manageTasks,
      status: 200,
    },
  ],
  [
    'POST /tasks/:id/run',
    {
      method: 'post',
      path: () => `/tasks/${ids.task}/run`,
      action: ACTIONS.run,
      body: () => ({ dryRun: true }),
      status: 200,
    },
  ],
  [
    'POST /tasks/:id/resume',
    {
      method: 'post',
      path: () => `/tasks/${ids.task}/resume`,
      action: ACTIONS.manageTasks,
      status: 200,
    },
  ],
  [
    'POST /tasks/:id/accept',
    {
      method: 'post',
      path: () => `/tasks/${ids.task}/accept`,
      action: ACTIONS.manageTasks,
      status: 200,
    },
  ],
  [
    'GET /webhook-events',
    { method: 'get', path: () => '/webhook-events', action: ACTIONS.read, status: 200 },
  ],
  ['GET /export', { method: 'get', path: () => '/export', action: ACTIONS.read, status: 200 }],
  [
    'POST /import/preview',
    {
      method: 'post',
      path: () => '/import/preview',
      action: ACTIONS.manageScripts,
      also: [ACTIONS.manageTasks],
      body: () => exportFile,
      status: 200,
    },
  ],
  [
    'POST /import',
    {
      method: 'post',
      path: () => '/import',
      action: ACTIONS.manageTasks,
      also: [ACTIONS.manageScripts],
      body: () => exportFile,
      status: 200,
    },
  ],
  ['GET /scripts', { method: 'get', path: () => '/scripts', action: ACTIONS.read, status: 200 }],
  [
    'GET /scripts/:id',
    { method: 'get', path: () => `/scripts/${ids.script}`, action: ACTIONS.read, status: 200 },
  ],
  [
    'POST /scripts',
    {
      method: 'post',
      path: () => '/scripts',
      action: ACTIONS.manageScripts,
      body: () => ({ name: uniqueName('script'), body: 'return 1;' }),
      status: 201,
    },
  ],
  [
    'PUT /scripts/:id',
    {
      method: 'put',
      path: () => `/scripts/${ids.script}`,
      action: ACTIONS.manageScripts,
      body: () => ({ description: uniqueName('description') }),
      status: 200,
    },
  ],
  [
    'DELETE /scripts/:id',
    {
      method: 'delete',
      path: async () => `/scripts/${(await createScript(app.current.strapi)).id}`,
      action: ACTIONS.manageScripts,
      status: 200,
    },
  ],
  [
    'POST /scripts/validate',
    {
      method: 'post',
      path: () => '/scripts/validate',
      action: ACTIONS.manageScripts,
      body: () => ({ body: 'return 1;' }),
      status: 200,
    },
  ],
  [
    'POST /scripts/:id/test-run',
    {
      method: 'post',
      path: () => `/scripts/${ids.script}/test-run`,
      action: ACTIONS.manageScripts,
      body: () => ({ params: { days: 3 } }),
      status: 200,
    },
  ],
  [
    'GET /scripts/:id/review',
    {
      method: 'get',
      path: () => `/scripts/${ids.script}/review`,
      action: ACTIONS.read,
      status: 200,
    },
  ],
  [
    'POST /scripts/:id/accept',
    {
      method: 'post',
      path: () => `/scripts/${ids.script}/accept`,
      action: ACTIONS.manageScripts,
      status: 200,
    },
  ],
  [
    'POST /scripts/:id/restore-signed',
    {
      method: 'post',
      path: () => `/scripts/${ids.script}/restore-signed`,
      action: ACTIONS.manageScripts,
      status: 200,
    },
  ],
  [
    'GET /scripts/:id/versions',
    {
      method: 'get',
      path: () => `/scripts/${ids.script}/versions`,
      action: ACTIONS.read,
      status: 200,
    },
  ],
  [
    'GET /scripts/:id/versions/:version',
    {
      method: 'get',
      path: () => `/scripts/${ids.script}/versions/1`,
      action: ACTIONS.read,
      status: 200,
    },
  ],
  [
    'POST /scripts/:id/versions/:version/restore',
    {
      method: 'post',
      path: () => `/scripts/${ids.script}/versions/1/restore`,
      action: ACTIONS.manageScripts,
      status: 200,
    },
  ],
  [
    'GET /content-types',
    { method: 'get', path: () => '/content-types', action: ACTIONS.read, status: 200 },
  ],
  ['GET /runs', { method: 'get', path: () => '/runs', action: ACTIONS.read, status: 200 }],
  [
    'GET /runs/:id',
    { method: 'get', path: () => `/runs/${ids.run}`, action: ACTIONS.read, status: 200 },
  ],
  [
    'POST /runs/:id/cancel',
    {
      method: 'post',
      path: async () => `/runs/${await newRunningRun()}/cancel`,
      action: ACTIONS.run,
      status: 202,
    },
  ],
  [
    'GET /schedule/preview',
    {
      method: 'get',
      path: () => '/schedule/preview?expression=0%203%20*%20*%20*&timezone=Europe/Paris',
      action: ACTIONS.read,
      status: 200,
    },
  ],
  [
    'GET /settings',
    { method: 'get', path: () => '/settings', action: ACTIONS.manageSettings, status: 200 },
  ],
  [
    'PUT /settings',
    {
      method: 'put',
      path: () => '/settings',
      action: ACTIONS.manageSettings,
      body: () => ({ retention: { days: 30, keepLast: 10 } }),
      status: 200,
    },
  ],
  [
    'POST /settings/tokens',
    {
      method: 'post',
      path: () => '/settings/tokens',
      action: ACTIONS.manageSettings,
      body: () => ({ name: uniqueName('token') }),
      status: 201,
    },
  ],
  [
    'DELETE /settings/tokens/:id',
    {
      method: 'delete',
      path: async () => `/settings/tokens/${await newToken()}`,
      action: ACTIONS.manageSettings,
      status: 200,
    },
  ],
  [
    'PUT /settings/hold',
    {
      method: 'put',
      path: () => '/settings/hold',
      action: ACTIONS.manageSettings,
      body: () => ({ reason: 'permissions test' }),
      status: 200,
    },
  ],
  [
    'DELETE /settings/hold',
    { method: 'delete', path: () => '/settings/hold', action: ACTIONS.manageSettings, status: 200 },
  ],
];

const ALL_ACTIONS = Object.values(ACTIONS);
const only = new Map<Action, AdminAgent>();
const allBut = new Map<Action, AdminAgent>();

beforeAll(async () => {
  const { strapi } = app.current;
  ids.script = (await createScript(strapi)).id;
  ids.task = await newTask();
  ids.run = (await service(strapi, 'scheduler').runNow(ids.task))!.id;
  exportFile = (await service(strapi, 'transfer').export()) as unknown as Record<string, unknown>;
  for (const action of ALL_ACTIONS) {
    only.set(action, await createAdminAgent(strapi, [action], `only ${action}`));
    const others = ALL_ACTIONS.filter((other) => other !== action);
    allBut.set(action, await createAdminAgent(strapi, others, `all but ${action}`));
  }
}, 60_000);

const send = async (agent: AdminAgent | null, route: RouteCase) => {
  const url = `/maintenance${await route.path()}`;
  const request = agent ? agent.request(route.method, url) : app.current.http()[route.method](url);
  return route.body ? request.send(route.body()) : request;
};

describe.each(ROUTES)('%s', (_name, route) => {
  test('Given no session, When it is requested, Then it answers 401', async () => {
    const response = await send(null, route);
    expect(response.status).toBe(401);
  });

  test(`Given a role with every plugin action but ${route.action.split('.').slice(1).join('.')}, When it is requested, Then it answers 403`, async () => {
    const response = await send(allBut.get(route.action)!, route);
    expect(response.status).toBe(403);
  });

  const needed = [route.action, ...(route.also ?? [])].map((action) =>
    action.split('.').slice(1).join('.')
  );
  test(`Given a role with just ${needed.join(' and ')}, When it is requested, Then it answers ${route.status}`, async () => {
    const agent = route.also
      ? await createAdminAgent(app.current.strapi, [route.action, ...route.also], needed.join('+'))
      : only.get(route.action)!;
    const response = await send(agent, route);
    expect(response.status).toBe(route.status);
  });
});

test('Given the plugin, Then every admin route it declares is in this table', () => {
  const declared = (
    app.current.strapi.plugin('maintenance').routes as unknown as {
      admin: { routes: Array<{ method: string; path: string }> };
    }
  ).admin.routes.map((route) => `${route.method} ${route.path}`);
  expect(declared.sort()).toEqual(ROUTES.map(([name]) => name).sort());
});
