/**
 * What the admin API answers, entity by entity (docs/api.md). Instants are epoch milliseconds.
 * The server builds these in utils/views.ts and its controllers, typed by them: a change on one
 * side that the other does not follow fails `npm run typecheck`. One file, however long: it is
 * the whole API's answers in one place, read beside docs/api.md.
 */
import type { KeyedMessage } from './message-keys';
import type {
  MisfirePolicy,
  OverlapPolicy,
  RunStatus,
  RunTrigger,
  ScriptIntegrity,
  TriggerMode,
} from './enums';

export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
  /**
   * GET /runs only: the count stopped 1,000 runs past the page's first (a full count of a large
   * history is not read for every page), so `total` and `pageCount` are "at least"; paging on
   * counts further.
   */
  totalCapped?: true;
}

/**
 * GET /runs read by cursor (`cursor=first`, `last`, or a cursor of an earlier answer): the same
 * capped count as Pagination, and where the pages beside this one start. A cursor is opaque (the
 * sort key and id of the row it follows or precedes); null when there is nothing that way.
 */
export interface CursorPagination {
  pageSize: number;
  total: number;
  totalCapped?: true;
  /** The page after this one, in the list's order (older runs, newest first). */
  nextCursor: string | null;
  /** The page before this one. */
  previousCursor: string | null;
}

/** GET /runs: by page number (Pagination) or by cursor (CursorPagination), as asked. */
export interface RunListAnswer<T> {
  data: T[];
  meta: { pagination: Pagination | CursorPagination };
}

export interface DataAnswer<T> {
  data: T;
}

export interface ListAnswer<T> {
  data: T[];
  meta: { pagination: Pagination };
}

export interface RunError {
  name?: string;
  message: string;
  stack?: string;
  line?: number;
  column?: number;
}

/** One line of a run's log as the sandbox records it. */
export interface RunLogEntry {
  at: number;
  level: string;
  message: string;
}

/** A run as GET /runs lists it (no log, no result). */
export interface RunSummary {
  id: number;
  taskId: number;
  taskName: string | null;
  slot: number | null;
  attempt: number;
  trigger: RunTrigger;
  status: RunStatus;
  dryRun: boolean;
  startedAt: number | null;
  finishedAt: number | null;
  durationMs: number | null;
  driftMs: number | null;
  logTruncated: boolean;
  error: RunError | null;
  instanceId: string | null;
  scriptId: number | null;
  scriptVersion: number | null;
  requestedBy: number | null;
  /** When an administrator asked for the run to stop (POST /runs/:id/cancel), and who. */
  cancelRequestedAt: number | null;
  cancelRequestedBy: number | null;
  /** What the script last reported with ctx.progress, while it runs and after. */
  progress: RunProgress | null;
}

/** A run's progress, as its script last reported it with ctx.progress(done, total?, message?). */
export interface RunProgress {
  done: number;
  total: number | null;
  message: string | null;
  /** When the script reported it (epoch ms). */
  at: number;
}

/** A run as GET /runs/:id answers it: with its log and result. */
export interface Run extends RunSummary {
  log: RunLogEntry[] | string | null;
  result: unknown;
}

/** The last run of a task, as GET /tasks lists it beside each task. */
export type TaskLastRun = Pick<
  RunSummary,
  'id' | 'status' | 'trigger' | 'startedAt' | 'finishedAt' | 'durationMs' | 'dryRun' | 'progress'
>;

