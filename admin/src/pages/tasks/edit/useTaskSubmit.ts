import { useNotification, type FormErrors, type FormHelpers } from '@strapi/strapi/admin';
import type { MutableRefObject } from 'react';
import { useNavigate } from 'react-router-dom';

import { useCreateTaskMutation, useUpdateTaskMutation } from '../../../api/maintenance';
import { apiMessage, apiStatus, failsOnFields } from '../../../api/errors';
import type { SchedulePreview } from '../../../../../server/src/contracts';
import {
  formFieldOf,
  taskBody,
  taskFormFrom,
  validateTaskForm,
  type TaskFormValues,
} from '../../../components/tasks/form';
import { useServerFieldErrors } from '../../../hooks/useServerFieldErrors';
import { useTranslate } from '../../../hooks/useTranslate';
import { PLUGIN_ID } from '../../../pluginId';
import { getTranslation } from '../../../utils/getTranslation';
import { previewErrorOn } from './useSchedulePreview';

/**
 * Saving the task form: the checks made here first (schedule and time zone as the live preview
 * judged them), then POST or PUT; the server's 400 lands on the fields. A saved task is shown as
 * saved before the notification says so; a created one opens at its own address.
 */
export const useTaskSubmit = ({
  taskId,
  preview,
  refetchTask,
}: {
  taskId: number | null;
  /** The preview as the editor shows it now (the editor keeps it up to date). */
  preview: MutableRefObject<SchedulePreview | null>;
  refetchTask: () => Promise<void>;
}) => {
  const t = useTranslate();
  const { toggleNotification } = useNotification();
  const navigate = useNavigate();
  const serverFieldErrors = useServerFieldErrors();
  const [createTask] = useCreateTaskMutation();
  const [updateTask] = useUpdateTaskMutation();

  return async (
    values: TaskFormValues,
    { setErrors, resetForm }: FormHelpers<TaskFormValues>
  ): Promise<void> => {
    const found = validateTaskForm(values, {
      scheduleError: previewErrorOn(preview.current, 'schedule'),
    });
    const clientErrors: Record<string, unknown> = Object.fromEntries(
      Object.entries(found).map(([field, message]) => [
        field,
        { ...message, id: getTranslation(message.id) },
      ])
    );
    const zoneError = previewErrorOn(preview.current, 'timeZone');
    if (zoneError) clientErrors.timezone = zoneError;
    if (Object.keys(clientErrors).length > 0) {
      setErrors(clientErrors as FormErrors<TaskFormValues>);
      toggleNotification({
        type: 'warning',
        message: t('tasks.editor.fixErrors', 'Some fields need your attention'),
      });
      return;
    }
    try {
      const body = taskBody(values);
      const saved =
        taskId === null
          ? await createTask(body).unwrap()
          : await updateTask({ id: taskId, body }).unwrap();
      if (taskId !== null) {
        resetForm(taskFormFrom(saved));
        await refetchTask();
      }
      toggleNotification({
        type: 'success',
        message:
          taskId === null
            ? t('tasks.editor.created', '“{name}” is created', { name: saved.name })
            : t('tasks.editor.saved', '“{name}” is saved', { name: saved.name }),
      });
      if (taskId === null) navigate(`/plugins/${PLUGIN_ID}/tasks/${saved.id}`, { replace: true });
    } catch (error) {
      setErrors(serverFieldErrors(error, formFieldOf) as FormErrors<TaskFormValues>);
      toggleNotification({
        type: 'danger',
        // The server's reasons are on their fields, in the user's language.
        message: failsOnFields(error)
          ? t('tasks.editor.fixErrors', 'Some fields need your attention')
          : apiMessage(
              error,
              apiStatus(error) === 403
                ? t('tasks.editor.forbidden', 'You may not change this task')
                : t('tasks.editor.saveFailed', 'The task could not be saved')
            ),
      });
    }
  };
};
