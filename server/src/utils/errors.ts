import { errors } from '@strapi/utils';

/**
 * The request is valid but clashes with the state of things: a task that is running, a script
 * that tasks use. Strapi has no 409 error of its own; the `conflicts` middleware turns this one
 * into a 409 in Strapi's error shape. Being an ApplicationError, it still reads as one to code
 * that calls the services directly.
 */
export class ConflictError<TDetails = unknown> extends errors.ApplicationError<
  'ConflictError',
  string,
  TDetails
> {
  constructor(message: string, details?: TDetails) {
    super(message, details);
    this.name = 'ConflictError';
  }
}

/** Strapi's error body, for the few answers its error middleware cannot produce. */
export const errorBody = (
  status: number,
  name: string,
  message: string,
  details: unknown = {}
) => ({
  data: null,
  error: { status, name, message, details },
});

/** Connection-level codes of PostgreSQL (SQLSTATE classes 08 and 57P), MySQL/MariaDB and Node. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  'PROTOCOL_CONNECTION_LOST',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'SQLITE_BUSY',
]);

/**
 * Whether an error says the database is away or too busy to answer (not that a query was wrong):
 * a connection refused or cut, a pool that could not hand out a connection, a call that passed its
 * bound (utils/async.ts). A caller gets 503 for it rather than a 500 (controllers/wakeups.ts).
 */
export const isDatabaseUnavailable = (error: unknown): boolean => {
  for (let cause = error, depth = 0; cause && depth < 5; depth += 1) {
    const { code, name, message } = cause as { code?: unknown; name?: unknown; message?: unknown };
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (name === 'KnexTimeoutError' || name === 'TimeoutError') return true;
    if (typeof message === 'string' && /Connection terminated|connection is closed/i.test(message))
      return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
};
