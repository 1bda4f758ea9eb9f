import type { MaintenanceConfig } from '../config';
import {
  jitterOffsetMs,
  parseSchedule,
  withOffset,
  type Schedule,
  type TaskTiming,
} from '../scheduling';
import type { MisfirePolicy } from '../scheduling';

export interface TimedTask {
  schedule: string;
  timezone: string;
  misfirePolicy: MisfirePolicy;
  nextRunAt: number | null;
  referenceAt: number;
  startAt?: number | null;
  endAt?: number | null;
  /** Jitter (scheduling/jitter.ts): the offset is derived from documentId. */
  jitterSeconds?: number | null;
  documentId?: string | null;
}

/** Tasks are validated on save, so a stored schedule always parses. */
export const parsedSchedule = (expression: string): Schedule => {
  const parsed = parseSchedule(expression);
  if (!parsed.ok) throw parsed.error;
  return parsed.schedule;
};

/**
 * A task's schedule as it runs: its expression, every slot moved by its jitter offset. Every
 * place that computes a task's slots goes through here, so that they all agree.
 */
export const taskSchedule = (
  task: Pick<TimedTask, 'schedule' | 'jitterSeconds' | 'documentId'>
): Schedule =>
  withOffset(
    parsedSchedule(task.schedule),
    jitterOffsetMs(task.documentId ?? '', task.jitterSeconds ?? 0)
  );

/** A stored task, as the pure scheduling functions see it. */
export const taskTiming = (task: TimedTask, config: MaintenanceConfig): TaskTiming => ({
  schedule: taskSchedule(task),
  timeZone: task.timezone,
  policy: task.misfirePolicy,
  nextRunAt: task.nextRunAt,
  createdAt: task.referenceAt,
  window: { startAt: task.startAt, endAt: task.endAt },
  skipThresholdMs: config.misfireThresholdMs,
  backfillCap: config.backfillCap,
});
