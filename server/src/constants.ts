export const PLUGIN_ID = 'maintenance';

export const UIDS = {
  script: `plugin::${PLUGIN_ID}.script`,
  task: `plugin::${PLUGIN_ID}.task`,
  run: `plugin::${PLUGIN_ID}.run`,
  scriptVersion: `plugin::${PLUGIN_ID}.script-version`,
} as const;

/** Who may call the public runMaintenanceTasks route. */
export const TRIGGER_MODES = ['open', 'token', 'disabled'] as const;
export type TriggerMode = (typeof TRIGGER_MODES)[number];

export const RUN_TRIGGERS = ['route', 'timer', 'manual', 'catch-up', 'retry'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

export const RUN_STATUSES = [
  'running',
  'succeeded',
  'failed',
  'timed-out',
  'memory-exceeded',
  'killed',
  'interrupted',
  'skipped',
  // Stopped because a newer slot of its task replaced it (overlap `replace`): not a failure.
  'replaced',
  // Stopped on request (POST /runs/:id/cancel): the slot counts as done, not as a failure.
  'cancelled',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** The statuses that count as a failure (in wake-up answers, retention, failure counters). */
export const FAILED_RUN_STATUSES: readonly RunStatus[] = [
  'failed',
  'timed-out',
  'memory-exceeded',
  'killed',
  'interrupted',
];

/**
 * Admin permissions, declared once. Writing a script is writing code, so it is an action of its own,
 * separate from managing tasks.
 */
export const ACTIONS = {
  read: `plugin::${PLUGIN_ID}.read`,
  manageTasks: `plugin::${PLUGIN_ID}.tasks.manage`,
  manageScripts: `plugin::${PLUGIN_ID}.scripts.manage`,
  run: `plugin::${PLUGIN_ID}.run`,
  manageSettings: `plugin::${PLUGIN_ID}.settings.manage`,
} as const;

export type Action = (typeof ACTIONS)[keyof typeof ACTIONS];

export const ACTION_DEFINITIONS: ReadonlyArray<{ uid: string; displayName: string }> = [
  { uid: 'read', displayName: 'Read tasks, scripts and runs' },
  { uid: 'tasks.manage', displayName: 'Manage tasks' },
  { uid: 'scripts.manage', displayName: 'Manage scripts' },
  { uid: 'run', displayName: 'Run tasks now' },
  { uid: 'settings.manage', displayName: 'Manage settings' },
];

/**
 * Events the plugin emits on Strapi's event hub and registers with Strapi's webhook store, so that
 * a webhook (Settings → Webhooks, or the admin API /admin/webhooks) can subscribe to them.
 * Key: the webhook store's event key; value: the event name sent as X-Strapi-Event.
 */
export const WEBHOOK_EVENTS = {
  MAINTENANCE_RUN_FAILED: 'maintenance.run.failed',
  MAINTENANCE_TASK_PAUSED: 'maintenance.task.paused',
  MAINTENANCE_TASK_RECOVERED: 'maintenance.task.recovered',
  MAINTENANCE_WAKEUPS_STOPPED: 'maintenance.wakeups.stopped',
  MAINTENANCE_RUN_CANCELLED: 'maintenance.run.cancelled',
} as const;

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[keyof typeof WEBHOOK_EVENTS];

/** The most retries a task may ask for per slot. */
export const MAX_RETRIES = 10;

/** Where the admin panel shows a task and a run (links in webhook payloads). */
export const ADMIN_PATHS = {
  task: (id: number) => `/plugins/${PLUGIN_ID}/tasks/${id}`,
  run: (id: number) => `/plugins/${PLUGIN_ID}/runs/${id}`,
} as const;

/** Set by the command line (server/src/cli) in the process it boots the site in: no timer there. */
export const CLI_ENV = 'STRAPI_MAINTENANCE_CLI';
