/**
 * Every admin route (server/src/routes/admin.ts) with what it takes and what it answers. The
 * controllers type their answers with `AdminResponse<'…'>`; the admin panel's endpoints
 * (admin/src/api) use the same keys.
 */
import type {
  CreatedWakeToken,
  DataAnswer,
  ExportFile,
  Health,
  HoldState,
  ImportPlan,
  ListAnswer,
  RunListAnswer,
  MaintenanceWebhookEvent,
  Run,
  RunSummary,
  SchedulePreview,
  Script,
  ScriptReview,
  ScriptSummary,
  ScriptTestRun,
  ScriptVersion,
  Settings,
  Task,
  TaskListItem,
  WakeToken,
} from './entities';
import type { ReachableContentType, SettingsUpdate } from './entities';
import type { RunStatus, RunTrigger } from './enums';
import type { TaskField } from './task-fields';
import type { TaskInputValues } from './requests';

/** POST /tasks/:id/run: the finished run, or (202) the run still going. */
export type RunNowAnswer = Run | { taskId: number; status: 'running' };

export interface AdminRoutes {
  'GET /status': { response: DataAnswer<{ plugin: string; version: string; database: string }> };
  'GET /health': { response: DataAnswer<Health> };

  'GET /tasks': { query: TaskListQuery; response: ListAnswer<TaskListItem> };
  'GET /tasks/:id': { response: DataAnswer<Task> };
  'POST /tasks': { body: TaskInputValues; response: DataAnswer<Task> };
  'PUT /tasks/:id': { body: Partial<TaskInputValues>; response: DataAnswer<Task> };
  'DELETE /tasks/:id': { response: DataAnswer<Task> };
  'POST /tasks/:id/enable': { response: DataAnswer<Task> };
  'POST /tasks/:id/disable': { response: DataAnswer<Task> };
  'POST /tasks/:id/run': {
    body: { dryRun?: boolean };
    /** `meta.warning` while the maintenance hold is on: the run went ahead all the same. */
    response: DataAnswer<RunNowAnswer> & { meta?: { warning: string; hold: HoldState } };
  };
  'POST /tasks/:id/resume': { response: DataAnswer<Task> };
  'POST /tasks/:id/accept': { response: DataAnswer<Task> };

  'GET /scripts': { response: DataAnswer<ScriptSummary[]> };
  'POST /scripts/validate': { body: { body: string }; response: DataAnswer<{ valid: true }> };
  'GET /scripts/:id': { response: DataAnswer<Script> };
  'POST /scripts': { body: ScriptInputValues; response: DataAnswer<Script> };
  'PUT /scripts/:id': { body: Partial<ScriptInputValues>; response: DataAnswer<Script> };
  'DELETE /scripts/:id': { response: DataAnswer<ScriptSummary> };
  'POST /scripts/:id/test-run': {
    body: { params?: Record<string, unknown>; dryRun?: boolean; body?: string };
    response: DataAnswer<ScriptTestRun>;
  };
  'GET /scripts/:id/review': { response: DataAnswer<ScriptReview> };
  'POST /scripts/:id/accept': { response: DataAnswer<Script> };
  'POST /scripts/:id/restore-signed': { response: DataAnswer<Script> };
  'GET /scripts/:id/versions': { response: DataAnswer<ScriptVersion[]> };
  'GET /scripts/:id/versions/:version': { response: DataAnswer<ScriptVersion> };
  /** The content types a script's ctx.entries may reach, for the editor's uid completion. */
  'GET /content-types': { response: DataAnswer<ReachableContentType[]> };
  'POST /scripts/:id/versions/:version/restore': { response: DataAnswer<Script> };

  'GET /runs': { query: RunListQuery; response: RunListAnswer<RunSummary> };
  'GET /runs/:id': { response: DataAnswer<Run> };
  /** 202: the run, still running, asked to stop; 409 when it has ended. */
  'POST /runs/:id/cancel': { response: DataAnswer<Run> };

  'GET /schedule/preview': { query: SchedulePreviewQuery; response: DataAnswer<SchedulePreview> };

  'GET /webhook-events': {
    response: DataAnswer<MaintenanceWebhookEvent[]> & { meta?: { webhooksHidden: true } };
  };

  'GET /export': { response: ExportFile };
  'POST /import/preview': { body: unknown; response: DataAnswer<ImportPlan> };
  'POST /import': { body: unknown; response: DataAnswer<ImportPlan> };

  'GET /settings': { response: DataAnswer<Settings> };
  'PUT /settings': { body: SettingsUpdate; response: DataAnswer<Settings> };
  'POST /settings/tokens': { body: { name: string }; response: DataAnswer<CreatedWakeToken> };
  'DELETE /settings/tokens/:id': { response: DataAnswer<WakeToken> };
  'PUT /settings/hold': { body: { reason?: string | null }; response: DataAnswer<HoldState> };
  'DELETE /settings/hold': { response: DataAnswer<HoldState> };
}

export type AdminRoute = keyof AdminRoutes;
export type AdminResponse<R extends AdminRoute> = AdminRoutes[R]['response'];

/** GET /tasks (validation/list-queries.ts). */
export interface TaskListQuery {
  page?: number;
  pageSize?: number;
  sort?: string;
  /** Query strings: `true`/`false` as text too. */
  enabled?: boolean | 'true' | 'false';
  script?: number;
  lastStatus?: RunStatus;
  q?: string;
}

/** GET /runs (validation/list-queries.ts); instants as epoch milliseconds or ISO dates. */
export interface RunListQuery {
  /**
   * Keyset paging, every page at the same cost: `first`, `last` (the oldest runs' page, read in
   * the reversed order), or a `nextCursor` / `previousCursor` of an earlier answer, made for the
   * same sort. Not together with `page`.
   */
  cursor?: string;
  page?: number;
  pageSize?: number;
  sort?: string;
  task?: number;
  status?: RunStatus;
  trigger?: RunTrigger;
  dryRun?: boolean;
  from?: number | string;
  to?: number | string;
}

export interface SchedulePreviewQuery {
  expression: string;
  timezone?: string;
  count?: number;
  from?: number;
  startAt?: number;
  endAt?: number;
  locale?: string;
  /** The task's jitter in seconds, and its documentId (the offset is derived from it). */
  jitter?: number;
  key?: string;
}

/** The script fields a script may be created or updated with. */
export interface ScriptInputValues {
  name: string;
  description?: string | null;
  body: string;
}

export type { TaskField };
