/**
 * Cron expressions in words, in the admin's language, with cronstrue. Only the languages the admin
 * panel is translated into are loaded (English is built in); anything else falls back to English.
 * Pure: no React, no Strapi.
 */
import cronstrue from 'cronstrue';
import 'cronstrue/locales/fr';

import { cronWords, onceWords } from '../../../server/src/scheduling/cron-words';
import { formatWallClock, formatWallDate, usesTwelveHourClock } from '../utils/time';

export const CRON_LOCALES = ['en', 'fr'] as const;
export type CronLocale = (typeof CRON_LOCALES)[number];

/** cronstrue's locale for an admin locale (`fr-FR` → `fr`; unknown → `en`). */
export const cronLocale = (locale: string | undefined | null): CronLocale => {
  const language = (locale ?? '').toLowerCase().split(/[-_]/)[0];
  return (CRON_LOCALES as readonly string[]).includes(language) ? (language as CronLocale) : 'en';
};

export type CronDescription = { ok: true; text: string } | { ok: false; error: string };

const ONCE = /^@once\s+(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)$/i;

/**
 * The expression in words ("At 03:00 AM, only on Monday" / "À 03:00, uniquement le lundi"), or why
 * cronstrue could not read it. The server's parser is the authority on validity; this is words only.
 */
export const describeCron = (
  expression: string,
  locale?: string | null,
  options: { use24HourTimeFormat?: boolean } = {}
): CronDescription => {
  const trimmed = expression.trim();
  if (!trimmed) return { ok: false, error: 'empty' };
  const once = ONCE.exec(trimmed.replace(/\s+/g, ' '));
  if (once) {
    // The date and time as every other instant in the admin, not the expression's ISO forms.
    const tag = locale ?? 'en';
    const at = formatWallClock(tag, `${once[1]} ${once[2]}`) || once[2];
    return { ok: true, text: onceWords(cronLocale(locale), formatWallDate(tag, once[1]), at) };
  }
  try {
    const text = cronWords(cronstrue.toString, trimmed, {
      locale: cronLocale(locale),
      // The locale's own clock, as every other time in the admin (utils/time.ts).
      use24HourTimeFormat: options.use24HourTimeFormat ?? !usesTwelveHourClock(locale),
    });
    return { ok: true, text };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: message.replace(/^Error:\s*/, '') };
  }
};

/** The words, or the expression itself when cronstrue cannot read it. */
export const cronInWords = (expression: string, locale?: string | null): string => {
  const described = describeCron(expression, locale);
  return described.ok ? described.text : expression;
};
