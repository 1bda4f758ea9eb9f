/**
 * Instants are stored as integer epoch milliseconds. Drivers hand biginteger columns back as
 * strings (pg, mysql2) or numbers (better-sqlite3); this reads either.
 */
export const readEpoch = (value: unknown): number | null => {
  if (value === null || value === undefined || value === '') return null;
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(number) ? number : null;
};

/** Accepts epoch milliseconds or an ISO 8601 string; NaN for anything else, so validation can name it. */
export const parseInstant = (value: unknown): number | null | undefined => {
  if (value === undefined) return undefined;
  if (value === null || value === '') return null;
  if (typeof value === 'number') return Number.isInteger(value) ? value : Number.NaN;
  if (typeof value === 'string') {
    if (/^\d+$/.test(value)) return Number(value);
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? Number.NaN : parsed;
  }
  return Number.NaN;
};
