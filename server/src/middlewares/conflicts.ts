import { errors } from '@strapi/utils';
import { ConflictError, errorBody } from '../utils/errors';

export interface ErrorContext {
  status: number;
  body: unknown;
}

/**
 * Answers, in Strapi's error shape, the errors of a route's handler that Strapi itself would not
 * pass on whole:
 *
 * - a ConflictError with a 409 (Strapi has no 409 error of its own);
 * - a ForbiddenError (a built-in script, a record managed in code) with a 403 that keeps its
 *   message and details. Strapi's route composer wraps the handler in its `authorize` step, which
 *   turns any ForbiddenError other than a PolicyError into a bare `ctx.forbidden()` ("Forbidden",
 *   no details); this middleware runs inside that step, so the error never reaches it.
 */
const conflicts = () => async (ctx: ErrorContext, next: () => Promise<unknown>) => {
  try {
    await next();
  } catch (error) {
    if (error instanceof ConflictError) {
      ctx.status = 409;
      ctx.body = errorBody(409, error.name, error.message, error.details ?? {});
      return;
    }
    if (error instanceof errors.ForbiddenError && !(error instanceof errors.PolicyError)) {
      ctx.status = 403;
      ctx.body = errorBody(403, error.name, error.message, error.details ?? {});
      return;
    }
    throw error;
  }
};

export default conflicts;
