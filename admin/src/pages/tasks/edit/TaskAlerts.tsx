import { Alert } from '@strapi/design-system';
import { useForm } from '@strapi/strapi/admin';

import type { Task } from '../../../../../server/src/contracts';
import { AlertWithAction } from '../../../components/AlertWithAction';
import { useTranslate } from '../../../hooks/useTranslate';

/** Where an error the form has no field for is kept. */
export const FORM_ERROR = 'form';

/**
 * What the user must know before editing: the task is managed in code, it was changed outside the
 * plugin, it paused itself; and a save error that belongs to no field.
 */
export const TaskAlerts = ({
  task,
  canManage,
  onAccept,
  onResume,
}: {
  task: Task | null;
  canManage: boolean;
  onAccept: () => void;
  onResume: () => void;
}) => {
  const t = useTranslate();
  const formError = useForm(
    'TaskAlerts',
    (state) => (state.errors as Record<string, unknown>)[FORM_ERROR]
  );
  const closeLabel = t('tasks.editor.close', 'Close');
  return (
    <>
      {task?.managedInCode ? (
        <AlertWithAction
          variant="default"
          title={t('tasks.editor.inCodeTitle', 'Managed in code')}
          closeLabel={closeLabel}
        >
          {t(
            'tasks.editor.inCode',
            'This task is declared in config/plugins (key “{key}”); change it there and restart Strapi.',
            { key: typeof task.codeKey === 'string' ? task.codeKey : '' }
          )}
        </AlertWithAction>
      ) : null}
      {task && task.integrity !== 'valid' ? (
        <AlertWithAction
          variant="danger"
          title={t('tasks.editor.outsideTitle', 'This task will not run')}
          closeLabel={closeLabel}
          action={
            canManage
              ? { label: t('tasks.action.accept', 'Accept as it stands'), onClick: onAccept }
              : undefined
          }
        >
          {t(
            'tasks.editor.outside',
            'Its script, params, schedule or enabled flag were changed outside the plugin (for example through another plugin or the database). Check the values below, then accept them or save the form.'
          )}
        </AlertWithAction>
      ) : null}
      {task && task.pausedAt !== null ? (
        <AlertWithAction
          variant="warning"
          title={t('tasks.editor.pausedTitle', 'Paused')}
          closeLabel={closeLabel}
          action={
            canManage ? { label: t('tasks.action.resume', 'Resume'), onClick: onResume } : undefined
          }
        >
          {typeof task.pausedReason === 'string' && task.pausedReason
            ? task.pausedReason
            : t(
                'tasks.editor.paused',
                'This task paused itself after failing several times in a row; it does not run until it is resumed.'
              )}
        </AlertWithAction>
      ) : null}
      {typeof formError === 'string' ? (
        <Alert variant="danger" closeLabel={closeLabel}>
          {formError}
        </Alert>
      ) : null}
    </>
  );
};
