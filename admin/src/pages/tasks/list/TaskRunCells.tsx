import { Badge, Box, Flex, Tooltip, Typography } from '@strapi/design-system';
import { Link as RouterLink } from 'react-router-dom';

import type { TaskListItem } from '../../../../../server/src/contracts';
import { RunProgress } from '../../../components/runs/RunProgress';
import { TaskStatusBadge } from '../../../components/tasks/TaskStatusBadge';
import { useFormatDuration } from '../../../hooks/useFormatDuration';
import { useTranslate } from '../../../hooks/useTranslate';
import { PLUGIN_ID } from '../../../pluginId';
import { isOnceSchedule } from '../../../schedule/presets';
import type { TaskTimes } from './useTaskTimes';

/** How the last run went, when, linking to it, and how long it took. */
export const LastRunCell = ({ task, times }: { task: TaskListItem; times: TaskTimes }) => {
  const t = useTranslate();
  const { formatDuration } = useFormatDuration();
  const { lastRun, lastRunAt, lastStatus } = task;
  if (task.running) {
    const progress = lastRun?.status === 'running' ? lastRun.progress : null;
    return (
      <Flex direction="column" alignItems="stretch" gap={1}>
        <Box>
          <TaskStatusBadge status="running" />
        </Box>
        {progress ? <RunProgress progress={progress} compact /> : null}
      </Flex>
    );
  }
  if (!lastStatus || lastRunAt === null) {
    return <Typography textColor="neutral600">{t('tasks.list.never', 'Never run')}</Typography>;
  }
  const took =
    lastRun && Number.isFinite(lastRun.durationMs)
      ? ` · ${t('tasks.list.took', 'took {duration}', { duration: formatDuration(lastRun.durationMs) })}`
      : '';
  return (
    <Flex direction="column" alignItems="flex-start" gap={1}>
      <TaskStatusBadge status={lastStatus} />
      <Tooltip label={times.exact(lastRunAt)}>
        <Typography variant="pi" textColor="neutral600">
          {lastRun ? (
            <RouterLink to={`/plugins/${PLUGIN_ID}/runs/${lastRun.id}`}>
              {times.relative(lastRunAt)}
            </RouterLink>
          ) : (
            times.relative(lastRunAt)
          )}
          {took}
        </Typography>
      </Tooltip>
    </Flex>
  );
};

/** When the task runs next: a pending retry, the next slot, or why there is none. */
export const NextRunCell = ({ task, times }: { task: TaskListItem; times: TaskTimes }) => {
  const t = useTranslate();
  const none = (text: string) => <Typography textColor="neutral600">{text}</Typography>;
  // A one-off task with no slot left has had its run (or its time passed): it is done.
  if (isOnceSchedule(task.schedule) && task.nextRunAt === null && task.retryAt === null) {
    return (
      <Badge data-testid="one-off-done">{t('tasks.list.onceDone', 'Done (one-off task)')}</Badge>
    );
  }
  if (!task.enabled) return none(t('tasks.list.notScheduled', 'Not scheduled (disabled)'));
  if (task.pausedAt !== null) return none(t('tasks.list.pausedNext', 'Not scheduled (paused)'));
  if (task.retryAt !== null) {
    return (
      <Flex direction="column" alignItems="flex-start" gap={1}>
        <Typography textColor="warning600">
          {t('tasks.list.retryAt', 'Retry (attempt {attempt}) {when}', {
            attempt: task.retryAttempt ?? '?',
            when: times.relative(task.retryAt),
          })}
        </Typography>
        <Typography variant="pi" textColor="neutral600">
          {times.exact(task.retryAt, task.timezone)}
        </Typography>
      </Flex>
    );
  }
  if (task.nextRunAt !== null) {
    return (
      <Flex direction="column" alignItems="flex-start" gap={1}>
        <Typography>{times.relative(task.nextRunAt)}</Typography>
        <Typography variant="pi" textColor="neutral600">
          {times.exact(task.nextRunAt, task.timezone)}
        </Typography>
      </Flex>
    );
  }
  return none(t('tasks.list.finished', 'None (the active window has ended)'));
};
