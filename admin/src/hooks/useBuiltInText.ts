import { useCallback } from 'react';
import { useIntl } from 'react-intl';

import { builtInText, type NamedThing } from '../utils/builtInText';
import { getTranslation } from '../utils/getTranslation';

/**
 * Built-in scripts' and default tasks' names and descriptions in the user's language, while they
 * are the built-in's own (utils/builtInText.ts). Only for showing: a form edits the stored text.
 */
export const useBuiltInText = () => {
  const { formatMessage } = useIntl();
  const lookup = useCallback(
    (id: string, fallback: string) =>
      formatMessage({ id: getTranslation(id), defaultMessage: fallback }),
    [formatMessage]
  );
  return {
    /** A script: only a built-in one is translated. */
    script: useCallback(
      (script: NamedThing & { builtIn: boolean }) =>
        script.builtIn
          ? builtInText('script', script, lookup)
          : { name: script.name, description: script.description ?? null },
      [lookup]
    ),
    task: useCallback((task: NamedThing) => builtInText('task', task, lookup), [lookup]),
  };
};
