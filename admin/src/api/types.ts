/** Shapes of the plugin's admin API answers (see docs/api.md). Instants are epoch milliseconds. */

export type RunStatus =
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'timed-out'
  | 'memory-exceeded'
  | 'killed'
  | 'interrupted'
  | 'skipped';

export type RunTrigger = 'route' | 'timer' | 'manual' | 'catch-up';

export type MisfirePolicy = 'once' | 'skip' | 'backfill';

export type ScriptIntegrity = 'valid' | 'tampered' | 'unsigned';

export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}

export interface ListAnswer<T> {
  data: T[];
  meta: { pagination: Pagination };
}

export interface Task {
  id: number;
  documentId?: string;
  name: string;
  description: string | null;
  script: number | { id: number; name: string } | null;
  scriptName?: string;
  params: Record<string, unknown>;
  schedule: string;
  timezone: string;
  enabled: boolean;
  startAt: number | string | null;
  endAt: number | string | null;
  maxRuns: number | null;
  misfirePolicy: MisfirePolicy;
  timeLimitMs: number | null;
  memoryLimitMb: number | null;
  wallTimeLimitMs: number | null;
  nextRunAt: number | null;
  lastRunAt: number | null;
  lastStatus: RunStatus | null;
  lastDurationMs?: number | null;
  runCount: number;
  consecutiveFailures: number;
  running: boolean;
  /** Whether its script, params, schedule and enabled flag are as the plugin saved them. */
  integrity: ScriptIntegrity;
  leaseOwner: string | null;
  leaseExpiresAt: number | null;
  createdAt?: string;
  updatedAt?: string;
  [extra: string]: unknown;
}

export interface ScriptSummary {
  id: number;
  name: string;
  description: string | null;
  builtIn: boolean;
  builtInKey?: string | null;
  version: number;
  integrity: ScriptIntegrity;
  managedInCode?: boolean;
  tasks: Array<{ id: number; name: string }>;
  updatedAt?: string;
  [extra: string]: unknown;
}

export interface Script extends ScriptSummary {
  body: string;
}

/** GET /scripts/:id/review: a body changed outside the plugin beside the last one it signed. */
export interface ScriptReview {
  integrity: ScriptIntegrity;
  current: { version: number; body: string };
  lastSigned: { version: number; body: string } | null;
}

export interface Run {
  id: number;
  task: number | { id: number; name: string } | null;
  taskName?: string | null;
  slot: number | null;
  attempt: number;
  trigger: RunTrigger;
  status: RunStatus;
  dryRun?: boolean;
  startedAt: number | null;
  finishedAt: number | null;
  durationMs: number | null;
  driftMs: number | null;
  log?: string | null;
  logTruncated?: boolean;
  result?: unknown;
  error?: { name?: string; message: string; stack?: string; line?: number; column?: number } | null;
  instanceId: string | null;
  scriptVersion: number | null;
  [extra: string]: unknown;
}

export interface SchedulePreviewSlot {
  epochMs: number;
  utc: string;
  local: string;
  offset: string;
  dstChange?: 'gap-shifted' | 'overlap' | 'offset-change';
  scheduledLocal?: string;
  note?: string;
}

export type SchedulePreview =
  | {
      valid: true;
      expression: string;
      timeZone: string;
      kind: string;
      description: string;
      next: SchedulePreviewSlot[];
      /** The first slot beyond `next` on a daylight-saving change (within a year), if any. */
      nextDstSlot?: SchedulePreviewSlot | null;
    }
  | { valid: false; field: 'schedule' | 'timeZone'; error: string };

export interface ApiErrorBody {
  data: null;
  error: {
    status: number;
    name: string;
    message: string;
    details?: { errors?: Array<{ path: string[]; message: string; name: string }> } & Record<
      string,
      unknown
    >;
  };
}

/* ---- Runs, settings and health (appended by the runs/settings/health work) ---- */

/** One line of a run's log as the sandbox records it. */
export interface RunLogEntry {
  at: number;
  level: string;
  message: string;
}

/** A run as GET /runs and GET /runs/:id answer it (the server names the task `taskId`). */
export interface RunView {
  id: number;
  taskId: number;
  taskName: string | null;
  slot: number | null;
  attempt: number;
  trigger: RunTrigger | 'retry';
  status: RunStatus;
  dryRun: boolean;
  startedAt: number | null;
  finishedAt: number | null;
  durationMs: number | null;
  driftMs: number | null;
  /** Only GET /runs/:id carries the log and the result. */
  log?: RunLogEntry[] | string | null;
  logTruncated?: boolean;
  result?: unknown;
  error?: { name?: string; message: string; stack?: string; line?: number; column?: number } | null;
  instanceId: string | null;
  scriptId?: number | null;
  scriptVersion: number | null;
  requestedBy?: number | null;
  [extra: string]: unknown;
}

export type TriggerMode = 'open' | 'token' | 'disabled';

export interface RunLimits {
  timeLimitMs: number;
  memoryLimitMb: number;
  wallTimeLimitMs: number;
}

export interface RetentionPolicy {
  days: number | null;
  keepLast: number;
}

export interface WakeToken {
  id: string;
  name: string;
  prefix: string;
  createdAt: number;
  createdBy: number | null;
  lastUsedAt: number | null;
}