/** A task as the admin API shows it: its definition, schedule state and lease holder. */
export interface Task {
  id: number;
  documentId: string;
  name: string;
  description: string | null;
  script: number | null;
  params: Record<string, unknown>;
  schedule: string;
  timezone: string;
  enabled: boolean;
  startAt: number | null;
  endAt: number | null;
  maxRuns: number | null;
  misfirePolicy: MisfirePolicy;
  overlap: OverlapPolicy;
  timeLimitMs: number | null;
  memoryLimitMb: number | null;
  wallTimeLimitMs: number | null;
  retries: number;
  retryBackoffMs: number | null;
  autoPauseAfter: number | null;
  /** Spread in seconds: every slot a fixed offset (0 to this, from the documentId) later. */
  jitterSeconds: number | null;
  referenceAt: number;
  nextRunAt: number | null;
  lastRunAt: number | null;
  lastStatus: RunStatus | null;
  runCount: number;
  consecutiveFailures: number;
  consecutiveFailedSlots: number;
  retryAt: number | null;
  retrySlot: number | null;
  retryAttempt: number | null;
  pausedAt: number | null;
  pausedReason: string | null;
  codeKey: string | null;
  managedInCode: boolean;
  leaseOwner: string | null;
  leaseExpiresAt: number | null;
  createdAt: string;
  updatedAt: string;
  /** Whether its script, params, schedule and enabled flag are as the plugin saved them. */
  integrity: ScriptIntegrity;
  /** Whether an instance holds it now. */
  running: boolean;
  /** GET /tasks/:id only: what the task's script keeps between runs. */
  state?: unknown;
}

/**
 * A built-in's change sentence: its English `text`, and the catalogue `key` and `values` the admin
 * translates it by (as server messages: message-keys.ts).
 */
export interface RunChanges {
  key: string;
  values: Record<string, string | number>;
  text: string;
}

/** A task in GET /tasks: with its last run, if any (one query for the page). */
export interface TaskListItem extends Task {
  /** The name of its script (null when the script is gone). */
  scriptName: string | null;
  /**
   * What a run changes in the site, in a sentence, when its script is a built-in that changes
   * data with the task's params (the admin asks before running it and offers a dry run); null
   * when it changes nothing, or for a user's script, which the plugin cannot judge.
   */
  changes: RunChanges | null;
  lastRun: TaskLastRun | null;
}

export interface ScriptSummary {
  id: number;
  documentId: string;
  name: string;
  description: string | null;
  builtIn: boolean;
  version: number;
  codeKey: string | null;
  managedInCode: boolean;
  createdAt: string;
  updatedAt: string;
  integrity: ScriptIntegrity;
  /** The tasks that use it. */
  tasks: Array<{ id: number; name: string }>;
}

export interface Script extends ScriptSummary {
  body: string;
}

/** GET /content-types: a content type scripts may reach, as the script editor offers it. */
export interface ReachableContentType {
  uid: string;
  /** The name the Content-Type Builder gives it (the uid when it has none). */
  displayName: string;
  kind: 'collectionType' | 'singleType';
}

/** GET /scripts/:id/review: a body changed outside the plugin beside the last one it signed. */
export interface ScriptReview {
  integrity: ScriptIntegrity;
  current: { version: number; body: string };
  lastSigned: { version: number; body: string } | null;
}

/** A saved version of a script (GET /scripts/:id/versions); the body only when one is asked for. */
export interface ScriptVersion {
  scriptId: number;
  version: number;
  name: string | null;
  description: string | null;
  /** The admin who saved it; null when saved by code (seeding, managed-in-code scripts). */
  changedBy: number | null;
  /** That admin's name (as the Content Manager shows an entry's creator); null when by code or gone. */
  changedByName: string | null;
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
  error: RunError | null;
  log: RunLogEntry[] | string;
  logTruncated: boolean;
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
      /**
       * With `jitter`: the offset (seconds) every slot is moved by, applied to `next`, or null
       * when no `key` was given (a task not saved yet has no offset).
       */
      jitterOffsetSeconds?: number | null;
    }
  | ({
      valid: false;
      field: 'schedule' | 'timeZone';
      /** The server's English text; `key` and `values` let the admin panel translate it. */
      error: string;
    } & Partial<KeyedMessage>);

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
  /** Scheduled runs one instance has going at once (1 to 64); 1 runs them one after another. */
  concurrency: number;
  defaults: RunLimits;
  caps: RunLimits;
  retention: RetentionPolicy;
}

export type EditableSettingKey = keyof EditableSettings;

/** Run limits as a form sends them: an empty field is null (the server answers 400 naming it). */
export type RunLimitsInput = { [K in keyof RunLimits]: RunLimits[K] | null };

