/**
 * Every instant the admin panel shows goes through here (issue 19: times were written in 12- and
 * 24-hour forms side by side). One set of Intl options, in the admin's locale, so that the clock
 * (12 or 24 hours), the order and the words follow the language the user picked. Pure: no React.
 */

export interface DateTimeOptions {
  /** An IANA zone (a task's); the browser's own when left out. */
  timeZone?: string;
  seconds?: boolean;
  weekday?: boolean;
  /** Adds the zone's offset, written as the schedule preview does: UTC+01:00. */
  offset?: boolean;
}

/** Intl's GMT+1 / GMT-05:00 as the plugin writes offsets elsewhere (UTC+01:00). */
const asUtcOffset = (text: string) => text.replace(/\bGMT(?=[+-]|$|\s)/, 'UTC');

const isoFallback = (at: number) => {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
};

/** A date and time of day: "Mar 1, 2027, 03:45 PM" in English, "1 mars 2027, 15:45" in French. */
export const formatDateTime = (
  locale: string,
  at: number,
  { timeZone, seconds = false, weekday = false, offset = false }: DateTimeOptions = {}
): string => {
  try {
    return asUtcOffset(
      new Intl.DateTimeFormat(locale, {
        timeZone,
        weekday: weekday ? 'short' : undefined,
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        second: seconds ? '2-digit' : undefined,
        timeZoneName: offset ? 'longOffset' : undefined,
      }).format(at)
    );
  } catch {
    // A zone or locale this browser does not know: the instant itself, unambiguous.
    return isoFallback(at);
  }
};

/** A time of day to the millisecond, for log lines: "03:45:07.120 PM" / "15:45:07,120". */
export const formatLogTime = (locale: string, at: number, timeZone?: string): string => {
  try {
    return new Intl.DateTimeFormat(locale, {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      fractionalSecondDigits: 3,
    }).format(at);
  } catch {
    return isoFallback(at).slice(11, 23);
  }
};

/**
 * A wall-clock time read from an local date-time string ("2027-03-28 02:30:00", which may not exist that
 * day in its zone: a daylight-saving gap), on the locale's clock: "02:30 AM" / "02:30".
 */
export const formatWallClock = (locale: string, local: string | undefined): string => {
  const match = /[T ](\d{2}):(\d{2})/.exec(local ?? '');
  if (!match) return '';
  try {
    return new Intl.DateTimeFormat(locale, {
      timeZone: 'UTC',
      hour: '2-digit',
      minute: '2-digit',
    }).format(Date.UTC(2000, 0, 1, Number(match[1]), Number(match[2])));
  } catch {
    return `${match[1]}:${match[2]}`;
  }
};

/** A calendar date given as YYYY-MM-DD (a one-off task's), in the locale: "Mar 1, 2027". */
export const formatWallDate = (locale: string, date: string): string => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return date;
  try {
    return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', dateStyle: 'medium' }).format(
      Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))
    );
  } catch {
    return date;
  }
};

/** Whether the locale's clock has 12 hours (English in the US) rather than 24 (French). */
export const usesTwelveHourClock = (locale: string | null | undefined): boolean => {
  try {
    const { hourCycle } = new Intl.DateTimeFormat(locale ?? undefined, {
      hour: 'numeric',
    }).resolvedOptions();
    return hourCycle === 'h11' || hourCycle === 'h12';
  } catch {
    return false;
  }
};
