import type { KeyedMessage } from '../contracts/message-keys';

/**
 * A time zone the plugin refuses; `message` is ready for a 400 response (`timeZone: <reason>`),
 * `keyed` is the same reason for the admin panel to translate.
 */
export class TimeZoneError extends Error {
  readonly field = 'timeZone';

  constructor(
    readonly reason: string,
    readonly keyed: KeyedMessage
  ) {
    super(`timeZone: ${reason}`);
    this.name = 'TimeZoneError';
  }
}

export type CheckTimeZoneResult =
  | { readonly ok: true; readonly timeZone: string }
  | { readonly ok: false; readonly error: TimeZoneError };

// Intl also accepts fixed offsets such as "+05:30"; they are not IANA names, have no rules of
// their own and would hide a misconfiguration, so only names that start with a letter pass.
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;

/**
 * Validates an IANA time zone name against the runtime's own tz database (Intl) and returns the
 * name Intl resolves it to ("america/new_york" → "America/New_York"). Never throws.
 */
export function checkTimeZone(zone: unknown): CheckTimeZoneResult {
  if (typeof zone !== 'string' || zone === '') {
    return {
      ok: false,
      error: new TimeZoneError('must be an IANA time zone name such as "Europe/Paris"', {
        key: 'timezone.required',
      }),
    };
  }
  const name = zone;
  const unknown = () => ({
    ok: false as const,
    error: new TimeZoneError(
      `"${name}" is not an IANA time zone name (e.g. "Europe/Paris", "UTC")`,
      { key: 'timezone.unknown', values: { zone: name } }
    ),
  });
  if (!ZONE_NAME.test(name)) return unknown();
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions()
      .timeZone;
    return { ok: true, timeZone: resolved };
  } catch {
    return unknown();
  }
}

export function isValidTimeZone(zone: unknown): zone is string {
  return checkTimeZone(zone).ok;
}