/** POST /settings/tokens: the token with its secret, this once. */
export interface CreatedWakeToken extends WakeToken {
  token: string;
}

export interface EditableSettings {
  triggerMode: TriggerMode;
  autoRun: boolean;
  defaults: RunLimits;
  caps: RunLimits;
  retention: RetentionPolicy;
}

export type EditableSettingKey = keyof EditableSettings;

export interface Settings extends EditableSettings {
  tokens: WakeToken[];
  overridden: EditableSettingKey[];
  configDefaults: EditableSettings;
  [extra: string]: unknown;
}

export interface WakeUp {
  at: number;
  trigger: string;
  instanceId: string;
  token?: string | null;
}

export interface HealthOverdueTask {
  id: number;
  name: string;
  nextRunAt: number;
  lateMs: number;
}

export interface HealthPausedTask {
  id: number;
  name: string;
  pausedAt?: number | null;
  pausedReason?: string | null;
  [extra: string]: unknown;
}

export interface Health {
  now: number;
  instanceId: string;
  lastWakeUp: WakeUp | null;
  wakeUps?: Record<string, WakeUp | null>;
  timer?: {
    autoRun: boolean;
    running: boolean;
    firesAt: number | null;
    waking: boolean;
    recheckMs: number;
  };
  triggerMode?: TriggerMode;
  overdue: HealthOverdueTask[];
  leases?: Array<Record<string, unknown>>;
  scripts?: { integrityProblems: Array<{ id: number; name: string; integrity: ScriptIntegrity }> };
  tasks?: { integrityProblems: Array<{ id: number; name: string; integrity: ScriptIntegrity }> };
  sandbox?: Record<string, unknown>;
  /** The watchdog's report (issue 9), shared with the public health route; read defensively. */
  watchdog?: {
    status?: 'ok' | 'warning' | 'failing';
    checkedAt?: number;
    /** Twice the shortest schedule interval (or the config's). */
    thresholdMs?: number | null;
    wakeUpsStopped?: boolean;
    /** Older name of wakeUpsStopped, accepted too. */
    stopped?: boolean;
    lastWakeUpAt?: number | null;
    dueSince?: number | null;
    overdue?: Array<{ id: number; name: string; dueAt: number; lateMs: number }>;
    paused?: HealthPausedTask[];
    [extra: string]: unknown;
  } | null;
  paused?: HealthPausedTask[];
  pausedTasks?: HealthPausedTask[];
  [extra: string]: unknown;
}

/** A saved version of a script (GET /scripts/:id/versions); the body only when one is asked for. */
export interface ScriptVersion {
  scriptId: number;
  version: number;
  name: string;
  description: string | null;
  /** The admin who saved it; null when saved by code (seeding, managed-in-code scripts). */
  changedBy: number | null;
  changedAt: number;
  current: boolean;
  body?: string;
  integrity?: ScriptIntegrity;
}

/** The answer of POST /scripts/:id/test-run. */
export interface ScriptTestRun {
  status: RunStatus;
  dryRun: boolean;
  scriptVersion: number;
  durationMs: number;
  result: unknown;
  error: { name?: string; message: string; stack?: string; line?: number; column?: number } | null;
  log: Array<{ at: number; level: string; message: string }> | string;
  logTruncated: boolean;
}

/** Scripts declared in the site's code (issue 9): read-only in the admin panel. */
export interface ScriptSummary {
  managedInCode?: boolean;
  codeKey?: string | null;
}

/* ---- Operations (issue 9): failures, export/import, webhook events ---- */

/** Failure handling of a task, and its state (docs/operations.md); read defensively. */
export interface Task {
  retries?: number;
  retryBackoffMs?: number | null;
  autoPauseAfter?: number | null;
  consecutiveFailedSlots?: number;
  retryAt?: number | null;
  retrySlot?: number | null;
  retryAttempt?: number | null;
  pausedAt?: number | null;
  pausedReason?: string | null;
  codeKey?: string | null;
  managedInCode?: boolean;
}

export type ImportAction = 'create' | 'update' | 'unchanged' | 'skip';

/** One script or task of an import plan (POST /import/preview and /import). */
export interface ImportItem {
  name: string;
  action: ImportAction;
  id?: number;
  changes?: string[];
  reason?: string;
  errors?: Array<{ path: string[]; message: string }>;
}

export interface ImportPlan {
  valid: boolean;
  scripts: ImportItem[];
  tasks: ImportItem[];
  summary: Record<ImportAction, number> & { invalid: number };
}

/** The signed export file (GET /export); only what the admin panel reads is typed. */
export interface ExportFile {
  format: string;
  formatVersion: number;
  pluginVersion?: string;
  exportedAt: string;
  scripts: unknown[];
  tasks: unknown[];
  signature?: string;
  [extra: string]: unknown;
}

/** GET /webhook-events: the plugin's events and the webhooks subscribed to each. */
export interface MaintenanceWebhookEvent {
  key: string;
  event: string;
  /** Absent for a user who may not read the site's webhooks (admin::webhooks.read). */
  webhooks?: Array<{ id: string | number; name: string; isEnabled: boolean }>;
}

/** A webhook of Strapi's own store (GET /admin/webhooks). */
export interface StrapiWebhook {
  id: string | number;
  name: string;
  url: string;
  headers: Record<string, string>;
  events: string[];
  isEnabled: boolean;
}
