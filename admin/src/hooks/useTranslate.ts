import { useCallback } from 'react';
import { useIntl } from 'react-intl';

import { getTranslation } from '../utils/getTranslation';

/** Values an ICU message takes. */
export type TranslationValues = Record<string, string | number | boolean | Date | null | undefined>;

/** The translation function `useTranslate` gives. */
export type Translate = (id: string, defaultMessage: string, values?: TranslationValues) => string;

/**
 * The plugin's one translation function: `t(key, English default, values)`, the key relative to
 * the plugin (`tasks.list.title`). Stable for a locale, so it may sit in hook dependencies.
 */
export const useTranslate = (): Translate => {
  const { formatMessage } = useIntl();
  return useCallback(
    (id: string, defaultMessage: string, values?: TranslationValues) =>
      formatMessage({ id: getTranslation(id), defaultMessage }, values),
    [formatMessage]
  );
};
