import type { ApiErrorBody } from './types';

// Kept apart from the client so that pure logic can be tested without loading the admin app.

const errorBody = (error: unknown): ApiErrorBody['error'] | undefined => {
  const response = (error as { response?: { data?: Partial<ApiErrorBody> } })?.response;
  return response?.data?.error ?? undefined;
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
