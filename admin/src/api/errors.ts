import type { ApiErrorBody } from '../../../server/src/contracts';

// Kept apart from the client so that pure logic can be tested without loading the admin app.

/**
 * The server's error, from Strapi's fetch client (a FetchError carrying the answer) or from its
 * RTK Query base query (the answer's `error` itself: name, message, status, details).
 */
const errorBody = (error: unknown): ApiErrorBody['error'] | undefined => {
  const response = (error as { response?: { data?: Partial<ApiErrorBody> } })?.response;
  if (response?.data?.error) return response.data.error;
  const queryError = error as Partial<ApiErrorBody['error']> | null | undefined;
  if (
    queryError &&
    typeof queryError === 'object' &&
    !(queryError instanceof Error) &&
    typeof queryError.name === 'string' &&
    typeof queryError.message === 'string' &&
    typeof queryError.status === 'number'
  ) {
    return queryError as ApiErrorBody['error'];
  }
  return undefined;
};

/** The server's message for a failed call, for a notification. */
export const apiMessage = (error: unknown, fallback: string): string =>
  errorBody(error)?.message ?? (error instanceof Error && error.message ? error.message : fallback);

/** The server's per-field validation errors, keyed by dotted path (`defaults.timeLimitMs`). */
export const fieldErrors = (error: unknown): Record<string, string> => {
  const body = errorBody(error);
  const entries = body?.details?.errors ?? [];
  return Object.fromEntries(entries.map((entry) => [entry.path.join('.'), entry.message]));
};

/** The HTTP status of a failed call, when there was an answer. */
export const apiStatus = (error: unknown): number | undefined =>
  (error as { response?: { status?: number } })?.response?.status ?? errorBody(error)?.status;

/** The details the server gave with an error (e.g. the tasks that use a script, on a 409). */
export const apiDetails = (error: unknown): Record<string, unknown> | undefined =>
  errorBody(error)?.details;

/** A 400 from the server's validation, in the shape Strapi's form helpers read. */
export type ValidationFailure = ApiErrorBody['error'] & { name: 'ValidationError' };

/**
 * The server's validation failure with each error's path moved onto the form field that shows it
 * (`params.days` → `params`), ready for Strapi's `formatValidationErrors`; null for any other
 * failure. The server names its own paths; only the form knows which field displays each.
 */
export const validationFailureOnFields = (
  error: unknown,
  fieldOf: (path: string) => string
): ValidationFailure | null => {
  const body = errorBody(error);
  if (!body || body.name !== 'ValidationError') return null;
  const errors = (body.details?.errors ?? []).map((entry) => ({
    ...entry,
    path: fieldOf(entry.path.join('.')).split('.'),
  }));
  return { ...body, name: 'ValidationError', details: { ...body.details, errors } };
};
