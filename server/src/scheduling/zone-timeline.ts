import {
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_SECOND,
  daysFromCivil,
  wallFields,
  wallTime,
} from './calendar';
import { checkTimeZone } from './time-zone';

// Bound once: every global lookup is an interceptor call inside a vm context (Jest's test
// sandbox), which made the exhaustive tests twenty times slower.
const { floor, min } = Math;

/** A stretch of time during which a zone keeps one UTC offset. */
export interface OffsetSegment {
  /** First instant, epoch ms, inclusive. */
  readonly start: number;
  /** Last instant, epoch ms, exclusive. */
  readonly end: number;
  /** Milliseconds to add to an instant to get its local wall-clock time. */
  readonly offset: number;
}

/**
 * A zone's offsets as consecutive segments, read from the runtime's tz database through Intl.
 * Segments are also cut at each UTC new year, so two neighbours may share an offset: a real
 * transition is a boundary where the offset changes.
 */
export interface ZoneTimeline {
  readonly timeZone: string;
  segmentAt(instant: number): OffsetSegment;
  segmentAfter(segment: OffsetSegment): OffsetSegment;
  segmentBefore(segment: OffsetSegment): OffsetSegment;
  offsetAt(instant: number): number;
}

/** Instants the timeline answers for: the years 1000 to 9999. */
export const EARLIEST_INSTANT = wallTime(1000, 1, 1);
export const LATEST_INSTANT = wallTime(10000, 1, 1) - 1;

/** No offset reaches a day (ECMAScript forbids it): a local time is within this of its instants. */
export const MAX_OFFSET_MS = 25 * MS_PER_HOUR;

// Offsets are sampled once a day, then each transition is located to the second by bisection.
// Two transitions less than a day apart that cancel out would be missed; the tz database has no
// such pair in modern times (the shortest real DST interruptions, Ramadan suspensions, last
// weeks), and each zone-year costs 365 Intl calls instead of thousands.
const SAMPLE_STEP_MS = 24 * MS_PER_HOUR;

class IntlZoneTimeline implements ZoneTimeline {
  private readonly formatter: Intl.DateTimeFormat;
  private readonly years = new Map<number, readonly OffsetSegment[]>();

  constructor(readonly timeZone: string) {
    this.formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  segmentAt(instant: number): OffsetSegment {
    if (!(instant >= EARLIEST_INSTANT && instant <= LATEST_INSTANT)) {
      throw new RangeError(`instant ${instant} is outside the years 1000-9999`);
    }
    const segments = this.yearSegments(wallFields(instant).year);
    let low = 0;
    let high = segments.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (segments[middle].start <= instant) low = middle;
      else high = middle - 1;
    }
    return segments[low];
  }

  segmentAfter(segment: OffsetSegment): OffsetSegment {
    return this.segmentAt(segment.end);
  }

  segmentBefore(segment: OffsetSegment): OffsetSegment {
    return this.segmentAt(segment.start - 1);
  }

  offsetAt(instant: number): number {
    return this.segmentAt(instant).offset;
  }

  private yearSegments(year: number): readonly OffsetSegment[] {
    let segments = this.years.get(year);
    if (segments === undefined) {
      segments = this.scanYear(year);
      this.years.set(year, segments);
    }
    return segments;
  }

  private scanYear(year: number): readonly OffsetSegment[] {
    const yearStart = wallTime(year, 1, 1);
    const yearEnd = wallTime(year + 1, 1, 1);
    const segments: OffsetSegment[] = [];
    let segmentStart = yearStart;
    let segmentOffset = this.intlOffset(yearStart);
    let previousSample = yearStart;
    for (let sample = yearStart + SAMPLE_STEP_MS; ; sample += SAMPLE_STEP_MS) {
      const probe = min(sample, yearEnd - MS_PER_SECOND);
      const probeOffset = this.intlOffset(probe);
      let low = previousSample;
      while (probeOffset !== segmentOffset) {
        const transition = this.firstChange(low, probe, segmentOffset);
        segments.push({ start: segmentStart, end: transition, offset: segmentOffset });
        segmentStart = transition;
        segmentOffset = this.intlOffset(transition);
        low = transition;
      }
      previousSample = probe;
      if (probe === yearEnd - MS_PER_SECOND) break;
    }
    segments.push({ start: segmentStart, end: yearEnd, offset: segmentOffset });
    return segments;
  }

  /** The first whole second in (low, high] whose offset differs from `offset`, the one at `low`. */
  private firstChange(low: number, high: number, offset: number): number {
    while (high - low > MS_PER_SECOND) {
      const middle = low + floor((high - low) / 2 / MS_PER_SECOND) * MS_PER_SECOND;
      if (this.intlOffset(middle) === offset) low = middle;
      else high = middle;
    }
    return high;
  }

  /** Offset at a whole second, from the local date and time Intl prints for it. */
  private intlOffset(instant: number): number {
    const text = this.formatter.format(instant);
    // "M/D/YYYY, HH:MM:SS": read the six numbers whatever the separators.
    const numbers: number[] = [];
    let current = -1;
    for (let index = 0; index < text.length; index += 1) {
      const code = text.charCodeAt(index);
      if (code >= 48 && code <= 57) {
        current = (current < 0 ? 0 : current * 10) + code - 48;
      } else if (current >= 0) {
        numbers.push(current);
        current = -1;
      }
    }
    if (current >= 0) numbers.push(current);
    const [month, day, year, hour, minute, second] = numbers;
    const local =
      daysFromCivil(year, month, day) * MS_PER_DAY +
      ((hour * 60 + minute) * 60 + second) * MS_PER_SECOND;
    return local - instant;
  }
}

// Keyed by the name callers pass; bounded so odd spellings of valid names cannot grow it forever.
const MAX_CACHED_NAMES = 2000;
const byName = new Map<string, ZoneTimeline>();
const byCanonicalName = new Map<string, ZoneTimeline>();

/**
 * The cached timeline of an IANA zone. Building a zone's year costs about a millisecond the first
 * time (Intl formatter creation and sampling), then lookups are a binary search.
 * @throws TimeZoneError when the name is not a valid IANA zone
 */
export function zoneTimeline(timeZone: string): ZoneTimeline {
  const cached = byName.get(timeZone);
  if (cached !== undefined) return cached;
  const checked = checkTimeZone(timeZone);
  if (!checked.ok) throw checked.error;
  let timeline = byCanonicalName.get(checked.timeZone);
  if (timeline === undefined) {
    timeline = new IntlZoneTimeline(checked.timeZone);
    byCanonicalName.set(checked.timeZone, timeline);
  }
  if (byName.size >= MAX_CACHED_NAMES) byName.clear();
  byName.set(timeZone, timeline);
  return timeline;
}
