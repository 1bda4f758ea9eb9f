import { useCallback } from 'react';
import { useIntl } from 'react-intl';

import { formatDuration, formatSignedDuration } from '../utils/duration';

/** Duration formatters bound to the admin's language. */
export const useFormatDuration = () => {
  const { locale } = useIntl();
  const duration = useCallback(
    (ms: number | null | undefined) => formatDuration(ms, locale),
    [locale]
  );
  const signedDuration = useCallback(
    (ms: number | null | undefined) => formatSignedDuration(ms, locale),
    [locale]
  );
  return { formatDuration: duration, formatSignedDuration: signedDuration };
};
