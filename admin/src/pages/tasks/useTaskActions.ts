import { useNotification } from '@strapi/strapi/admin';

import { useDeleteTaskMutation, useTaskActionMutation } from '../../api/maintenance';
import { apiMessage } from '../../api/errors';
import type { Task } from '../../../../server/src/contracts';
import { useTranslate } from '../../hooks/useTranslate';

type TaskRef = Pick<Task, 'id' | 'name'>;

/**
 * What the tasks list and the task editor do to a task besides editing it: switch it on or off,
 * resume it after it paused itself, accept values changed outside the plugin, delete it. Each says
 * how it went in a notification; `refresh` re-reads what the page shows first, so that the page
 * shows the change before the notification says it.
 */
export const useTaskActions = (refresh: () => Promise<unknown>) => {
  const t = useTranslate();
  const { toggleNotification } = useNotification();
  const [taskAction] = useTaskActionMutation();
  const [deleteTask] = useDeleteTaskMutation();

  /** Runs `call`, then re-reads and says `done`; on failure says the server's reason or `failed`. */
  const attempt = async (call: () => Promise<unknown>, done: string, failed: string) => {
    try {
      await call();
      await refresh();
      toggleNotification({ type: 'success', message: done });
      return true;
    } catch (error) {
      toggleNotification({ type: 'danger', message: apiMessage(error, failed) });
      return false;
    }
  };
  const act = (task: TaskRef, action: 'enable' | 'disable' | 'resume' | 'accept') => () =>
    taskAction({ id: task.id, action }).unwrap();

  return {
    setEnabled: (task: TaskRef, enabled: boolean) =>
      attempt(
        act(task, enabled ? 'enable' : 'disable'),
        enabled
          ? t('tasks.list.enabled', '“{name}” is enabled', { name: task.name })
          : t('tasks.list.disabled', '“{name}” is disabled', { name: task.name }),
        t('tasks.list.switchFailed', 'The task could not be changed')
      ),
    resume: (task: TaskRef) =>
      attempt(
        act(task, 'resume'),
        t('tasks.list.resumed', '“{name}” is resumed', { name: task.name }),
        t('tasks.list.resumeFailed', 'The task could not be resumed')
      ),
    /** Seals the task's values as they stand: the user has read them and accepts them. */
    accept: (task: TaskRef) =>
      attempt(
        act(task, 'accept'),
        t('tasks.editor.accepted', '“{name}” is accepted and will run', { name: task.name }),
        t('tasks.editor.acceptFailed', 'The task could not be accepted')
      ),
    remove: (task: TaskRef) =>
      attempt(
        () => deleteTask(task.id).unwrap(),
        t('tasks.list.deleted', '“{name}” is deleted; its runs are kept', { name: task.name }),
        t('tasks.list.deleteFailed', 'The task could not be deleted')
      ),
  };
};
