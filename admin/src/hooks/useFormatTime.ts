import { useMemo } from 'react';
import { useIntl } from 'react-intl';

import {
  formatDateTime,
  formatLogTime,
  formatWallClock,
  type DateTimeOptions,
} from '../utils/time';

/** The admin's time formatters (utils/time.ts), in the locale the user picked. */
export const useFormatTime = () => {
  const { locale } = useIntl();
  return useMemo(
    () => ({
      dateTime: (at: number, options?: DateTimeOptions) => formatDateTime(locale, at, options),
      logTime: (at: number) => formatLogTime(locale, at),
      wallClock: (local: string | undefined) => formatWallClock(locale, local),
    }),
    [locale]
  );
};
