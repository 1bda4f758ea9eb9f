import { MS_PER_DAY, formatOffset, formatWall, startOfWallDay } from './calendar';
import { describeSchedule } from './describe-schedule';
import type { DescribeOptions } from './describe-schedule';
import { instantsOfWallTime, nextSlotDetail } from './next-slot';
import { parseSchedule } from './parse-schedule';
import type { ScheduleKind } from './schedule';
import { checkTimeZone } from './time-zone';
import { MAX_OFFSET_MS, zoneTimeline } from './zone-timeline';
import type { ZoneTimeline } from './zone-timeline';

/**
 * Why the admin panel should flag a slot:
 * - `gap-shifted`: the scheduled local time did not exist (spring forward); it runs as the gap
 *   ends;
 * - `overlap`: the slot's local time happens twice that day (fall back);
 * - `offset-change`: the zone changes its UTC offset on the slot's local day.
 */
export type DstChange = 'gap-shifted' | 'overlap' | 'offset-change';

export interface PreviewSlot {
  readonly epochMs: number;
  /** ISO 8601 in UTC */
  readonly utc: string;
  /** Local wall-clock time, `YYYY-MM-DD HH:mm:ss` */
  readonly local: string;
  /** UTC offset in force at that instant, `+HH:MM` */
  readonly offset: string;
  readonly dstChange?: DstChange;
  /** For a gap-shifted slot, the local time the schedule asked for, which did not exist. */
  readonly scheduledLocal?: string;
}

export type SchedulePreview =
  | {
      readonly valid: true;
      /** The canonical expression (aliases expanded). */
      readonly expression: string;
      readonly timeZone: string;
      readonly kind: ScheduleKind;
      readonly description: string;
      readonly next: readonly PreviewSlot[];
    }
  | {
      readonly valid: false;
      readonly field: 'schedule' | 'timeZone';
      /** `schedule: <reason>` or `timeZone: <reason>` */
      readonly error: string;
    };

/** Enough for any panel; a larger request is served this many. */
export const MAX_PREVIEW_COUNT = 100;

/** Whether the zone's offset changes during the local calendar day that starts at `dayWall`. */
function dayChangesOffset(timeline: ZoneTimeline, dayWall: number): boolean {
  const dayEnd = dayWall + MS_PER_DAY;
  let segment = timeline.segmentAt(dayWall - MAX_OFFSET_MS);
  for (;;) {
    const next = timeline.segmentAfter(segment);
    if (next.start > dayEnd + MAX_OFFSET_MS) return false;
    if (next.offset !== segment.offset) {
      const wallBefore = next.start + segment.offset;
      const wallAfter = next.start + next.offset;
      const low = Math.min(wallBefore, wallAfter);
      const high = Math.max(wallBefore, wallAfter);
      if (low < dayEnd && high >= dayWall) return true;
    }
    segment = next;
  }
}

/**
 * The next `count` slots of an expression in a zone after `fromMs`, each with its UTC and local
 * rendering and a DST note, plus a human description. Invalid input is reported, not thrown.
 */
export function previewSchedule(
  expression: string,
  timeZone: string,
  fromMs: number,
  count: number,
  options: DescribeOptions = {}
): SchedulePreview {
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`count must be a non-negative integer, got ${count}`);
  }
  const parsed = parseSchedule(expression);
  if (!parsed.ok) return { valid: false, field: 'schedule', error: parsed.error.message };
  const zone = checkTimeZone(timeZone);
  if (!zone.ok) return { valid: false, field: 'timeZone', error: zone.error.message };
  const { schedule } = parsed;
  const timeline = zoneTimeline(zone.timeZone);
  const next: PreviewSlot[] = [];
  let after = fromMs;
  while (next.length < Math.min(count, MAX_PREVIEW_COUNT)) {
    const slot = nextSlotDetail(schedule, timeline, after);
    const offset = timeline.offsetAt(slot.at);
    const wall = slot.at + offset;
    let dstChange: DstChange | undefined;
    if (slot.gapShifted) dstChange = 'gap-shifted';
    else if (instantsOfWallTime(timeline, wall).length > 1) dstChange = 'overlap';
    else if (dayChangesOffset(timeline, startOfWallDay(wall))) dstChange = 'offset-change';
    next.push({
      epochMs: slot.at,
      utc: new Date(slot.at).toISOString(),
      local: formatWall(wall),
      offset: formatOffset(offset),
      ...(dstChange && { dstChange }),
      ...(slot.gapShifted && { scheduledLocal: formatWall(slot.scheduledWall) }),
    });
    after = slot.at;
  }
  return {
    valid: true,
    expression: schedule.expression,
    timeZone: zone.timeZone,
    kind: schedule.kind,
    description: describeSchedule(schedule, options),
    next,
  };
}
