import { wallFields, wallTime, MS_PER_DAY } from './calendar';
import { matchesDate } from './schedule';
import type { NthWeekday, Schedule } from './schedule';
import { isOnceExpression, parseOnce } from './once';
import type {
  CronFieldName,
  KeyedMessage,
  MessageKey,
  MessageValues,
} from '../contracts/message-keys';

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

const MONTH_NAMES = [
  'JAN',
  'FEB',
  'MAR',
  'APR',
  'MAY',
  'JUN',
  'JUL',
  'AUG',
  'SEP',
  'OCT',
  'NOV',
  'DEC',
];
const WEEKDAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  readonly label: string;
  readonly name: CronFieldName;
  readonly min: number;
  readonly max: number;
  /** Names standing for values, in order from `min`. */
  readonly names?: readonly string[];
}

const SECOND: FieldSpec = { label: 'second', name: 'second', min: 0, max: 59 };
const MINUTE: FieldSpec = { label: 'minute', name: 'minute', min: 0, max: 59 };
const HOUR: FieldSpec = { label: 'hour', name: 'hour', min: 0, max: 23 };
const DAY_OF_MONTH: FieldSpec = { label: 'day-of-month', name: 'dayOfMonth', min: 1, max: 31 };
const MONTH: FieldSpec = { label: 'month', name: 'month', min: 1, max: 12, names: MONTH_NAMES };
// 7 is Sunday too, as in every common cron.
const DAY_OF_WEEK: FieldSpec = {
  label: 'day-of-week',
  name: 'dayOfWeek',
  min: 0,
  max: 7,
  names: WEEKDAY_NAMES,
};

/** What is wrong with one field: the English reason and its key under `schedule.field.`. */
class FieldError extends Error {
  constructor(
    message: string,
    readonly key: FieldErrorKey,
    readonly values: MessageValues = {}
  ) {
    super(message);
  }
}

type FieldErrorKey = MessageKey extends infer K
  ? K extends `schedule.field.${infer Rest}`
    ? Rest
    : never
  : never;

function resolveValue(spec: FieldSpec, token: string): number {
  let value: number;
  if (/^\d+$/.test(token)) {
    value = Number(token);
  } else if (/^[A-Z]+$/.test(token) && spec.names) {
    const index = spec.names.indexOf(token);
    if (index < 0) {
      const [first, last] = [spec.names[0], spec.names[spec.names.length - 1]];
      throw new FieldError(`unknown name "${token}" (use ${first}–${last})`, 'unknownName', {
        token,
        first,
        last,
      });
    }
    value = spec.min + index;
  } else {
    throw new FieldError(`"${token}" is not a number`, 'notNumber', { token });
  }
  if (value < spec.min || value > spec.max) {
    throw new FieldError(`${token} is out of range ${spec.min}-${spec.max}`, 'outOfRange', {
      token,
      min: spec.min,
      max: spec.max,
    });
  }
  return value;
}

function resolveStep(spec: FieldSpec, token: string): number {
  if (!/^\d+$/.test(token)) {
    throw new FieldError(`step "${token}" is not a number`, 'stepNotNumber', { step: token });
  }
  const step = Number(token);
  const span = spec.max - spec.min + 1;
  if (step < 1) throw new FieldError('a step must be at least 1', 'stepTooSmall');
  if (step > span) {
    throw new FieldError(
      `step ${step} is larger than the ${spec.min}-${spec.max} range`,
      'stepTooLarge',
      { step, min: spec.min, max: spec.max }
    );
  }
  return step;
}

function range(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let value = from; value <= to; value += step) values.push(value);
  return values;
}

