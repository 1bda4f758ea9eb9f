/**
 * An oracle for the scheduling tests that shares no code with server/src/scheduling: it asks
 * Intl for the local time of single instants (a different locale and parser than the
 * implementation's) and finds transitions by walking UTC minute by minute, where the
 * implementation bisects a cached table.
 */

// Bound once: global lookups are slow inside Jest's vm sandbox and the oracle runs millions.
const { UTC } = Date;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const formatters = new Map<string, Intl.DateTimeFormat>();
const LOCAL = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

// Creating a formatter is the slow part of Intl, so each zone gets one.
function formatter(zone: string): Intl.DateTimeFormat {
  let cached = formatters.get(zone);
  if (cached === undefined) {
    cached = new Intl.DateTimeFormat('sv-SE', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, cached);
  }
  return cached;
}

/** The local wall-clock time of an instant, encoded as if it were UTC. */
export function localWall(zone: string, instant: number): number {
  const match = LOCAL.exec(formatter(zone).format(instant));
  if (match === null) throw new Error(`unexpected Intl output for ${zone}`);
  const [, y, mo, d, h, mi, s] = match.map(Number);
  return UTC(y, mo - 1, d, h, mi, s);
}

/** `2026-03-08 03:00:00 (07:00Z)`, for failure messages. */
export function describeInstant(zone: string, instant: number | undefined): string {
  if (instant === undefined) return 'nothing';
  const local = new Date(localWall(zone, instant)).toISOString().slice(0, 19).replace('T', ' ');
  return `${local} local (${new Date(instant).toISOString()})`;
}

export interface OracleTransition {
  readonly at: number;
  readonly offsetBefore: number;
  readonly offsetAfter: number;
}

export interface ZoneScan {
  readonly from: number;
  readonly to: number;
  /** The offset at `from`. */
  readonly firstOffset: number;
  /** Every offset the zone uses in the scanned span. */
  readonly offsets: readonly number[];
  readonly transitions: readonly OracleTransition[];
}

const offsetAt = (zone: string, instant: number) => localWall(zone, instant) - instant;

// 12 hours between samples: no zone changes offset twice within that in the scanned years.
const SAMPLE = 12 * HOUR;

/** Offsets and transitions (to the minute) between two whole-minute instants. */
export function scanZone(zone: string, from: number, to: number): ZoneScan {
  const offsets = new Set<number>();
  const transitions: OracleTransition[] = [];
  let previous = from;
  let previousOffset = offsetAt(zone, from);
  offsets.add(previousOffset);
  for (let sample = from + SAMPLE; sample <= to; sample += SAMPLE) {
    const sampleOffset = offsetAt(zone, sample);
    if (sampleOffset !== previousOffset) {
      let current = previousOffset;
      for (let minute = previous + MINUTE; minute <= sample; minute += MINUTE) {
        const offset = offsetAt(zone, minute);
        if (offset !== current) {
          transitions.push({ at: minute, offsetBefore: current, offsetAfter: offset });
          offsets.add(offset);
          current = offset;
        }
      }
    }
    previous = sample;
    previousOffset = sampleOffset;
  }
  return {
    from,
    to,
    firstOffset: offsetAt(zone, from),
    offsets: [...offsets].sort((a, b) => a - b),
    transitions,
  };
}

/**
 * The local wall time of an instant, as localWall gives it, read off the scan (its offsets and
 * transitions all came from Intl, to the minute) instead of asking Intl again: the fixed-time
 * check needs millions of them, at about 5 µs each from Intl. Outside the span, Intl.
 */
export function scannedWall(zone: string, scan: ZoneScan, instant: number): number {
  if (instant < scan.from || instant > scan.to) return localWall(zone, instant);
  let offset = scan.firstOffset;
  for (const transition of scan.transitions) {
    if (transition.at > instant) break;
    offset = transition.offsetAfter;
  }
  return instant + offset;
}

/**
 * Where a fixed-time appointment at local `wall` runs, from the definition: the earliest instant
 * whose local time is `wall`; when there is none (a gap), the first instant whose local time is
 * past it, found by walking minute by minute.
 */
export function expectedAppointment(zone: string, scan: ZoneScan, wall: number): number {
  const hits = scan.offsets
    .map((offset) => wall - offset)
    .filter((instant) => scannedWall(zone, scan, instant) === wall)
    .sort((a, b) => a - b);
  if (hits.length > 0) return hits[0];
  let instant = wall - scan.offsets[scan.offsets.length - 1];
  while (scannedWall(zone, scan, instant) <= wall) instant += MINUTE;
  // Asked of Intl itself: the scan knows transitions only to the minute.
  if (localWall(zone, instant - 1000) >= wall) {
    throw new Error(`oracle: the gap in ${zone} does not end on a whole minute`);
  }
  return instant;
}

export interface LocalMinute {
  readonly instant: number;
  /** Local wall-clock time, encoded as if it were UTC. */
  readonly wall: number;
}

/**
 * Every whole UTC minute in [from, to] with its local time: the walk the hourly checks filter.
 * The local times come from `scan` where it covers them (see scannedWall), else from Intl.
 */
export function walkMinutes(zone: string, scan: ZoneScan, from: number, to: number): LocalMinute[] {
  const minutes: LocalMinute[] = [];
  for (let instant = Math.ceil(from / MINUTE) * MINUTE; instant <= to; instant += MINUTE) {
    minutes.push({ instant, wall: scannedWall(zone, scan, instant) });
  }
  return minutes;
}

/** Local calendar days in [first, last] (as `Date.UTC` midnights) that satisfy `keep`. */
export function localDays(first: string, last: string, keep: (day: Date) => boolean): number[] {
  const days: number[] = [];
  for (let day = Date.parse(`${first}T00:00:00Z`); day <= Date.parse(`${last}T00:00:00Z`);) {
    if (keep(new Date(day))) days.push(day);
    day += 24 * HOUR;
  }
  return days;
}
