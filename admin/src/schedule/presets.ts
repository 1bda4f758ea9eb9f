/**
 * The schedule builder's presets and their cron expressions, both ways. Pure: no React, no Strapi,
 * so that tests/admin can load it in jsdom.
 *
 * A preset is one of four shapes that cover most maintenance schedules; any other expression is
 * "custom" and is edited as raw cron.
 */

export type PresetKind = 'hourly' | 'daily' | 'weekly' | 'monthly';
/** `once`: a one-off task, `@once 2027-03-01T12:00` (local time in the task's zone). */
export type BuilderMode = PresetKind | 'once' | 'custom';

export const PRESET_KINDS: PresetKind[] = ['hourly', 'daily', 'weekly', 'monthly'];

export interface SchedulePreset {
  kind: PresetKind;
  /** 0–59 */
  minute: number;
  /** 0–23; not used by `hourly` */
  hour: number;
  /** 0 (Sunday) – 6 (Saturday); only `weekly` */
  weekday: number;
  /** 1–31; only `monthly` */
  day: number;
}

/** Sensible starting values when the user switches to a preset (03:00, Monday, the 1st). */
export const DEFAULT_PRESET: Omit<SchedulePreset, 'kind'> = {
  minute: 0,
  hour: 3,
  weekday: 1,
  day: 1,
};

export const presetOf = (
  kind: PresetKind,
  values: Partial<Omit<SchedulePreset, 'kind'>> = {}
): SchedulePreset => ({ ...DEFAULT_PRESET, ...values, kind });

const clamp = (value: number, min: number, max: number) =>
  Math.min(max, Math.max(min, Number.isFinite(value) ? Math.trunc(value) : min));

/** The cron expression (five fields) of a preset; out-of-range values are clamped. */
export const presetToCron = (preset: SchedulePreset): string => {
  const minute = clamp(preset.minute, 0, 59);
  const hour = clamp(preset.hour, 0, 23);
  switch (preset.kind) {
    case 'hourly':
      return `${minute} * * * *`;
    case 'daily':
      return `${minute} ${hour} * * *`;
    case 'weekly':
      return `${minute} ${hour} * * ${clamp(preset.weekday, 0, 6)}`;
    case 'monthly':
      return `${minute} ${hour} ${clamp(preset.day, 1, 31)} * *`;
  }
};

const ALIASES: Record<string, string> = {
  '@hourly': '0 * * * *',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
};

const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** A plain number in [min, max] ("05" is 5), else null. */
const plainNumber = (field: string, min: number, max: number): number | null => {
  if (!/^\d{1,2}$/.test(field)) return null;
  const value = Number(field);
  return value >= min && value <= max ? value : null;
};

const isAny = (field: string) => field === '*' || field === '?';

const weekdayOf = (field: string): number | null => {
  const name = DAY_NAMES.indexOf(field.toUpperCase());
  if (name >= 0) return name;
  const value = plainNumber(field, 0, 7);
  return value === null ? null : value % 7;
};

/**
 * The five fields of an expression (aliases expanded, a leading `0` seconds field dropped), or
 * null when it is not a plain five- or six-field expression.
 */
export const cronFields = (expression: string): string[] | null => {
  const trimmed = expression.trim().replace(/\s+/g, ' ');
  const expanded = ALIASES[trimmed.toLowerCase()] ?? trimmed;
  const fields = expanded.split(' ');
  if (fields.length === 6) {
    if (plainNumber(fields[0], 0, 0) === null) return null;
    return fields.slice(1);
  }
  return fields.length === 5 ? fields : null;
};

/**
 * The preset an expression is, when it is exactly one (`15 3 * * 1` → weekly, Monday 03:15);
 * null for anything else (ranges, steps, lists, months, both day fields), which stays custom.
 */
export const cronToPreset = (expression: string): SchedulePreset | null => {
  const fields = cronFields(expression);
  if (!fields) return null;
  const [minuteField, hourField, domField, monthField, dowField] = fields;
  if (!isAny(monthField)) return null;
  const minute = plainNumber(minuteField, 0, 59);
  if (minute === null) return null;

  if (hourField === '*') {
    return isAny(domField) && isAny(dowField) ? presetOf('hourly', { minute }) : null;
  }
  const hour = plainNumber(hourField, 0, 23);
  if (hour === null) return null;

  if (isAny(domField) && isAny(dowField)) return presetOf('daily', { minute, hour });
  if (isAny(domField)) {
    const weekday = weekdayOf(dowField);
    return weekday === null ? null : presetOf('weekly', { minute, hour, weekday });
  }
  if (isAny(dowField)) {
    const day = plainNumber(domField, 1, 31);
    return day === null ? null : presetOf('monthly', { minute, hour, day });
  }
  return null;
};

/** Which builder mode an expression opens in: its preset, once, or custom. */
export const modeOf = (expression: string): BuilderMode =>
  onceLocalTime(expression) !== null ? 'once' : (cronToPreset(expression)?.kind ?? 'custom');

const ONCE = /^@once\s+(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)$/i;

/**
 * The local date and time of a one-off schedule, as a datetime-local input holds it
 * (`2027-03-01T12:00`), or null when the expression is not `@once <date>T<time>`.
 */
export const onceLocalTime = (expression: string): string | null => {
  const match = ONCE.exec(expression.trim().replace(/\s+/g, ' '));
  return match ? `${match[1]}T${match[2]}` : null;
};

/** The schedule of a one-off task at a datetime-local value (`2027-03-01T12:00`). */
export const onceExpression = (localTime: string) => `@once ${localTime.trim()}`;

/** Whether an expression is a one-off schedule, valid or not (the list shows those done). */
export const isOnceSchedule = (expression: string) => /^@once\b/i.test(expression.trim());

/** A first value for a one-off: tomorrow at 03:00, the usual maintenance hour. */
export const defaultOnceLocalTime = (now: Date = new Date()) => {
  const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${tomorrow.getFullYear()}-${pad(tomorrow.getMonth() + 1)}-${pad(tomorrow.getDate())}T03:00`;
};

/** "HH:MM" of a preset's time, for a time input. */
export const timeOfPreset = (preset: Pick<SchedulePreset, 'hour' | 'minute'>) =>
  `${String(preset.hour).padStart(2, '0')}:${String(preset.minute).padStart(2, '0')}`;

/** Hour and minute from "HH:MM" (or "HH:MM:SS"), or null. */
export const parseTimeOfDay = (value: string): { hour: number; minute: number } | null => {
  const match = /^(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(value.trim());
  if (!match) return null;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  return hour <= 23 && minute <= 59 ? { hour, minute } : null;
};
