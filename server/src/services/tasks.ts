import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { runChanges } from '../builtin';
import type { TaskLastRun } from '../contracts';
import {
  checkTimeZone,
  firstSlotAfterCreation,
  nextRunAtOnEnable,
  nextSlotInWindow,
} from '../scheduling';
import { newDocumentId } from '../utils/document-id';
import { ConflictError } from '../utils/errors';
import { validateTaskInput, type TaskInput } from '../validation/task';
import { getPluginConfig } from '../utils/plugin-config';
import type { PageQuery, Pagination } from '../validation/list-queries';
import { getService } from '../utils/get-service';
import { findLastRuns } from './last-runs';
import { assertNotManaged } from './managed-in-code';
import { NO_RETRY } from './retry-rules';
import type { Integrity, SealedTaskFields } from './signatures';
import { taskSchedule, taskTiming } from './slots';
import { toTaskRecord } from './task-store';

export interface TaskRecord extends Required<TaskInput> {
  id: number;
  documentId: string;
  referenceAt: number;
  nextRunAt: number | null;
  lastRunAt: number | null;
  lastStatus: string | null;
  runCount: number;
  consecutiveFailures: number;
  leaseOwner: string | null;
  leaseExpiresAt: number | null;
  leaseFence: number;
  leaseSlot: number | null;
  /**
   * When a wake-up asked the holder of the lease to stop its run (overlap `replace`); the holder
   * sees it when it renews, and the next claim or release clears it.
   */
  cancelRequestedAt: number | null;
  /** Scheduled slots in a row whose last attempt failed (manual runs do not count). */
  consecutiveFailedSlots: number;
  /** A retry waiting for its delay: when it is due, for which slot, as which attempt. */
  retryAt: number | null;
  retrySlot: number | null;
  retryAttempt: number | null;
  /** Set when the task paused itself after failing; a paused task is not due until resumed. */
  pausedAt: number | null;
  pausedReason: string | null;
  /** The key of the declaration in config/plugins that manages this task, if any. */
  codeKey: string | null;
  managedInCode: boolean;
  /** The plugin's HMAC over the fields that decide what runs (services/signatures.ts). */
  seal: string | null;
  createdAt: string;
  updatedAt: string;
}

const canonicalZone = (zone: string) => {
  const checked = checkTimeZone(zone);
  return checked.ok ? checked.timeZone : zone;
};

export interface WriteOptions {
  /** The instant the change happens; tests pass their own clock. */
  now?: number;
  /** The admin user making the change, recorded as createdBy/updatedBy. */
  userId?: number;
  /** The change comes from the declarations in config/plugins (the only way to change those tasks). */
  fromCode?: boolean;
  /**
   * The change comes from outside the plugin (another plugin's Document Service call): it is
   * validated like any other, but not sealed, so the task does not run until someone accepts it.
   */
  outside?: boolean;
  /**
   * A person sets the schedule (the admin API): a one-off time already past is refused (400).
   * Imports and code declarations keep such a task, done.
   */
  refusePast?: boolean;
}

/** The fields a task's seal covers, as they would be stored. */
const sealedFields = (task: Partial<TaskRecord>): SealedTaskFields => ({
  script: (task.script as number | null | undefined) ?? null,
  params: task.params ?? {},
  schedule: task.schedule as string,
  timezone: task.timezone as string,
  enabled: Boolean(task.enabled),
});

const SEALED = ['script', 'params', 'schedule', 'timezone', 'enabled'] as const;

