import type { Core } from '@strapi/strapi';
import { ADMIN_PATHS, WEBHOOK_EVENTS, type WebhookEvent } from '../constants';
import type { RunRecord } from './runs';

/** Error messages are cut to this length in payloads: enough to read, not a log. */
const MAX_MESSAGE_LENGTH = 1000;

export interface NotifiedTask {
  id: number;
  name: string;
  codeKey?: string | null;
}

const clip = (text: string | null | undefined) =>
  typeof text === 'string' && text.length > MAX_MESSAGE_LENGTH
    ? `${text.slice(0, MAX_MESSAGE_LENGTH)}…`
    : (text ?? null);

const iso = (epochMs: number | null | undefined) =>
  epochMs === null || epochMs === undefined ? null : new Date(epochMs).toISOString();

/**
 * The plugin's events, sent through Strapi's own webhooks: registered with the webhook store at
 * bootstrap (so that a webhook may subscribe to them) and emitted on the event hub, whose webhook
 * runner posts them to every enabled webhook that subscribed. A payload says what happened, to
 * which task and run, and links to the admin panel; it never carries a script's text, its params,
 * its log or its result, nor any token or key.
 */
const createNotificationsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const adminUrl = (path: string) => {
    const base = String(strapi.config.get('admin.absoluteUrl') ?? '/admin').replace(/\/$/, '');
    return `${base}${path}`;
  };

  const taskPart = (task: NotifiedTask) => ({
    id: task.id,
    name: task.name,
    codeKey: task.codeKey ?? null,
  });

  const runPart = (run: RunRecord) => ({
    id: run.id,
    slot: iso(run.slot),
    attempt: run.attempt,
    trigger: run.trigger,
    status: run.status,
    dryRun: run.dryRun,
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt),
    durationMs: run.durationMs,
  });

  const emit = (event: WebhookEvent, payload: Record<string, unknown>) => {
    try {
      void strapi.eventHub.emit(event, { plugin: 'maintenance', ...payload });
    } catch (error) {
      strapi.log.warn(`[maintenance] could not emit ${event}: ${(error as Error).message}`);
    }
  };

  return {
    /** Makes the events selectable for webhooks; called at bootstrap. */
    register() {
      const store = strapi.get('webhookStore') as {
        addAllowedEvent(key: string, value: string): void;
      };
      for (const [key, value] of Object.entries(WEBHOOK_EVENTS)) store.addAllowedEvent(key, value);
    },

    /** A scheduled slot failed: its last attempt failed (or was abandoned). */
    runFailed(
      task: NotifiedTask,
      run: RunRecord,
      { consecutiveFailedSlots }: { consecutiveFailedSlots: number }
    ) {
      emit(WEBHOOK_EVENTS.MAINTENANCE_RUN_FAILED, {
        task: taskPart(task),
        run: runPart(run),
        status: run.status,
        error: run.error
          ? { name: run.error.name ?? 'Error', message: clip(run.error.message) }
          : null,
        consecutiveFailedSlots,
        links: {
          task: adminUrl(ADMIN_PATHS.task(task.id)),
          run: adminUrl(ADMIN_PATHS.run(run.id)),
        },
      });
    },

    taskPaused(
      task: NotifiedTask,
      {
        pausedAt,
        reason,
        consecutiveFailedSlots,
        run,
      }: { pausedAt: number; reason: string; consecutiveFailedSlots: number; run: RunRecord | null }
    ) {
      emit(WEBHOOK_EVENTS.MAINTENANCE_TASK_PAUSED, {
        task: taskPart(task),
        run: run ? runPart(run) : null,
        status: 'paused',
        pausedAt: iso(pausedAt),
        reason: clip(reason),
        error: run?.error
          ? { name: run.error.name ?? 'Error', message: clip(run.error.message) }
          : null,
        consecutiveFailedSlots,
        links: {
          task: adminUrl(ADMIN_PATHS.task(task.id)),
          ...(run ? { run: adminUrl(ADMIN_PATHS.run(run.id)) } : {}),
        },
      });
    },

    taskRecovered(
      task: NotifiedTask,
      run: RunRecord,
      { failedSlotsBefore }: { failedSlotsBefore: number }
    ) {
      emit(WEBHOOK_EVENTS.MAINTENANCE_TASK_RECOVERED, {
        task: taskPart(task),
        run: runPart(run),
        status: run.status,
        failedSlotsBefore,
        links: {
          task: adminUrl(ADMIN_PATHS.task(task.id)),
          run: adminUrl(ADMIN_PATHS.run(run.id)),
        },
      });
    },

    /** A run was stopped on request (POST /runs/:id/cancel) and recorded cancelled. */
    runCancelled(task: NotifiedTask, run: RunRecord) {
      emit(WEBHOOK_EVENTS.MAINTENANCE_RUN_CANCELLED, {
        task: taskPart(task),
        run: runPart(run),
        status: run.status,
        cancelledBy: run.cancelRequestedBy ?? null,
        cancelRequestedAt: iso(run.cancelRequestedAt),
        links: {
          task: adminUrl(ADMIN_PATHS.task(task.id)),
          run: adminUrl(ADMIN_PATHS.run(run.id)),
        },
      });
    },

    wakeUpsStopped({
      lastWakeUpAt,
      dueSince,
      thresholdMs,
      overdue,
    }: {
      lastWakeUpAt: number | null;
      dueSince: number;
      thresholdMs: number;
      overdue: number;
    }) {
      emit(WEBHOOK_EVENTS.MAINTENANCE_WAKEUPS_STOPPED, {
        status: 'wake-ups-stopped',
        lastWakeUpAt: iso(lastWakeUpAt),
        dueSince: iso(dueSince),
        thresholdMs,
        overdue,
        links: { health: adminUrl(`/plugins/maintenance`) },
      });
    },
  };
};

export type NotificationsService = ReturnType<typeof createNotificationsService>;
export default createNotificationsService;
