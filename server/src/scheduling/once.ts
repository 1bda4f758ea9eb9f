import { wallFields, wallTime } from './calendar';
import type { Schedule } from './schedule';
import type { KeyedMessage, MessageKey, MessageValues } from '../contracts/message-keys';

/** A one-off schedule, or why it is refused (parse-schedule.ts makes that a ScheduleError). */
export type OnceResult =
  | { readonly ok: true; readonly schedule: Schedule }
  | { readonly ok: false; readonly reason: string; readonly keyed: KeyedMessage };

const refuse = (reason: string, key: MessageKey, values: MessageValues): OnceResult => ({
  ok: false,
  reason,
  keyed: { key, values },
});

/** The prefix of a one-off schedule: `@once 2027-03-01T12:00` (local time in the task's zone). */
export const ONCE_PREFIX = '@once';
const ONCE_PATTERN = /^@once\s+(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/i;
// Later than any cron slot the zone timelines reach safely (next-slot.ts works to 9999).
const ONCE_YEARS = [1970, 9000] as const;

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/**
 * `@once YYYY-MM-DDTHH:MM[:SS]` (a space may stand for the T): one run at that local time in the
 * task's time zone. Refused when the date or time does not exist on the calendar.
 */
export function parseOnce(text: string): OnceResult {
  const match = ONCE_PATTERN.exec(text);
  if (!match) {
    const example = `${ONCE_PREFIX} 2027-03-01T12:00`;
    return refuse(
      `"${text}": a one-off schedule is ${ONCE_PREFIX} followed by a local date and time, e.g. ${example}`,
      'schedule.onceFormat',
      { text, example }
    );
  }
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0));
  if (year < ONCE_YEARS[0] || year > ONCE_YEARS[1]) {
    const [min, max] = ONCE_YEARS;
    return refuse(`"${text}": the year must be ${min}-${max}`, 'schedule.onceYear', {
      text,
      min,
      max,
    });
  }
  if (hour > 23 || minute > 59 || second > 59) {
    return refuse(`"${text}": no such time of day`, 'schedule.onceTime', { text });
  }
  const wall = wallTime(year, month, day, hour, minute, second);
  const fields = wallFields(wall);
  if (month < 1 || month > 12 || fields.month !== month || fields.day !== day) {
    return refuse(`"${text}": no such date`, 'schedule.onceDate', { text });
  }
  const time = `${pad(hour)}:${pad(minute)}${second ? `:${pad(second)}` : ''}`;
  return {
    ok: true,
    schedule: {
      expression: `${ONCE_PREFIX} ${pad(year, 4)}-${pad(month)}-${pad(day)}T${time}`,
      seconds: [second],
      minutes: [minute],
      hours: [hour],
      daysOfMonth: [day],
      lastDayOfMonth: false,
      months: [month],
      daysOfWeek: [fields.weekday],
      lastWeekdaysOfMonth: [],
      nthWeekdaysOfMonth: [],
      dayOfMonthRestricted: true,
      dayOfWeekRestricted: false,
      kind: 'once',
      onceWall: wall,
    },
  };
}

/** Whether the expression is a one-off schedule (valid or not): the admin shows it apart. */
export const isOnceExpression = (expression: unknown): boolean =>
  typeof expression === 'string' && /^@once\b/i.test(expression.trim());
