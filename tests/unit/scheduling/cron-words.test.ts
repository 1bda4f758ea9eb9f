import cronstrue from 'cronstrue/i18n';

import { cronWords } from '../../../server/src/scheduling/cron-words';

const en = (expression: string) => cronWords(cronstrue.toString, expression, { locale: 'en' });
const fr = (expression: string) => cronWords(cronstrue.toString, expression, { locale: 'fr' });

test('Given both day fields, When described, Then the days are joined with "or", as cron runs them', () => {
  expect(en('0 3 1 * 1')).toBe('At 03:00 AM, on day 1 of the month, or on Monday');
});

test('Given a day range with month days, When described, Then the weekdays come after "or"', () => {
  expect(en('0 3 1,15 * MON-FRI')).toBe(
    'At 03:00 AM, on day 1 and 15 of the month, or Monday through Friday'
  );
});

test('Given both day fields with seconds and a month, When described, Then each half keeps the month', () => {
  expect(en('30 0 3 1 JAN 1')).toBe(
    'At 03:00:30 AM, on day 1 of the month, only in January, or on Monday, only in January'
  );
});

test('Given French, When both day fields are described, Then they are joined with "ou"', () => {
  expect(fr('0 3 1 * 1')).toBe('À 03:00, le 1 du mois, ou le lundi');
});

test('Given one day field, When described, Then the words are cronstrue’s', () => {
  expect(en('0 3 * * 1')).toBe('At 03:00 AM, only on Monday');
  expect(en('0 3 1 * *')).toBe('At 03:00 AM, on day 1 of the month');
});
