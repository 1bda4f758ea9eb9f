import * as React from 'react';
import { useIntl } from 'react-intl';

import { getTranslation } from '../../utils/getTranslation';

export type TextValues = Record<string, string | number>;
export type Translate = (id: string, defaultMessage: string, values?: TextValues) => string;

/** formatMessage for the plugin's own keys (`scripts.…`), with the English text as default. */
export const useScriptsText = (): Translate => {
  const { formatMessage } = useIntl();
  return React.useCallback(
    (id, defaultMessage, values) =>
      formatMessage({ id: getTranslation(id), defaultMessage }, values) as string,
    [formatMessage]
  );
};
