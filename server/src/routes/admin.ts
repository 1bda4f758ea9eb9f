import { ACTIONS, type Action } from '../constants';

/** Every admin route needs a session and the named permission; there is no other way to declare one. */
export const adminPolicies = (...actions: Action[]) => [
  'admin::isAuthenticatedAdmin',
  { name: 'admin::hasPermissions', config: { actions } },
];

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** An admin route: session, permission(s) (all required), and 409 answers for conflicts. */
const route = (method: Method, path: string, handler: string, ...actions: Action[]) => ({
  method,
  path,
  handler,
  config: {
    policies: adminPolicies(...actions),
    middlewares: ['plugin::maintenance.conflicts'],
  },
});

export default {
  type: 'admin',
  routes: [
    route('GET', '/status', 'status.get', ACTIONS.read),
    route('GET', '/health', 'health.get', ACTIONS.read),

    route('GET', '/tasks', 'tasks.find', ACTIONS.read),
    route('GET', '/tasks/:id', 'tasks.findOne', ACTIONS.read),
    route('POST', '/tasks', 'tasks.create', ACTIONS.manageTasks),
    route('PUT', '/tasks/:id', 'tasks.update', ACTIONS.manageTasks),
    route('DELETE', '/tasks/:id', 'tasks.delete', ACTIONS.manageTasks),
    route('POST', '/tasks/:id/enable', 'tasks.enable', ACTIONS.manageTasks),
    route('POST', '/tasks/:id/disable', 'tasks.disable', ACTIONS.manageTasks),
    route('POST', '/tasks/:id/run', 'tasks.run', ACTIONS.run),
    route('POST', '/tasks/:id/resume', 'tasks.resume', ACTIONS.manageTasks),
    route('POST', '/tasks/:id/accept', 'tasks.accept', ACTIONS.manageTasks),

    route('GET', '/scripts', 'scripts.find', ACTIONS.read),
    route('POST', '/scripts/validate', 'scripts.validate', ACTIONS.manageScripts),
    route('GET', '/scripts/:id', 'scripts.findOne', ACTIONS.read),
    route('POST', '/scripts', 'scripts.create', ACTIONS.manageScripts),
    route('PUT', '/scripts/:id', 'scripts.update', ACTIONS.manageScripts),
    route('DELETE', '/scripts/:id', 'scripts.delete', ACTIONS.manageScripts),
    route('POST', '/scripts/:id/test-run', 'scripts.testRun', ACTIONS.manageScripts),
    route('GET', '/scripts/:id/review', 'scripts.review', ACTIONS.read),
    route('POST', '/scripts/:id/accept', 'scripts.accept', ACTIONS.manageScripts),
    route('POST', '/scripts/:id/restore-signed', 'scripts.restoreSigned', ACTIONS.manageScripts),
    route('GET', '/scripts/:id/versions', 'scripts.versions', ACTIONS.read),
    route('GET', '/scripts/:id/versions/:version', 'scripts.version', ACTIONS.read),
    route(
      'POST',
      '/scripts/:id/versions/:version/restore',
      'scripts.restore',
      ACTIONS.manageScripts
    ),

    route('GET', '/content-types', 'scripts.contentTypes', ACTIONS.read),

    route('GET', '/runs', 'runs.find', ACTIONS.read),
    route('GET', '/runs/:id', 'runs.findOne', ACTIONS.read),
    route('POST', '/runs/:id/cancel', 'runs.cancel', ACTIONS.run),

    route('GET', '/schedule/preview', 'schedule.preview', ACTIONS.read),

    route('GET', '/webhook-events', 'transfer.webhookEvents', ACTIONS.read),

    route('GET', '/export', 'transfer.export', ACTIONS.read),
    route(
      'POST',
      '/import/preview',
      'transfer.preview',
      ACTIONS.manageScripts,
      ACTIONS.manageTasks
    ),
    route('POST', '/import', 'transfer.import', ACTIONS.manageScripts, ACTIONS.manageTasks),

    route('GET', '/settings', 'settings.get', ACTIONS.manageSettings),
    route('PUT', '/settings', 'settings.update', ACTIONS.manageSettings),
    route('POST', '/settings/tokens', 'settings.createToken', ACTIONS.manageSettings),
    route('DELETE', '/settings/tokens/:id', 'settings.deleteToken', ACTIONS.manageSettings),
    route('PUT', '/settings/hold', 'settings.pause', ACTIONS.manageSettings),
    route('DELETE', '/settings/hold', 'settings.resume', ACTIONS.manageSettings),
  ],
};
