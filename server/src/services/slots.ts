import type { MaintenanceConfig } from '../config';
import { parseSchedule, type Schedule, type TaskTiming } from '../scheduling';
import type { MisfirePolicy } from '../scheduling';

export interface TimedTask {
  schedule: string;
  timezone: string;
  misfirePolicy: MisfirePolicy;
  nextRunAt: number | null;
  referenceAt: number;
  startAt?: number | null;
  endAt?: number | null;
}

/** Tasks are validated on save, so a stored schedule always parses. */
export const parsedSchedule = (expression: string): Schedule => {
  const parsed = parseSchedule(expression);
  if (!parsed.ok) throw parsed.error;
  return parsed.schedule;
};

/** A stored task, as the pure scheduling functions see it. */
export const taskTiming = (task: TimedTask, config: MaintenanceConfig): TaskTiming => ({
  schedule: parsedSchedule(task.schedule),
  timeZone: task.timezone,
  policy: task.misfirePolicy,
  nextRunAt: task.nextRunAt,
  createdAt: task.referenceAt,
  window: { startAt: task.startAt, endAt: task.endAt },
  skipThresholdMs: config.misfireThresholdMs,
  backfillCap: config.backfillCap,
});
