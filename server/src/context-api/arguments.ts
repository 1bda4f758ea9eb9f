import { ScriptCallError } from './types';

/**
 * Host-side checks of what a script passes to ctx methods. Every failure is an Error thrown inside
 * the script that names the call and the argument, never a crash of the run or of Strapi.
 */
export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const optionsObject = (call: string, value: unknown): Record<string, unknown> => {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) throw new ScriptCallError(`${call}: options must be an object`);
  return value;
};

export const positiveInteger = (
  call: string,
  name: string,
  value: unknown,
  { fallback, max, min = 1 }: { fallback?: number; max: number; min?: number }
): number => {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ScriptCallError(`${call}: ${name} must be a whole number from ${min} to ${max}`);
  }
  return value;
};

export const nonNegativeNumber = (
  call: string,
  name: string,
  value: unknown,
  max: number
): number => {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
    throw new ScriptCallError(`${call}: ${name} must be a number from 0 to ${max}`);
  }
  return value;
};

export const oneOf = <T extends string>(
  call: string,
  name: string,
  value: unknown,
  allowed: readonly T[]
) => {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new ScriptCallError(`${call}: ${name} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
};

export const DAY_MS = 24 * 3600 * 1000;

export const booleanOption = (
  call: string,
  name: string,
  value: unknown,
  fallback: boolean
): boolean => {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean')
    throw new ScriptCallError(`${call}: ${name} must be true or false`);
  return value;
};

/** An instant given as an ISO 8601 string or epoch milliseconds. */
export const instantOption = (call: string, name: string, value: unknown): Date | undefined => {
  if (value === undefined) return undefined;
  const parsed =
    typeof value === 'number' && Number.isInteger(value)
      ? new Date(value)
      : typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)
        ? new Date(value)
        : null;
  if (!parsed || Number.isNaN(parsed.getTime())) {
    throw new ScriptCallError(
      `${call}: ${name} must be an ISO 8601 date ('2026-01-31T00:00:00Z') or epoch milliseconds`
    );
  }
  return parsed;
};
