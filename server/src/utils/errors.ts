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