// Syntax some crons accept and this one deliberately does not: named so the reason is precise.
// Patterns are anchored so that names such as JUL or WED are not mistaken for L or W.
function unsupportedReason(spec: FieldSpec, item: string): FieldError | undefined {
  const isDayField = spec === DAY_OF_MONTH || spec === DAY_OF_WEEK;
  const refuse = (reason: string, key: FieldErrorKey) =>
    new FieldError(`"${item}": ${reason}`, key, { item });
  if (/^H(\(|\/|$)/.test(item)) return refuse('H (hashed values) is not supported', 'hashed');
  if (spec === DAY_OF_MONTH && /^(\d+|L)W$/.test(item)) {
    return refuse('W (nearest weekday) is not supported', 'nearestWeekday');
  }
  if (spec === DAY_OF_MONTH && /^L./.test(item)) {
    return refuse('only a bare L (last day of the month) is supported', 'lastAlone');
  }
  if (spec === DAY_OF_WEEK && item === 'L') {
    return refuse('write 0L-6L for the last Sunday-Saturday of the month', 'lastWeekday');
  }
  if (!isDayField && /^\d*L$/.test(item)) {
    return refuse('L is only allowed in the day-of-month and day-of-week fields', 'lastOnlyInDays');
  }
  if (spec !== DAY_OF_WEEK && item.includes('#')) {
    return refuse('# is only allowed in the day-of-week field', 'hashOnlyInWeekday');
  }
  if (item.includes('?')) {
    return isDayField
      ? refuse('? must stand alone as the whole field', 'questionAlone')
      : refuse(
          '? is only allowed in the day-of-month and day-of-week fields',
          'questionOnlyInDays'
        );
  }
  return undefined;
}

interface ParsedField {
  values: number[];
  last: boolean;
  lastWeekdays: number[];
  nthWeekdays: NthWeekday[];
}

const VALUE = '(\\d+|[A-Z]+)';
const PLAIN_ITEM = new RegExp(`^${VALUE}(?:-${VALUE})?(?:/(\\w+))?$`);
const WILDCARD_ITEM = /^\*(?:\/(\w+))?$/;
const LAST_WEEKDAY_ITEM = new RegExp(`^${VALUE}L$`);
const NTH_WEEKDAY_ITEM = new RegExp(`^${VALUE}#(\\w+)$`);

function parseField(spec: FieldSpec, text: string): ParsedField {
  const parsed: ParsedField = { values: [], last: false, lastWeekdays: [], nthWeekdays: [] };
  const isDayField = spec === DAY_OF_MONTH || spec === DAY_OF_WEEK;
  if (text === '?' && isDayField) {
    parsed.values = range(spec.min, spec.max, 1);
    return parsed;
  }
  for (const item of text.split(',')) {
    if (item === '') throw new FieldError('empty list item', 'emptyItem');
    const unsupported = unsupportedReason(spec, item);
    if (unsupported !== undefined) throw unsupported;
    let match: RegExpExecArray | null;
    if ((match = WILDCARD_ITEM.exec(item))) {
      const step = match[1] === undefined ? 1 : resolveStep(spec, match[1]);
      parsed.values.push(...range(spec.min, spec.max, step));
    } else if (spec === DAY_OF_MONTH && item === 'L') {
      parsed.last = true;
    } else if (spec === DAY_OF_WEEK && (match = LAST_WEEKDAY_ITEM.exec(item))) {
      parsed.lastWeekdays.push(resolveValue(spec, match[1]) % 7);
    } else if (spec === DAY_OF_WEEK && (match = NTH_WEEKDAY_ITEM.exec(item))) {
      const weekday = resolveValue(spec, match[1]) % 7;
      const nth = /^\d+$/.test(match[2]) ? Number(match[2]) : NaN;
      if (!(nth >= 1 && nth <= 5)) {
        throw new FieldError(`"${item}": the occurrence after # must be 1-5`, 'nth', { item });
      }
      parsed.nthWeekdays.push({ weekday, nth });
    } else if ((match = PLAIN_ITEM.exec(item))) {
      const from = resolveValue(spec, match[1]);
      const to = match[2] === undefined ? undefined : resolveValue(spec, match[2]);
      if (to !== undefined && to < from) {
        throw new FieldError(`range ${item} is reversed`, 'reversed', { item });
      }
      const step = match[3] === undefined ? undefined : resolveStep(spec, match[3]);
      // `5/15` means "from 5 to the end of the range, every 15", as in Vixie cron.
      const end = to ?? (step === undefined ? from : spec.max);
      parsed.values.push(...range(from, end, step ?? 1));
    } else {
      throw new FieldError(`invalid value "${item}"`, 'invalid', { item });
    }
  }
  return parsed;
}

function normaliseValues(spec: FieldSpec, values: number[]): number[] {
  const folded = spec === DAY_OF_WEEK ? values.map((value) => value % 7) : values;
  return [...new Set(folded)].sort((a, b) => a - b);
}

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
