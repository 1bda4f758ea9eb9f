import { useAPIErrorHandler, type FormErrors } from '@strapi/strapi/admin';
import { useCallback } from 'react';

import { validationFailureOnFields } from '../api/errors';
import { useServerText } from './useServerText';

const samePath = (path: string) => path;

/**
 * The server's 400 as errors for Strapi's `Form` (`setErrors`), through Strapi's own
 * `formatValidationErrors`: each message, in the user's language where the server gave it a key,
 * under its field's path (`defaults.timeLimitMs`), after
 * `fieldOf` has moved server paths onto the fields that show them. Any other failure gives none.
 */
export const useServerFieldErrors = () => {
  const { _unstableFormatValidationErrors: formatValidationErrors } = useAPIErrorHandler();
  const text = useServerText();
  return useCallback(
    (error: unknown, fieldOf: (path: string) => string = samePath): FormErrors => {
      const failure = validationFailureOnFields(error, fieldOf, text);
      return failure
        ? formatValidationErrors(failure as Parameters<typeof formatValidationErrors>[0])
        : {};
    },
    [formatValidationErrors, text]
  );
};
