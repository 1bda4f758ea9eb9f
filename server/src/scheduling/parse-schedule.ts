import { wallFields, wallTime, MS_PER_DAY } from './calendar';
import { matchesDate } from './schedule';
import type { Schedule } from './schedule';
import { isOnceExpression, parseOnce } from './once';
import type { KeyedMessage, MessageKey, MessageValues } from '../contracts/message-keys';
import {
  DAY_OF_MONTH,
  DAY_OF_WEEK,
  FieldError,
  HOUR,
  MINUTE,
  MONTH,
  normaliseValues,
  parseField,
  SECOND,
  type ParsedField,
} from './cron-field';

export { isOnceExpression, ONCE_PREFIX } from './once';

/**
 * A schedule the plugin refuses; `message` is ready for a 400 response (`schedule: <reason>`),
 * `keyed` is the same reason for the admin panel to translate (contracts/message-keys.ts).
 */
export class ScheduleError extends Error {
  readonly field = 'schedule';

  constructor(
    readonly reason: string,
    readonly keyed: KeyedMessage
  ) {
    super(`schedule: ${reason}`);
    this.name = 'ScheduleError';
  }
}

export type ParseScheduleResult =
  | { readonly ok: true; readonly schedule: Schedule }
  | { readonly ok: false; readonly error: ScheduleError };

export const SCHEDULE_ALIASES: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

// Generous for any meaningful expression (every value of every field listed is about 500
// characters); it only bounds the work a hostile request can cause.
const MAX_EXPRESSION_LENGTH = 1024;

// Any 28 consecutive years between 1901 and 2099 hold every kind of year (leap or not, starting
// on each weekday), so a day that matches nowhere in them matches nowhere at all.
const NEVER_MATCH_SCAN_START = wallTime(2000, 1, 1);
const NEVER_MATCH_SCAN_END = wallTime(2028, 1, 1);

function matchesSomeDate(schedule: Schedule): boolean {
  for (let day = NEVER_MATCH_SCAN_START; day < NEVER_MATCH_SCAN_END; day += MS_PER_DAY) {
    if (matchesDate(schedule, wallFields(day))) return true;
  }
  return false;
}

function fail(reason: string, key: MessageKey, values?: MessageValues): ParseScheduleResult {
  return { ok: false, error: new ScheduleError(reason, { key, values }) };
}

/**
 * Validates a cron expression: five fields (minute hour day-of-month month day-of-week), six
 * with a leading seconds field, or one of the aliases in SCHEDULE_ALIASES. Supports `*`, `?`
 * (day fields), lists, ranges, steps, JAN–DEC and SUN–SAT, `L` (last day of the month), `5L`
 * (last Friday) and `5#2` (second Friday); or a one-off `@once 2027-03-01T12:00`. Never throws: a
 * refusal carries its reason.
 */
export function parseSchedule(expression: unknown): ParseScheduleResult {
  if (typeof expression !== 'string') return fail('must be a string', 'schedule.notString');
  const trimmed = expression.trim();
  if (trimmed === '') return fail('is empty', 'schedule.empty');
  if (trimmed.length > MAX_EXPRESSION_LENGTH) {
    return fail(`is longer than ${MAX_EXPRESSION_LENGTH} characters`, 'schedule.tooLong', {
      max: MAX_EXPRESSION_LENGTH,
    });
  }
  if (isOnceExpression(trimmed)) {
    const once = parseOnce(trimmed.replace(/\s+/g, ' '));
    return once.ok ? once : fail(once.reason, once.keyed.key, once.keyed.values);
  }
  let text = trimmed.toUpperCase();
  if (text.startsWith('@')) {
    const alias = SCHEDULE_ALIASES[text.toLowerCase()];
    if (alias === undefined) {
      const aliases = Object.keys(SCHEDULE_ALIASES).join(', ');
      return fail(`unknown alias "${trimmed}" (use ${aliases})`, 'schedule.unknownAlias', {
        alias: trimmed,
        aliases,
      });
    }
    text = alias;
  }
  const parts = text.split(/\s+/);
  if (parts.length !== 5 && parts.length !== 6) {
    return fail(
      'expected 5 fields (minute hour day-of-month month day-of-week) ' +
        `or 6 with a leading seconds field, got ${parts.length}`,
      'schedule.fieldCount',
      { count: parts.length }
    );
  }
  const fields = parts.length === 6 ? parts : ['0', ...parts];
  const specs = [SECOND, MINUTE, HOUR, DAY_OF_MONTH, MONTH, DAY_OF_WEEK];
  const parsed: ParsedField[] = [];
  for (let index = 0; index < specs.length; index += 1) {
    try {
      parsed.push(parseField(specs[index], fields[index]));
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      return fail(
        `${specs[index].label} field "${fields[index]}": ${error.message}`,
        `schedule.field.${error.key}`,
        { field: specs[index].name, text: fields[index], ...error.values }
      );
    }
  }
  const [second, minute, hour, dayOfMonth, month, dayOfWeek] = parsed;
  const hours = normaliseValues(HOUR, hour.values);
  const isWildcard = (field: string) => field === '*' || field === '?';
  const schedule: Schedule = {
    expression: (fields[0] === '0' ? fields.slice(1) : fields).join(' '),
    seconds: normaliseValues(SECOND, second.values),
    minutes: normaliseValues(MINUTE, minute.values),
    hours,
    daysOfMonth: normaliseValues(DAY_OF_MONTH, dayOfMonth.values),
    lastDayOfMonth: dayOfMonth.last,
    months: normaliseValues(MONTH, month.values),
    daysOfWeek: normaliseValues(DAY_OF_WEEK, dayOfWeek.values),
    lastWeekdaysOfMonth: normaliseValues(DAY_OF_WEEK, dayOfWeek.lastWeekdays),
    nthWeekdaysOfMonth: dayOfWeek.nthWeekdays,
    dayOfMonthRestricted: !isWildcard(fields[3]),
    dayOfWeekRestricted: !isWildcard(fields[5]),
    kind: hours.length === 24 ? 'hourly' : 'fixed-time',
  };
  if (!matchesSomeDate(schedule)) {
    const [dayOfMonth, month, dayOfWeek] = [fields[3], fields[4], fields[5]];
    const days = schedule.dayOfWeekRestricted
      ? `day-of-month "${dayOfMonth}" with day-of-week "${dayOfWeek}"`
      : `day-of-month "${dayOfMonth}"`;
    const reason = `never matches a date: ${days} never occurs in month "${month}"`;
    return schedule.dayOfWeekRestricted
      ? fail(reason, 'schedule.neverMatchesWithWeekday', { dayOfMonth, dayOfWeek, month })
      : fail(reason, 'schedule.neverMatches', { dayOfMonth, month });
  }
  return { ok: true, schedule };
}
