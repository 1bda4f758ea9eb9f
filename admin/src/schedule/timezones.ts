/** IANA time zones for the time zone picker. Pure. */

const FALLBACK_ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Asia/Tokyo',
  'Asia/Kolkata',
  'Asia/Shanghai',
  'Australia/Sydney',
];

/**
 * Every zone the browser knows (`Intl.supportedValuesOf('timeZone')`), plus `UTC`, which some
 * browsers leave out of that list; sorted, without duplicates.
 */
export const timeZoneNames = (
  supported: () => string[] = () =>
    (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.(
      'timeZone'
    ) ?? []
): string[] => {
  let zones: string[];
  try {
    zones = supported();
  } catch {
    zones = [];
  }
  if (zones.length === 0) zones = FALLBACK_ZONES;
  return Array.from(new Set(['UTC', ...zones])).sort((a, b) =>
    a === 'UTC' ? -1 : b === 'UTC' ? 1 : a.localeCompare(b)
  );
};
