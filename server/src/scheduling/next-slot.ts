import { MS_PER_DAY, MS_PER_SECOND } from './calendar';
import { nextMatchingWallTime } from './schedule';
import type { Schedule } from './schedule';
import { EARLIEST_INSTANT, LATEST_INSTANT, MAX_OFFSET_MS, zoneTimeline } from './zone-timeline';
import type { OffsetSegment, ZoneTimeline } from './zone-timeline';

// Bound once: every global lookup is an interceptor call inside a vm context (Jest's test
// sandbox), which made the exhaustive tests twenty times slower.
const { floor, max } = Math;

export interface SlotDetail {
  /** When the slot runs, epoch ms. */
  readonly at: number;
  /** The local wall-clock time the schedule asked for (wall-clock ms, see calendar.ts). */
  readonly scheduledWall: number;
  /** The scheduled local time did not exist (spring-forward gap); `at` is the end of the gap. */
  readonly gapShifted: boolean;
}

// Keeps every lookup, which reaches a day either side, inside the years the timeline covers.
const FIRST_ACCEPTED = EARLIEST_INSTANT + 2 * MS_PER_DAY;
const LAST_ACCEPTED = LATEST_INSTANT - 2 * MS_PER_DAY;

/** Every instant whose local time is `wall`, ascending: none in a gap, two in an overlap. */
export function instantsOfWallTime(timeline: ZoneTimeline, wall: number): number[] {
  const instants: number[] = [];
  let segment = timeline.segmentAt(wall - MAX_OFFSET_MS);
  for (;;) {
    const instant = wall - segment.offset;
    if (instant >= segment.start && instant < segment.end) instants.push(instant);
    if (segment.end > wall + MAX_OFFSET_MS) return instants;
    segment = timeline.segmentAfter(segment);
  }
}

/** The transition whose forward jump first skips `wall`, i.e. the first valid instant after it. */
function gapEndOf(timeline: ZoneTimeline, wall: number): number | null {
  let segment = timeline.segmentAt(wall - MAX_OFFSET_MS);
  for (;;) {
    const next = timeline.segmentAfter(segment);
    if (next.start > wall + MAX_OFFSET_MS) return null;
    const skips = next.start + segment.offset <= wall && wall < next.start + next.offset;
    if (next.offset > segment.offset && skips) return next.start;
    segment = next;
  }
}

/** A fixed-time match that the forward jump into `segment` skipped runs when the jump lands. */
function gapShiftedSlot(
  schedule: Schedule,
  timeline: ZoneTimeline,
  before: OffsetSegment,
  segment: OffsetSegment
): SlotDetail | null {
  let from = segment.start + before.offset;
  const limit = segment.start + segment.offset;
  for (;;) {
    const wall = nextMatchingWallTime(schedule, from, limit);
    if (wall === null) return null;
    // A skipped time can exist elsewhere only where transitions overlap; it then runs there.
    const skipped = instantsOfWallTime(timeline, wall).length === 0;
    if (skipped && gapEndOf(timeline, wall) === segment.start) {
      return { at: segment.start, scheduledWall: wall, gapShifted: true };
    }
    from = wall + MS_PER_SECOND;
  }
}

/** The first slot in `segment` at or after `first`, respecting the schedule's DST treatment. */
function slotInSegment(
  schedule: Schedule,
  timeline: ZoneTimeline,
  segment: OffsetSegment,
  first: number
): SlotDetail | null {
  let from = max(first, segment.start) + segment.offset;
  const limit = segment.end + segment.offset;
  for (;;) {
    const wall = nextMatchingWallTime(schedule, from, limit);
    if (wall === null) return null;
    const at = wall - segment.offset;
    if (schedule.kind === 'hourly') return { at, scheduledWall: wall, gapShifted: false };
    const earliest = instantsOfWallTime(timeline, wall)[0];
    if (earliest === at) return { at, scheduledWall: wall, gapShifted: false };
    // A repeat of a time that already ran earlier: every local time up to the end of that
    // earlier stretch is a repeat too, so resume the search after it.
    const earlier = timeline.segmentAt(earliest);
    from = earlier.end + earlier.offset;
  }
}

