import { useCallback } from 'react';
import { useIntl } from 'react-intl';

import { serverText, type ServerMessage, type ServerText } from '../api/errors';
import { getTranslation } from '../utils/getTranslation';

/**
 * Server messages in the user's language: translated by their key from the plugin's `errors.`
 * catalogue, the server's English text when there is no key or no translation for it.
 */
export const useServerText = (): ServerText => {
  const { formatMessage, messages } = useIntl();
  return useCallback(
    (entry: ServerMessage) =>
      serverText(entry, (id, values) => {
        const full = getTranslation(id);
        return full in messages ? formatMessage({ id: full }, values) : null;
      }),
    [formatMessage, messages]
  );
};
