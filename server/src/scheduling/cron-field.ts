import type { CronFieldName, MessageKey, MessageValues } from '../contracts/message-keys';
import type { NthWeekday } from './schedule';

/**
 * One field of a cron expression (parse-schedule.ts reads the whole): its values, names, ranges,
 * steps and the day fields' L, # and ?, or why it is refused, as an English reason and a key.
 */

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

export interface FieldSpec {
  readonly label: string;
  readonly name: CronFieldName;
  readonly min: number;
  readonly max: number;
  /** Names standing for values, in order from `min`. */
  readonly names?: readonly string[];
}

export const SECOND: FieldSpec = { label: 'second', name: 'second', min: 0, max: 59 };
export const MINUTE: FieldSpec = { label: 'minute', name: 'minute', min: 0, max: 59 };
export const HOUR: FieldSpec = { label: 'hour', name: 'hour', min: 0, max: 23 };
export const DAY_OF_MONTH: FieldSpec = {
  label: 'day-of-month',
  name: 'dayOfMonth',
  min: 1,
  max: 31,
};
export const MONTH: FieldSpec = {
  label: 'month',
  name: 'month',
  min: 1,
  max: 12,
  names: MONTH_NAMES,
};
// 7 is Sunday too, as in every common cron.
export const DAY_OF_WEEK: FieldSpec = {
  label: 'day-of-week',
  name: 'dayOfWeek',
  min: 0,
  max: 7,
  names: WEEKDAY_NAMES,
};

/** What is wrong with one field: the English reason and its key under `schedule.field.`. */
export class FieldError extends Error {
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

export interface ParsedField {
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

export function parseField(spec: FieldSpec, text: string): ParsedField {
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

export function normaliseValues(spec: FieldSpec, values: number[]): number[] {
  const folded = spec === DAY_OF_WEEK ? values.map((value) => value % 7) : values;
  return [...new Set(folded)].sort((a, b) => a - b);
}
