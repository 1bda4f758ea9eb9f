/**
 * Pure scheduling logic: cron parsing, time-zone-aware slots with defined daylight-saving
 * behaviour, previews and misfire decisions. No Strapi, no clock: callers pass `now`.
 * The rules are written down in docs/scheduling.md.
 */
export {
  isOnceExpression,
  ONCE_PREFIX,
  parseSchedule,
  ScheduleError,
  SCHEDULE_ALIASES,
} from './parse-schedule';
export {
  jitterOffsetMs,
  jitterProblem,
  checkJitter,
  MAX_JITTER_SECONDS,
  shortestInterval,
  withOffset,
} from './jitter';
export type { ParseScheduleResult } from './parse-schedule';
export type { NthWeekday, Schedule, ScheduleKind } from './schedule';
export { checkTimeZone, isValidTimeZone, TimeZoneError } from './time-zone';
export type { CheckTimeZoneResult } from './time-zone';
export { nextSlot } from './next-slot';
export { describeSchedule } from './describe-schedule';
export type { DescribeOptions } from './describe-schedule';
export { previewSchedule, MAX_PREVIEW_COUNT } from './preview-schedule';
export type { DstChange, PreviewSlot, SchedulePreview } from './preview-schedule';
export { firstSlotAfterCreation, isInWindow, nextSlotInWindow } from './active-window';
export type { ActiveWindow } from './active-window';
export {
  DEFAULT_BACKFILL_CAP,
  DEFAULT_SKIP_THRESHOLD_MS,
  MISFIRE_POLICIES,
  dueSlots,
  nextRunAtOnEnable,
} from './misfire';
export type { DueSlots, MisfirePolicy, TaskTiming } from './misfire';
export { overlapSkipMessage, overlapStep, queuedSlot } from './overlap';
export type { OverlapPolicy, OverlapStep } from './overlap';
