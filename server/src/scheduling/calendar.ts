/**
 * Proleptic Gregorian calendar arithmetic on "wall-clock milliseconds": a local date and time
 * encoded as if it were UTC. Keeping local times as plain numbers lets the matcher compare and
 * step them without ever constructing a Date in a time zone.
 */

// Bound once: every global lookup is an interceptor call inside a vm context (Jest's test
// sandbox), which made the exhaustive tests twenty times slower.
const { abs, floor, round } = Math;

export const MS_PER_SECOND = 1000;
export const MS_PER_MINUTE = 60 * MS_PER_SECOND;
export const MS_PER_HOUR = 60 * MS_PER_MINUTE;
export const MS_PER_DAY = 24 * MS_PER_HOUR;

export interface WallFields {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  /** 1–31 */
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** 0 = Sunday … 6 = Saturday */
  readonly weekday: number;
}

// Howard Hinnant's days_from_civil / civil_from_days: exact for every year, unlike Date.UTC,
// which reinterprets years 0–99 as 1900–1999.
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + floor(yoe / 4) - floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = floor((doe - floor(doe / 1460) + floor(doe / 36524) - floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + floor(yoe / 4) - floor(yoe / 100));
  const mp = floor((5 * doy + 2) / 153);
  const day = doy - floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function wallTime(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0
): number {
  return (
    daysFromCivil(year, month, day) * MS_PER_DAY +
    hour * MS_PER_HOUR +
    minute * MS_PER_MINUTE +
    second * MS_PER_SECOND
  );
}

export function wallFields(wallMs: number): WallFields {
  const days = floor(wallMs / MS_PER_DAY);
  const msOfDay = wallMs - days * MS_PER_DAY;
  const { year, month, day } = civilFromDays(days);
  return {
    year,
    month,
    day,
    hour: floor(msOfDay / MS_PER_HOUR),
    minute: floor((msOfDay % MS_PER_HOUR) / MS_PER_MINUTE),
    second: floor((msOfDay % MS_PER_MINUTE) / MS_PER_SECOND),
    // 1970-01-01 was a Thursday.
    weekday: (((days + 4) % 7) + 7) % 7,
  };
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
}

/** Start of the local calendar day that contains `wallMs`. */
export function startOfWallDay(wallMs: number): number {
  return floor(wallMs / MS_PER_DAY) * MS_PER_DAY;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** `YYYY-MM-DD HH:mm:ss`, the form the admin panel shows. */
export function formatWall(wallMs: number): string {
  const f = wallFields(wallMs);
  const date = `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}`;
  return `${date} ${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}`;
}

/** `+HH:MM`, or `+HH:MM:SS` for the odd historical offset that is not a whole minute. */
export function formatOffset(offsetMs: number): string {
  const sign = offsetMs < 0 ? '-' : '+';
  const total = abs(round(offsetMs / MS_PER_SECOND));
  const hours = floor(total / 3600);
  const minutes = floor((total % 3600) / 60);
  const seconds = total % 60;
  return `${sign}${pad(hours)}:${pad(minutes)}${seconds ? `:${pad(seconds)}` : ''}`;
}
