import { MS_PER_DAY, formatOffset, formatWall, startOfWallDay } from './calendar';
import { describeSchedule } from './describe-schedule';
import type { DescribeOptions } from './describe-schedule';
import { instantsOfWallTime, nextSlotDetail } from './next-slot';
import { withOffset } from './jitter';
import { parseSchedule } from './parse-schedule';
import type { ScheduleKind } from './schedule';
import type { MessageKey, MessageValues } from '../contracts/message-keys';
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
      /**
       * The first slot after the listed ones that falls on a daylight-saving change, within a
       * year, so that a daily or weekly schedule shows its DST note long before it comes; null
       * when a listed slot is flagged already or none is ahead.
       */
      readonly nextDstSlot: PreviewSlot | null;
    }
  | {
      readonly valid: false;
      readonly field: 'schedule' | 'timeZone';
      /** `schedule: <reason>` or `timeZone: <reason>` */
      readonly error: string;
      /** The reason for the admin panel to translate (contracts/message-keys.ts). */
      readonly key: MessageKey;
      readonly values?: MessageValues;
    };

/** Enough for any panel; a larger request is served this many. */
export const MAX_PREVIEW_COUNT = 100;

/** How far ahead the preview looks for a slot on a daylight-saving change. */
const DST_HORIZON_MS = 400 * MS_PER_DAY;

export interface PreviewOptions extends DescribeOptions {
  /** The task's active window: no slot before `startAt`, none after `endAt` (epoch ms). */
  startAt?: number | null;
  endAt?: number | null;
  /** The task's jitter offset (jitter.ts): every slot moved this much later. */
  offsetMs?: number;
}

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

/** One slot and how the admin panel should flag it; null when the schedule has none left. */
function previewSlot(
  schedule: Parameters<typeof nextSlotDetail>[0],
  timeline: ZoneTimeline,
  after: number
): PreviewSlot | null {
  const slot = nextSlotDetail(schedule, timeline, after);
  if (!Number.isFinite(slot.at)) return null;
  const offset = timeline.offsetAt(slot.at);
  const wall = slot.at + offset;
  let dstChange: DstChange | undefined;
  if (slot.gapShifted) dstChange = 'gap-shifted';
  else if (instantsOfWallTime(timeline, wall).length > 1) dstChange = 'overlap';
  else if (dayChangesOffset(timeline, startOfWallDay(wall))) dstChange = 'offset-change';
  return {
    epochMs: slot.at,
    utc: new Date(slot.at).toISOString(),
    local: formatWall(wall),
    offset: formatOffset(offset),
    ...(dstChange && { dstChange }),
    ...(slot.gapShifted && { scheduledLocal: formatWall(slot.scheduledWall) }),
  };
}

/**
 * The first flagged slot after `fromMs` and before `untilMs`: one slot per offset change of the
 * zone (the first slot of that local day), so a schedule of every second costs no more than a
 * yearly one.
 */
function firstDstSlot(
  schedule: Parameters<typeof nextSlotDetail>[0],
  timeline: ZoneTimeline,
  fromMs: number,
  untilMs: number
): PreviewSlot | null {
  let segment = timeline.segmentAt(fromMs);
  while (segment.end <= untilMs) {
    const next = timeline.segmentAfter(segment);
    if (next.offset !== segment.offset) {
      // From just before the local midnight that starts the day of the change.
      const dayStart = startOfWallDay(next.start + segment.offset) - segment.offset - 1;
      const slot = previewSlot(schedule, timeline, Math.max(fromMs, dayStart));
      if (slot === null || slot.epochMs > untilMs) return null;
      if (slot.dstChange) return slot;
    }
    segment = next;
  }
  return null;
}

/**
 * The next `count` slots of an expression in a zone after `fromMs` (inside the active window when
 * one is given), each with its UTC and local rendering and a DST note, the first DST-affected
 * slot beyond them, and a human description. Invalid input is reported, not thrown.
 */
export function previewSchedule(
  expression: string,
  timeZone: string,
  fromMs: number,
  count: number,
  options: PreviewOptions = {}
): SchedulePreview {
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`count must be a non-negative integer, got ${count}`);
  }
  const parsed = parseSchedule(expression);
  if (!parsed.ok) {
    return { valid: false, field: 'schedule', error: parsed.error.message, ...parsed.error.keyed };
  }
  const zone = checkTimeZone(timeZone);
  if (!zone.ok) {
    return { valid: false, field: 'timeZone', error: zone.error.message, ...zone.error.keyed };
  }
  const schedule = withOffset(parsed.schedule, options.offsetMs ?? 0);
  const timeline = zoneTimeline(zone.timeZone);
  const endAt = options.endAt ?? Number.POSITIVE_INFINITY;
  const next: PreviewSlot[] = [];
  // A slot exactly at startAt is in the window.
  let after = options.startAt != null ? Math.max(fromMs, options.startAt - 1) : fromMs;
  while (next.length < Math.min(count, MAX_PREVIEW_COUNT)) {
    const slot = previewSlot(schedule, timeline, after);
    if (slot === null || slot.epochMs > endAt) break;
    next.push(slot);
    after = slot.epochMs;
  }
  const listedFlagged = next.some((slot) => slot.dstChange);
  const ended = next.length < Math.min(count, MAX_PREVIEW_COUNT);
  return {
    valid: true,
    expression: schedule.expression,
    timeZone: zone.timeZone,
    kind: schedule.kind,
    description: describeSchedule(schedule, options),
    next,
    nextDstSlot:
      listedFlagged || ended || count === 0
        ? null
        : firstDstSlot(schedule, timeline, after, Math.min(endAt, after + DST_HORIZON_MS)),
  };
}
