import { Alert, Typography } from '@strapi/design-system';

import type { Script } from '../../../../../server/src/contracts';
import { ChangedOutsideReview } from '../../../components/scripts/ChangedOutsideReview';
import { useTranslate } from '../../../hooks/useTranslate';

/**
 * Why the script cannot be changed here (built-in, managed in code, the role), and the review of a
 * body changed outside the plugin.
 */
export const ScriptNotices = ({
  script,
  locked,
  canManage,
  onResolved,
}: {
  script: Script | null;
  locked: boolean;
  canManage: boolean;
  onResolved: (script: Script) => void;
}) => {
  const t = useTranslate();
  return (
    <>
      {locked && script ? (
        <Alert
          closeLabel={t('scripts.editor.close', 'Close')}
          variant="default"
          title={
            script.builtIn
              ? t('scripts.editor.builtIn.title', 'Built-in script')
              : t('scripts.editor.managed.title', 'Managed in code')
          }
        >
          {script.builtIn
            ? t(
                'scripts.editor.builtIn.body',
                'It is read-only and updated with the plugin. Duplicate it to make a version of your own.'
              )
            : t(
                'scripts.editor.managed.body',
                'It is defined in the site’s code and read-only here. Change it in the code, or duplicate it.'
              )}
        </Alert>
      ) : null}
      {!canManage ? (
        <Typography variant="pi" textColor="neutral600">
          {t(
            'scripts.editor.readOnlyRole',
            'You can read scripts; changing and testing them needs the “Manage scripts” permission.'
          )}
        </Typography>
      ) : null}
      {script && script.integrity !== 'valid' ? (
        <ChangedOutsideReview script={script} canManage={canManage} onResolved={onResolved} />
      ) : null}
    </>
  );
};
