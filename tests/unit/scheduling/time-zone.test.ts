import { checkTimeZone, isValidTimeZone, TimeZoneError } from '../../../server/src/scheduling';

describe('time zone validation', () => {
  test.each(['Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'UTC', 'Etc/GMT+5'])(
    'Given the IANA zone %s, When checked, Then it is valid',
    (zone) => {
      expect(isValidTimeZone(zone)).toBe(true);
    }
  );

  test('Given a zone name in the wrong case, When checked, Then it resolves to the canonical spelling', () => {
    expect(checkTimeZone('america/new_york')).toEqual({ ok: true, timeZone: 'America/New_York' });
  });

  test('Given an unknown zone, When checked, Then the timeZone error names it and gives an example', () => {
    const result = checkTimeZone('Mars/Olympus_Mons');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(TimeZoneError);
    expect(result.error.field).toBe('timeZone');
    expect(result.error.message).toBe(
      'timeZone: "Mars/Olympus_Mons" is not an IANA time zone name (e.g. "Europe/Paris", "UTC")'
    );
  });

  test('Given a fixed offset that Intl would accept, When checked, Then it is refused as not IANA', () => {
    expect(isValidTimeZone('+05:30')).toBe(false);
  });

  test.each([[''], [' Europe/Paris'], [undefined], [42]])(
    'Given the non-name %j, When checked, Then it is refused',
    (zone) => {
      expect(isValidTimeZone(zone)).toBe(false);
    }
  );

  test('Given an empty name, When checked, Then the reason asks for an IANA name', () => {
    const result = checkTimeZone('');
    expect(result.ok ? '' : result.error.message).toBe(
      'timeZone: must be an IANA time zone name such as "Europe/Paris"'
    );
  });
});
