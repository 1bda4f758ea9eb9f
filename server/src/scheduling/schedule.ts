import {
  MS_PER_DAY,
  MS_PER_SECOND,
  daysInMonth,
  startOfWallDay,
  wallFields,
  wallTime,
} from './calendar';
import type { WallFields } from './calendar';

// Bound once: every global lookup is an interceptor call inside a vm context (Jest's test
// sandbox), which made the exhaustive tests twenty times slower.
const { ceil } = Math;

/**
 * How a schedule treats daylight-saving transitions (see docs/scheduling.md):
 * - `fixed-time`: the hour field does not cover all 24 hours, so every match is an appointment
 *   on its local day. A time skipped by a spring-forward gap runs at the instant the gap ends; a
 *   time repeated by a fall-back overlap runs at its first occurrence only.
 * - `hourly`: the hour field covers all 24 hours. Every valid local time that matches runs,
 *   both occurrences of a repeated time included; times inside a gap do not exist and are skipped.
 * - `once`: a one-off task (`@once 2027-03-01T12:00`): one slot, at that local time, placed as a
 *   fixed-time match is (a time in a gap runs as the gap ends; a repeated time at its first
 *   occurrence); after it the schedule has no slot left.
 */
export type ScheduleKind = 'fixed-time' | 'hourly' | 'once';

export interface NthWeekday {
  /** 0 = Sunday … 6 = Saturday */
  readonly weekday: number;
  /** 1–5 */
  readonly nth: number;
}

/** A validated cron schedule, expanded to the values each field allows. */
export interface Schedule {
  /** Canonical text: aliases expanded, blanks collapsed, names upper-cased, `0` seconds dropped. */
  readonly expression: string;
  readonly seconds: readonly number[];
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly daysOfMonth: readonly number[];
  /** `L` in the day-of-month field */
  readonly lastDayOfMonth: boolean;
  /** 1–12 */
  readonly months: readonly number[];
  /** 0 = Sunday … 6 = Saturday */
  readonly daysOfWeek: readonly number[];
  /** `5L`: the last Friday of the month */
  readonly lastWeekdaysOfMonth: readonly number[];
  /** `5#2`: the second Friday of the month */
  readonly nthWeekdaysOfMonth: readonly NthWeekday[];
  /**
   * Whether the day fields were written as something other than `*` or `?`. When both are,
   * a day matches if either matches (Vixie cron and cron-parser behave the same way).
   */
  readonly dayOfMonthRestricted: boolean;
  readonly dayOfWeekRestricted: boolean;
  readonly kind: ScheduleKind;
  /** `once` only: the local wall-clock time (calendar.ts) of its single slot. */
  readonly onceWall?: number;
  /**
   * The task's jitter (scheduling/jitter.ts): every slot is this many milliseconds after the one
   * the expression gives. Absent or 0 for none.
   */
  readonly offsetMs?: number;
}

function matchesDayOfMonth(schedule: Schedule, date: WallFields): boolean {
  return (
    schedule.daysOfMonth.includes(date.day) ||
    (schedule.lastDayOfMonth && date.day === daysInMonth(date.year, date.month))
  );
}

function matchesDayOfWeek(schedule: Schedule, date: WallFields): boolean {
  if (schedule.daysOfWeek.includes(date.weekday)) return true;
  for (const nth of schedule.nthWeekdaysOfMonth) {
    if (nth.weekday === date.weekday && ceil(date.day / 7) === nth.nth) return true;
  }
  return (
    schedule.lastWeekdaysOfMonth.includes(date.weekday) &&
    date.day + 7 > daysInMonth(date.year, date.month)
  );
}

/** Whether the local calendar date matches the month and day fields. */
export function matchesDate(schedule: Schedule, date: WallFields): boolean {
  if (!schedule.months.includes(date.month)) return false;
  const { dayOfMonthRestricted, dayOfWeekRestricted } = schedule;
  if (dayOfMonthRestricted && dayOfWeekRestricted) {
    return matchesDayOfMonth(schedule, date) || matchesDayOfWeek(schedule, date);
  }
  if (dayOfMonthRestricted) return matchesDayOfMonth(schedule, date);
  if (dayOfWeekRestricted) return matchesDayOfWeek(schedule, date);
  return true;
}

function firstAtLeast(values: readonly number[], value: number): number | undefined {
  for (const candidate of values) {
    if (candidate >= value) return candidate;
  }
  return undefined;
}

function nextMonthStart(date: WallFields, months: readonly number[]): number {
  const month = firstAtLeast(months, date.month + 1);
  return month === undefined
    ? wallTime(date.year + 1, months[0], 1)
    : wallTime(date.year, month, 1);
}

/**
 * The first local wall-clock time at or after `fromWall` that the schedule matches, or null when
 * there is none before `limitWall` (exclusive). Times are wall-clock milliseconds (calendar.ts);
 * whether such a time exists in a time zone is the caller's concern.
 */
export function nextMatchingWallTime(
  schedule: Schedule,
  fromWall: number,
  limitWall: number
): number | null {
  let wall = ceil(fromWall / MS_PER_SECOND) * MS_PER_SECOND;
  while (wall < limitWall) {
    const date = wallFields(wall);
    const dayStart = startOfWallDay(wall);
    if (!schedule.months.includes(date.month)) {
      wall = nextMonthStart(date, schedule.months);
      continue;
    }
    if (!matchesDate(schedule, date)) {
      wall = dayStart + MS_PER_DAY;
      continue;
    }
    const hour = firstAtLeast(schedule.hours, date.hour);
    if (hour === undefined) {
      wall = dayStart + MS_PER_DAY;
      continue;
    }
    if (hour > date.hour) {
      wall = wallTime(
        date.year,
        date.month,
        date.day,
        hour,
        schedule.minutes[0],
        schedule.seconds[0]
      );
      break;
    }
    const minute = firstAtLeast(schedule.minutes, date.minute);
    if (minute === undefined) {
      wall = wallTime(date.year, date.month, date.day, hour + 1);
      continue;
    }
    if (minute > date.minute) {
      wall = wallTime(date.year, date.month, date.day, hour, minute, schedule.seconds[0]);
      break;
    }
    const second = firstAtLeast(schedule.seconds, date.second);
    if (second === undefined) {
      wall = wallTime(date.year, date.month, date.day, hour, minute + 1);
      continue;
    }
    wall = wallTime(date.year, date.month, date.day, hour, minute, second);
    break;
  }
  return wall < limitWall ? wall : null;
}
