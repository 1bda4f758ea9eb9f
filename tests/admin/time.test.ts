import { describeCron } from '../../admin/src/schedule/describe';
import {
  formatDateTime,
  formatLogTime,
  formatWallClock,
  usesTwelveHourClock,
} from '../../admin/src/utils/time';

// 2027-03-01 15:45:07.120 UTC, a Monday.
const AT = Date.UTC(2027, 2, 1, 15, 45, 7, 120);

describe('one clock for every time the admin shows', () => {
  test('Given English (US), When a date and time is written, Then it reads on the 12-hour clock', () => {
    expect(formatDateTime('en-US', AT, { timeZone: 'UTC' })).toMatch(/^Mar 1, 2027, 03:45\s?PM$/);
  });

  test('Given French, When the same instant is written, Then it reads on the 24-hour clock', () => {
    expect(formatDateTime('fr', AT, { timeZone: 'UTC' })).toBe('1 mars 2027, 15:45');
  });

  test("Given a task's zone and the offset asked for, When written, Then the offset reads UTC+hh:mm", () => {
    expect(formatDateTime('fr', AT, { timeZone: 'Europe/Paris', offset: true })).toBe(
      '1 mars 2027, 16:45 UTC+01:00'
    );
  });

  test('Given seconds and the weekday asked for, When written, Then both are there', () => {
    expect(formatDateTime('en-US', AT, { timeZone: 'UTC', seconds: true, weekday: true })).toMatch(
      /^Mon, Mar 1, 2027, 03:45:07\s?PM$/
    );
  });

  test('Given a zone the browser does not know, When written, Then the ISO instant stands in', () => {
    expect(formatDateTime('en-US', AT, { timeZone: 'Mars/Olympus_Mons' })).toBe(
      '2027-03-01T15:45:07.120Z'
    );
  });

  test('Given a log entry, When its time is written, Then it has milliseconds on the locale clock', () => {
    expect(formatLogTime('fr', AT, 'UTC')).toBe('15:45:07,120');
    expect(formatLogTime('en-US', AT, 'UTC')).toMatch(/^03:45:07\.120\s?PM$/);
  });

  test('Given English (US) and French, When their clocks are asked, Then 12 and 24 hours', () => {
    expect(usesTwelveHourClock('en-US')).toBe(true);
    expect(usesTwelveHourClock('en-GB')).toBe(false);
    expect(usesTwelveHourClock('fr')).toBe(false);
  });

  test('Given a one-off schedule, When put in words, Then its date and time are in the locale', () => {
    expect(describeCron('@once 2027-03-01T15:30', 'fr')).toEqual({
      ok: true,
      text: 'Une fois, le 1 mars 2027 à 15:30',
    });
    expect(describeCron('@once 2027-03-01T15:30', 'en-US')).toMatchObject({
      text: expect.stringMatching(/^Once, on Mar 1, 2027 at 03:30\sPM$/),
    });
  });

  test('Given a schedule in words, When the locale is British English, Then its time is on the 24-hour clock too', () => {
    expect(describeCron('30 16 * * *', 'en-GB')).toEqual({ ok: true, text: 'At 16:30' });
    expect(describeCron('30 16 * * *', 'en-US')).toEqual({ ok: true, text: 'At 04:30 PM' });
  });
});

describe('a wall-clock time of a daylight-saving note', () => {
  test('Given a local time that a gap skips, When written, Then it reads on the locale clock', () => {
    expect(formatWallClock('fr', '2027-03-28 02:30:00')).toBe('02:30');
    expect(formatWallClock('en-US', '2027-03-28 02:30:00')).toMatch(/^02:30\s?AM$/);
  });

  test('Given no local time, When written, Then nothing is written', () => {
    expect(formatWallClock('fr', undefined)).toBe('');
  });
});
