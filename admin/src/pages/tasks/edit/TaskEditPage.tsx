import { BackButton, Form, Layouts, Page } from '@strapi/strapi/admin';
import { useRef } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';

import { apiMessage } from '../../../api/errors';
import type { SchedulePreview } from '../../../../../server/src/contracts';
import { useBuiltInText } from '../../../hooks/useBuiltInText';
import { useMaintenancePermissions } from '../../../hooks/usePermissions';
import { useFailureNotice } from '../../../hooks/useFailureNotice';
import { useTranslate, type Translate } from '../../../hooks/useTranslate';
import { PLUGIN_ID } from '../../../pluginId';
import { useTaskActions } from '../useTaskActions';
import { TaskEditor } from './TaskEditor';
import { useTaskFormSource } from './useTaskFormSource';
import { useTaskSubmit } from './useTaskSubmit';

const idParam = (value: string | null | undefined) => (value ? Number(value) : null);

/** `name` is the task's name as shown (a default task's in the user's language). */
const editorTitle = (t: Translate, name: string | null, isNew: boolean, readOnly: boolean) => {
  if (isNew) return t('tasks.editor.titleNew', 'Create a task');
  if (name === null) return t('tasks.editor.title', 'Task');
  return readOnly ? name : t('tasks.editor.titleEdit', 'Edit “{name}”', { name });
};

/**
 * Creates a task (`/tasks/new`, optionally `?duplicate=id` or `?script=id`) or edits one
 * (`/tasks/:id`). Read-only for roles that may not manage tasks and for tasks managed in code.
 */
export const TaskEditPage = () => {
  const { id } = useParams<{ id: string }>();
  const [search] = useSearchParams();
  const isNew = id === undefined;
  const taskId = isNew ? null : Number(id);
  const t = useTranslate();
  const permissions = useMaintenancePermissions();

  const { initialValues, loadError, scripts, task, limits, refetchTask } = useTaskFormSource({
    taskId,
    duplicateOf: isNew ? idParam(search.get('duplicate')) : null,
    presetScript: search.get('script'),
  });
  const previewRef = useRef<SchedulePreview | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const submit = useTaskSubmit({ taskId, preview: previewRef, refetchTask });
  const { accept, resume } = useTaskActions(refetchTask);

  const readOnly = !permissions.canManageTasks || Boolean(task?.managedInCode);
  const builtIn = useBuiltInText();
  const title = editorTitle(t, task ? builtIn.task(task).name : null, isNew, readOnly);

  const loadFailure = loadError
    ? apiMessage(loadError, t('tasks.editor.loadFailed', 'The task could not be loaded'))
    : null;
  useFailureNotice(loadFailure);

  if (loadFailure) {
    return (
      <Page.Main>
        <Page.Title>{title}</Page.Title>
        <Layouts.Header
          title={title}
          navigationAction={<BackButton fallback={`/plugins/${PLUGIN_ID}/tasks`} />}
        />
        <Layouts.Content>
          <Page.Error />
        </Layouts.Content>
      </Page.Main>
    );
  }
  // A role that may not manage tasks has nothing to do on "Create a task" (not a dead form).
  if (isNew && !permissions.canManageTasks) return <Page.NoPermissions />;
  if (!initialValues) return <Page.Loading />;

  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Form
        method={isNew ? 'POST' : 'PUT'}
        initialValues={initialValues}
        disabled={readOnly}
        onSubmit={submit}
        ref={formRef}
      >
        <TaskEditor
          title={title}
          task={task}
          scripts={scripts}
          limits={limits}
          canManage={permissions.canManageTasks}
          previewRef={previewRef}
          formRef={formRef}
          onAccept={() => void (task && accept(task))}
          onResume={() => void (task && resume(task))}
        />
      </Form>
    </Page.Main>
  );
};
