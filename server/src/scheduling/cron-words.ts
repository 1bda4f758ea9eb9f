/**
 * A cron expression in words by cronstrue, except where cronstrue and cron disagree: with both
 * day fields restricted, cron runs on a day that matches **either** (docs/scheduling.md), but
 * cronstrue writes "on day 1 of the month, and on Monday". Then the two halves are described
 * apart and joined with "or". Shared by the server's preview and the admin's editor, each with
 * its own cronstrue (the admin loads only the locales it ships).
 */

export interface CronWordsOptions {
  /** cronstrue's locale tag ('en', 'fr', …). */
  readonly locale: string;
  readonly use24HourTimeFormat?: boolean;
}

/** cronstrue's `toString`, as far as it is used here. */
export type Cronstrue = (
  expression: string,
  options: {
    locale: string;
    throwExceptionOnParseError: boolean;
    verbose: boolean;
    use24HourTimeFormat?: boolean;
  }
) => string;

const OR: Record<string, string> = { fr: 'ou' };
/** What cronstrue puts before a lone weekday ("only on Monday"), to drop after "or". */
const ONLY: Record<string, RegExp> = { en: /^only on /, fr: /^uniquement le / };
const ONLY_PLAIN: Record<string, string> = { en: 'on ', fr: 'le ' };

const restricted = (field: string) => field !== '*' && field !== '?';

/** cronstrue's words; throws what cronstrue throws. */
const words = (describe: Cronstrue, expression: string, options: CronWordsOptions) =>
  describe(expression, {
    locale: options.locale,
    throwExceptionOnParseError: true,
    verbose: false,
    ...(options.use24HourTimeFormat === undefined
      ? {}
      : { use24HourTimeFormat: options.use24HourTimeFormat }),
  });

export const cronWords = (
  describe: Cronstrue,
  expression: string,
  options: CronWordsOptions
): string => {
  const fields = expression.trim().split(/\s+/);
  const dayOfMonth = fields.length - 3;
  if (fields.length < 5 || !restricted(fields[dayOfMonth]) || !restricted(fields.at(-1)!)) {
    return words(describe, expression, options);
  }
  const withField = (index: number, value: string) =>
    fields.map((field, at) => (at === index ? value : field)).join(' ');
  const monthDays = words(describe, withField(fields.length - 1, '*'), options);
  const weekdays = words(describe, withField(dayOfMonth, '*'), options);
  // The weekday half less what both halves share (the time, the month).
  let shared = 0;
  while (shared < monthDays.length && monthDays[shared] === weekdays[shared]) shared += 1;
  const cut = weekdays.lastIndexOf(', ', shared);
  if (cut < 0) return words(describe, expression, options);
  const lang = options.locale.split(/[-_]/)[0];
  let weekdayPart = weekdays.slice(cut + 2);
  const only = ONLY[lang];
  if (only?.test(weekdayPart)) weekdayPart = weekdayPart.replace(only, ONLY_PLAIN[lang]);
  return `${monthDays}, ${OR[lang] ?? 'or'} ${weekdayPart}`;
};

/** A one-off schedule's date and time in words: French for French, English otherwise. */
export const onceWords = (locale: string, date: string, time: string): string =>
  locale.split(/[-_]/)[0] === 'fr'
    ? `Une fois, le ${date} à ${time}`
    : `Once, on ${date} at ${time}`;