const createTasksService = ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => getService(strapi, 'taskStore');
  const signatures = () => getService(strapi, 'signatures');

  const findOrThrow = async (id: number) => {
    const task = await store().find({ id });
    if (!task) throw new errors.NotFoundError(`task ${id} not found`);
    return task;
  };

  return {
    findOne: findOrThrow,

    async findMany() {
      return store().findAll();
    },

    /** One page of tasks, each with its script's name (admin list). */
    async findPage(page: PageQuery) {
      const { results, pagination } = await store().findPage(page);
      const tasks = results.map((row: Record<string, unknown>) => {
        const script = row.script as { name?: string; builtInKey?: string | null } | null;
        return {
          ...toTaskRecord(row),
          scriptName: script?.name ?? null,
          changes: runChanges(script?.builtInKey ?? null, row.params),
        };
      });
      const lastRuns = await this.lastRuns(tasks.map((task) => task.id));
      return {
        results: tasks.map((task) => ({
          ...task,
          lastRun: lastRuns.get(task.id) ?? null,
        })),
        pagination: pagination as Pagination,
      };
    },

    /** The latest run of each of these tasks (the list shows them beside each task). */
    lastRuns(taskIds: number[]): Promise<Map<number, TaskLastRun>> {
      return findLastRuns(strapi, taskIds);
    },

    /** Whether the task's script, params, schedule and enabled flag are as the plugin set them. */
    integrity(task: TaskRecord): Integrity {
      return signatures().checkTask({ ...sealedFields(task), seal: task.seal });
    },

    /**
     * A new task as stored: validated, its reference time `now` (creating a task never runs it),
     * its first slot the first one after now inside its active window.
     */
    async prepareCreate(
      input: unknown,
      { now = Date.now(), userId, outside = false, refusePast = false }: WriteOptions = {}
    ) {
      const data = (await validateTaskInput(strapi, input, undefined, {
        now,
        ...(refusePast ? { refusePastAt: now } : {}),
      })) as TaskInput;
      const timezone = canonicalZone(data.timezone);
      // Chosen here rather than by the query engine, because the jitter offset of the first slot
      // is derived from it.
      const documentId = newDocumentId();
      return {
        ...data,
        documentId,
        timezone,
        seal: outside ? null : signatures().sealTask(sealedFields({ ...data, timezone })),
        referenceAt: now,
        nextRunAt: firstSlotAfterCreation(
          taskSchedule({ ...data, documentId }),
          timezone,
          now,
          data
        ),
        runCount: 0,
        consecutiveFailures: 0,
        consecutiveFailedSlots: 0,
        leaseFence: 0,
        ...(userId ? { createdBy: userId, updatedBy: userId } : {}),
      };
    },

    /**
     * The changes to store for an update. A new schedule, zone or window moves the next slot to
     * the first one after now; so does re-enabling, except under the `backfill` policy, which keeps
     * the slots missed while disabled so that wake-ups replay them (capped). Disabling leaves the
     * next slot alone.
     */
    async prepareUpdate(
      current: TaskRecord,
      input: unknown,
      { now = Date.now(), userId, fromCode, outside = false, refusePast = false }: WriteOptions = {}
    ) {
      assertNotManaged(current, 'task', fromCode);
      const changes = await validateTaskInput(strapi, input, current, {
        now,
        ...(refusePast ? { refusePastAt: now } : {}),
      });
      const next = { ...current, ...changes };
      if (changes.timezone) next.timezone = canonicalZone(changes.timezone);

      const timingChanged = (
        ['schedule', 'timezone', 'startAt', 'endAt', 'jitterSeconds'] as const
      ).some((field) => field in changes && changes[field] !== current[field]);
      const reEnabled = changes.enabled === true && !current.enabled;
      let nextRunAt = current.nextRunAt;
      if (timingChanged) {
        nextRunAt = nextSlotInWindow(taskSchedule(next), next.timezone, now, next);
      } else if (reEnabled) {
        nextRunAt = nextRunAtOnEnable(taskTiming(next, getPluginConfig(strapi)), now);
      }
      // A retry pending for a slot of the old schedule, or of a task switched off, is dropped.
      const dropRetry = timingChanged || changes.enabled === false;
      // The plugin seals what it writes. A task changed outside the plugin keeps its old seal
      // (so it stays flagged) until it is accepted, or saved whole from the editor, which sends
      // every sealed field after the user has seen them; a rename or a switch on does not accept.
      const resealed =
        !outside &&
        (this.integrity(current) === 'valid' ||
          SEALED.every((field) => field === 'enabled' || field in changes));
      return {
        ...changes,
        timezone: next.timezone,
        ...(resealed ? { seal: signatures().sealTask(sealedFields(next)) } : {}),
        nextRunAt,
        ...(dropRetry ? NO_RETRY : {}),
        ...(userId ? { updatedBy: userId } : {}),
      };
    },

    async create(input: unknown, options: WriteOptions = {}) {
      const data = await this.prepareCreate(input, options);
      return store().create(data);
    },

    async update(id: number, input: unknown, options: WriteOptions = {}) {
      const data = await this.prepareUpdate(await findOrThrow(id), input, options);
      return store().update(id, data);
    },

    async setEnabled(id: number, enabled: boolean, options: WriteOptions = {}) {
      return this.update(id, { enabled }, options);
    },

    /** Seals the task as it stands: a user with Manage tasks accepts a change made outside. */
    async accept(id: number, { userId }: WriteOptions = {}) {
      const task = await findOrThrow(id);
      if (this.integrity(task) === 'valid') return task;
      return store().update(id, {
        seal: signatures().sealTask(sealedFields(task)),
        ...(userId ? { updatedBy: userId } : {}),
      });
    },

    /** Seals every task that has no seal yet: once, when a site upgrades to sealed tasks. */
    async sealUnsealed() {
      const tasks = await store().findAll({ where: { seal: { $null: true } } });
      // Straight to the column: sealing is bookkeeping and must not move the rows' updatedAt.
      for (const task of tasks) {
        await store().writeColumn(task.id, 'seal', signatures().sealTask(sealedFields(task)));
      }
      return tasks.length;
    },

    /**
     * Resumes a task that paused itself: clears the pause and its count of failed slots, and
     * moves the next slot as enabling does (the backfill policy replays what it missed, capped).
     */
    async resume(id: number, { now = Date.now(), userId }: WriteOptions = {}) {
      const task = await findOrThrow(id);
      if (task.pausedAt === null) return task;
      const nextRunAt = task.enabled
        ? nextRunAtOnEnable(taskTiming(task, getPluginConfig(strapi)), now)
        : task.nextRunAt;
      return store().update(id, {
        pausedAt: null,
        pausedReason: null,
        consecutiveFailedSlots: 0,
        ...NO_RETRY,
        nextRunAt,
        ...(userId ? { updatedBy: userId } : {}),
      });
    },

    /** Deleting a task keeps its run history (runs carry the task's id and name). */
    async delete(id: number, { fromCode }: WriteOptions = {}) {
      const task = await findOrThrow(id);
      assertNotManaged(task, 'task', fromCode);
      if (task.leaseOwner && (task.leaseExpiresAt ?? 0) > Date.now()) {
        throw new ConflictError(`task ${id} is running; try again when it has finished`);
      }
      await store().delete(id);
      return task;
    },
  };
};

export type TasksService = ReturnType<typeof createTasksService>;
export default createTasksService;
