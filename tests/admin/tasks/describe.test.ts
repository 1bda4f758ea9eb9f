import { cronInWords, cronLocale, describeCron } from '../../../admin/src/schedule/describe';

describe('cron in words', () => {
  test.each([
    ['30 2 * * *', 'At 02:30 AM'],
    ['0 7 * * 1', 'At 07:00 AM, only on Monday'],
    ['*/15 * * * *', 'Every 15 minutes'],
    ['15 5 1 * *', 'At 05:15 AM, on day 1 of the month'],
  ])('Given %p and an English admin, when described, then it reads %p', (cron, words) => {
    expect(describeCron(cron, 'en')).toEqual({ ok: true, text: words });
  });

  test.each([
    ['30 2 * * *', 'À 02:30'],
    ['0 7 * * 1', 'À 07:00, uniquement le lundi'],
    ['*/15 * * * *', 'Toutes les 15 minutes'],
    ['15 5 1 * *', 'À 05:15, le 1 du mois'],
  ])('Given %p and a French admin, when described, then it reads %p', (cron, words) => {
    expect(describeCron(cron, 'fr')).toEqual({ ok: true, text: words });
  });

  test('Given admin locales with regions or unknown languages, when mapped, then fr-* is French and the rest English', () => {
    expect(cronLocale('fr-FR')).toBe('fr');
    expect(cronLocale('fr_CA')).toBe('fr');
    expect(cronLocale('en-GB')).toBe('en');
    expect(cronLocale('de')).toBe('en');
    expect(cronLocale(undefined)).toBe('en');
    // English words, on German's own 24-hour clock (as every other time in the admin).
    expect(describeCron('0 3 * * *', 'de')).toEqual({ ok: true, text: 'At 03:00' });
  });

  test('Given an alias, when described, then it reads like its expansion', () => {
    expect(describeCron('@daily', 'en')).toEqual({ ok: true, text: 'At 12:00 AM' });
  });

  test('Given something cronstrue cannot read, when described, then it says why and the list shows the raw expression', () => {
    const described = describeCron('every day', 'en');
    expect(described.ok).toBe(false);
    expect(describeCron('', 'en')).toEqual({ ok: false, error: 'empty' });
    expect(cronInWords('every day', 'fr')).toBe('every day');
  });
});
