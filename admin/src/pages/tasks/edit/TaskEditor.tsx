import { Button, Flex } from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { BackButton, Layouts, useForm } from '@strapi/strapi/admin';
import type { MutableRefObject } from 'react';
import { Link as RouterLink } from 'react-router-dom';

import type {
  RunLimits,
  SchedulePreview,
  ScriptSummary,
  Task,
} from '../../../../../server/src/contracts';
import { useSaveShortcut } from '../../../hooks/useSaveShortcut';
import { useTranslate } from '../../../hooks/useTranslate';
import { PLUGIN_ID } from '../../../pluginId';
import { FailuresSection } from './FailuresSection';
import { GeneralSection } from './GeneralSection';
import { LimitsSection } from './LimitsSection';
import { ParamsSection } from './ParamsSection';
import { ScheduleSection } from './ScheduleSection';
import { TaskAlerts } from './TaskAlerts';
import { useTaskValues } from './taskFormState';
import { useSchedulePreview } from './useSchedulePreview';
import { WindowSection } from './WindowSection';

const base = `/plugins/${PLUGIN_ID}`;

/**
 * The task editor inside its form: header with Save, the alerts, then one section per concern.
 * It keeps the schedule preview, which both the schedule section and the save read.
 */
export const TaskEditor = ({
  title,
  task,
  scripts,
  limits,
  canManage,
  previewRef,
  formRef,
  onAccept,
  onResume,
}: {
  title: string;
  task: Task | null;
  scripts: ScriptSummary[];
  limits: RunLimits;
  canManage: boolean;
  previewRef: MutableRefObject<SchedulePreview | null>;
  formRef: React.RefObject<HTMLFormElement | null>;
  onAccept: () => void;
  onResume: () => void;
}) => {
  const t = useTranslate();
  const readOnly = useForm('TaskEditor', (state) => state.disabled);
  const isSubmitting = useForm('TaskEditor', (state) => state.isSubmitting);
  const modified = useForm('TaskEditor', (state) => state.modified);
  const schedule = useTaskValues((values) => values.schedule);
  const timezone = useTaskValues((values) => values.timezone);
  const startAt = useTaskValues((values) => values.startAt);
  const endAt = useTaskValues((values) => values.endAt);
  const jitterSeconds = useTaskValues((values) => values.jitterSeconds);
  const { preview, loading } = useSchedulePreview({
    schedule,
    timezone,
    startAt,
    endAt,
    jitterSeconds,
    taskKey: task?.documentId,
  });
  previewRef.current = preview;

  useSaveShortcut(formRef, !readOnly && modified);

  return (
    <>
      <Layouts.Header
        title={title}
        subtitle={
          readOnly && task
            ? task.managedInCode
              ? t('tasks.editor.subtitleInCode', 'Read only: this task is managed in code')
              : t('tasks.editor.subtitleReadOnly', 'Read only: your role may not change tasks')
            : t('tasks.editor.subtitle', 'A script, its parameters and when it runs')
        }
        navigationAction={<BackButton fallback={`${base}/tasks`} />}
        primaryAction={
          readOnly ? null : (
            <Button type="submit" startIcon={<Check />} loading={isSubmitting}>
              {t('tasks.editor.save', 'Save')}
            </Button>
          )
        }
        secondaryAction={
          task ? (
            <Button variant="tertiary" tag={RouterLink} to={`${base}/runs?task=${task.id}`}>
              {t('tasks.editor.runHistory', 'Run history')}
            </Button>
          ) : null
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <TaskAlerts task={task} canManage={canManage} onAccept={onAccept} onResume={onResume} />
          <GeneralSection scripts={scripts} />
          <ParamsSection />
          <ScheduleSection preview={preview} previewLoading={loading} />
          <WindowSection />
          <FailuresSection task={task} />
          <LimitsSection defaults={limits} />
        </Flex>
      </Layouts.Content>
    </>
  );
};