/** No slot left (a one-off schedule whose time has passed): `at` is +Infinity. */
const NO_SLOT = (scheduledWall: number): SlotDetail => ({
  at: Number.POSITIVE_INFINITY,
  scheduledWall,
  gapShifted: false,
});

/** A one-off schedule's slot, placed as a fixed-time match is; none once it has passed. */
function onceSlot(wall: number, timeline: ZoneTimeline, afterMs: number): SlotDetail {
  const earliest = instantsOfWallTime(timeline, wall)[0];
  const at = earliest ?? gapEndOf(timeline, wall) ?? wall - timeline.offsetAt(wall);
  return at > afterMs
    ? { at, scheduledWall: wall, gapShifted: earliest === undefined }
    : NO_SLOT(wall);
}

/**
 * The first slot strictly after `afterMs`, with how it was placed. See `nextSlot`.
 * @throws RangeError outside the years 1000–9999
 */
export function nextSlotDetail(
  schedule: Schedule,
  timeline: ZoneTimeline,
  afterMs: number
): SlotDetail {
  const offset = schedule.offsetMs ?? 0;
  // A jittered schedule is the expression's slots moved later by the offset: the first of them
  // after `afterMs` is the expression's first slot after `afterMs - offset`, moved.
  if (offset !== 0) {
    const slot = nextSlotDetail({ ...schedule, offsetMs: 0 }, timeline, afterMs - offset);
    return { ...slot, at: slot.at + offset };
  }
  if (!(afterMs >= FIRST_ACCEPTED && afterMs <= LAST_ACCEPTED)) {
    throw new RangeError(
      `afterMs must be an epoch-ms instant in the years 1000-9999, got ${afterMs}`
    );
  }
  if (schedule.onceWall !== undefined) return onceSlot(schedule.onceWall, timeline, afterMs);
  // Slots fall on whole seconds, so the first candidate is the next whole second.
  const first = floor(afterMs / MS_PER_SECOND) * MS_PER_SECOND + MS_PER_SECOND;
  let segment = timeline.segmentAt(first);
  let before = timeline.segmentBefore(segment);
  for (;;) {
    const jumpsForward = segment.offset > before.offset && segment.start >= first;
    const slot =
      (schedule.kind === 'fixed-time' && jumpsForward
        ? gapShiftedSlot(schedule, timeline, before, segment)
        : null) ?? slotInSegment(schedule, timeline, segment, first);
    if (slot !== null) {
      // Callers loop on this result; a slot that did not move forward would spin them forever.
      if (!(slot.at > afterMs)) {
        throw new Error(`no forward progress after ${afterMs} (${schedule.expression})`);
      }
      return slot;
    }
    before = segment;
    segment = timeline.segmentAfter(segment);
  }
}

/**
 * The first slot strictly after `afterMs` (epoch ms) of `schedule` in the IANA zone `timeZone`.
 * Slots fall on whole seconds and are always greater than `afterMs`. A schedule with no slot left
 * (a one-off whose time has passed) answers +Infinity, which every loop over slots takes as
 * "after any bound" and nextSlotInWindow turns into null.
 *
 * Daylight-saving rules (docs/scheduling.md):
 * - fixed-time schedules (hour field not `*`, e.g. `30 2 * * *`) run once per matching local
 *   day: at the local time when it exists; at the instant the clocks jump to when the time falls
 *   in a spring-forward gap (02:30 on 2026-03-08 in New York runs at 03:00 EDT); at the first
 *   occurrence only when the time is repeated by a fall-back overlap;
 * - hourly-or-finer schedules (hour field covering all 24 hours, e.g. `0 * * * *`) run at every
 *   valid local time that matches, both occurrences in an overlap, none inside a gap.
 *
 * @throws TimeZoneError for an unknown zone, RangeError outside the years 1000–9999
 */
export function nextSlot(schedule: Schedule, timeZone: string, afterMs: number): number {
  return nextSlotDetail(schedule, zoneTimeline(timeZone), afterMs).at;
}
