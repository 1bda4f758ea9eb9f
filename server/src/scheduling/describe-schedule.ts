import cronstrue from 'cronstrue/i18n';
import { cronWords, onceWords } from './cron-words';
import type { Schedule } from './schedule';

export interface DescribeOptions {
  /** BCP 47 or cronstrue tag ("fr", "pt-BR", "zh_CN"); unknown tags fall back to English. */
  readonly locale?: string;
  readonly use24HourTimeFormat?: boolean;
}

/** cronstrue's tag for a locale, trying the region first and then the bare language. */
function cronstrueLocale(locale: string | undefined): string {
  if (!locale) return 'en';
  const known = new Map(Object.keys(cronstrue.locales).map((key) => [key.toLowerCase(), key]));
  const tag = locale.replace('-', '_').toLowerCase();
  return known.get(tag) ?? known.get(tag.split('_')[0]) ?? 'en';
}

/** A one-off schedule in words. */
function describeOnce(schedule: Schedule, locale: string | undefined): string {
  const [date, time] = schedule.expression.split(' ')[1].split('T');
  return onceWords(cronstrueLocale(locale), date, time);
}

/** A human sentence for the schedule ("At 02:30 AM"), English unless a locale is asked for. */
export function describeSchedule(schedule: Schedule, options: DescribeOptions = {}): string {
  if (schedule.kind === 'once') return describeOnce(schedule, options.locale);
  try {
    return cronWords(cronstrue.toString, schedule.expression, {
      locale: cronstrueLocale(options.locale),
      use24HourTimeFormat: options.use24HourTimeFormat,
    });
  } catch {
    // The expression already passed our own parser; a describer gap must not fail a preview.
    return schedule.expression;
  }
}
