import type { ApiErrorBody, KeyedMessage, MessageValues } from '../../../server/src/contracts';

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

/** A server message: its English text, and its key and values when it has them. */
export type ServerMessage = { message: string } & Partial<KeyedMessage>;

/** A translation by plugin-relative id (`errors.number.min`), or null when the catalogue lacks it. */
export type Lookup = (id: string, values?: MessageValues) => string | null;

/** How a server message reads: the server's English, or the admin's translation of its key. */
export type ServerText = (entry: ServerMessage) => string;

const english: ServerText = (entry) => entry.message;

/**
 * A server message in the admin's language: its key looked up in the `errors.` catalogue
 * (admin/src/translations/<locale>/errors.json), a cron field named as the catalogue names it;
 * the server's English text when it has no key or the catalogue lacks it.
 */
export const serverText = (entry: ServerMessage, lookup: Lookup): string => {
  if (!entry.key) return entry.message;
  const values: MessageValues = { ...entry.values };
  if (entry.key.startsWith('schedule.field.') && typeof values.field === 'string') {
    values.field = lookup(`errors.cronField.${values.field}`) ?? values.field;
  }
  return lookup(`errors.${entry.key}`, values) ?? entry.message;
};

/**
 * The server's per-field validation errors, keyed by dotted path (`defaults.timeLimitMs`), each
 * read by `text` (useServerText gives the translating one).
 */
export const fieldErrors = (error: unknown, text: ServerText = english): Record<string, string> => {
  const body = errorBody(error);
  const entries = body?.details?.errors ?? [];
  return Object.fromEntries(entries.map((entry) => [entry.path.join('.'), text(entry)]));
};

/**
 * Whether the failure is the server's 400 naming fields: the form shows each error on its field,
 * so a notification only needs to say that some need attention.
 */
export const failsOnFields = (error: unknown): boolean => {
  const body = errorBody(error);
  return body?.name === 'ValidationError' && (body.details?.errors?.length ?? 0) > 0;
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
 * (`params.days` → `params`) and its message read by `text`, ready for Strapi's
 * `formatValidationErrors`; null for any other
 * failure. The server names its own paths; only the form knows which field displays each.
 */
export const validationFailureOnFields = (
  error: unknown,
  fieldOf: (path: string) => string,
  text: ServerText = english
): ValidationFailure | null => {
  const body = errorBody(error);
  if (!body || body.name !== 'ValidationError') return null;
  const errors = (body.details?.errors ?? []).map((entry) => ({
    ...entry,
    message: text(entry),
    path: fieldOf(entry.path.join('.')).split('.'),
  }));
  return { ...body, name: 'ValidationError', details: { ...body.details, errors } };
};