/**
 * PUT /settings: only the settings to change; null puts one back to config/plugins' value. The
 * server validates every field (services/settings.ts).
 */
export interface SettingsUpdate {
  triggerMode?: TriggerMode | null;
  autoRun?: boolean | null;
  concurrency?: number | null;
  defaults?: RunLimitsInput | null;
  caps?: RunLimitsInput | null;
  retention?: { days: number | null; keepLast: number | null } | null;
}

export interface Settings extends EditableSettings {
  tokens: WakeToken[];
  overridden: EditableSettingKey[];
  configDefaults: EditableSettings;
  /** The maintenance hold (PUT/DELETE /settings/hold). */
  hold?: HoldState;
}

/**
 * The maintenance hold ("pause everything"): while `held`, no scheduled run starts on any instance;
 * run now still runs. `since`/`by` say when and by whom it was put on (or last lifted).
 */
export interface HoldState {
  held: boolean;
  since: number | null;
  /** An administrator, or the command line (`id` null). */
  by: { id: number | null; name: string } | null;
  reason: string | null;
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
  pausedAt: number;
  pausedReason: string | null;
}

export interface IntegrityProblem {
  id: number;
  name: string;
  integrity: ScriptIntegrity;
}

/** The watchdog's report, shared with the public health route. */
export interface WatchdogReport {
  status: 'ok' | 'warning' | 'failing';
  checkedAt: number;
  lastWakeUpAt: number | null;
  wakeUpsStopped: boolean;
  dueSince: number | null;
  /** Twice the shortest schedule interval (or the config's). */
  thresholdMs: number;
  overdue: Array<{ id: number; name: string; dueAt: number; lateMs: number }>;
  paused: HealthPausedTask[];
  changedOutside: Array<IntegrityProblem & { kind: 'script' | 'task' }>;
  /** While the hold is on: status `warning`, nothing overdue. */
  hold?: HoldState;
}

export interface Lease {
  taskId: number;
  taskName: string;
  owner: string;
  thisInstance: boolean;
  slot: number | null;
  expiresAt: number | null;
  expired: boolean;
}

export interface Health {
  now: number;
  instanceId: string;
  lastWakeUp: WakeUp | null;
  wakeUps: { route: WakeUp | null; timer: WakeUp | null };
  timer: {
    autoRun: boolean;
    running: boolean;
    firesAt: number | null;
    waking: boolean;
    recheckMs: number;
  };
  /** Scheduled runs going on this instance, and how many may (config `concurrency`). */
  runs: { running: number; concurrency: number };
  triggerMode: TriggerMode;
  overdue: HealthOverdueTask[];
  leases: Lease[];
  scripts: { integrityProblems: IntegrityProblem[] };
  tasks: { integrityProblems: IntegrityProblem[] };
  /** This instance's sandbox process (server/src/sandbox); shown as it comes. */
  sandbox: unknown;
  watchdog: WatchdogReport;
  /** The maintenance hold (`overdue` is empty while it is on). */
  hold?: HoldState;
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
}

/** GET /webhook-events: the plugin's events and the webhooks subscribed to each. */
export interface MaintenanceWebhookEvent {
  key: string;
  event: string;
  /** Absent for a user who may not read the site's webhooks (admin::webhooks.read). */
  webhooks?: Array<{ id: string | number; name: string; isEnabled: boolean }>;
}

/** A webhook of Strapi's own store (GET /admin/webhooks): not this plugin's answer. */
export interface StrapiWebhook {
  id: string | number;
  name: string;
  url: string;
  headers: Record<string, string>;
  events: string[];
  isEnabled: boolean;
}

/** Strapi's error answer. */
export interface ApiErrorBody {
  data: null;
  error: {
    status: number;
    name: string;
    message: string;
    /** Each error's `key` and `values`, when it has them, are for the admin's translation. */
    details?: {
      errors?: Array<{ path: string[]; message: string; name: string } & Partial<KeyedMessage>>;
    } & Record<string, unknown>;
  };
}
