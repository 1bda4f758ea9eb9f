import { Badge, Flex, Switch, Typography, VisuallyHidden } from '@strapi/design-system';
import { useIntl } from 'react-intl';

import type { TaskListItem } from '../../../../../server/src/contracts';
import { ListTable } from '../../../components/ListTable';
import type { MaintenancePermissions } from '../../../hooks/usePermissions';
import { useBuiltInText } from '../../../hooks/useBuiltInText';
import { useTranslate } from '../../../hooks/useTranslate';
import { cronInWords } from '../../../schedule/describe';
import type { RunInProgress } from '../useRunNow';
import { TaskNameCell } from './TaskNameCell';
import { TaskRowActions } from './TaskRowActions';
import { LastRunCell, NextRunCell } from './TaskRunCells';
import { useTaskTimes } from './useTaskTimes';

/** The tasks, one row each: schedule in words, enabled switch, last and next run, actions. */
export const TasksTable = ({
  tasks,
  now,
  permissions,
  inProgress,
  switching,
  onEnable,
  onRun,
  onResume,
  onDelete,
}: {
  tasks: TaskListItem[];
  /** When the list was read: relative times count from it. */
  now: number;
  permissions: MaintenancePermissions;
  inProgress: Record<number, RunInProgress>;
  /** Tasks whose enabled switch is being saved. */
  switching: Record<number, boolean>;
  onEnable: (task: TaskListItem, enabled: boolean) => void;
  onRun: (task: TaskListItem, dryRun: boolean) => void;
  onResume: (task: TaskListItem) => void;
  onDelete: (task: TaskListItem) => void;
}) => {
  const t = useTranslate();
  const builtIn = useBuiltInText();
  const { locale } = useIntl();
  const times = useTaskTimes(now);
  // The script is the column given up on narrow screens (ListTable); the rest stays.
  const columns = [
    { label: t('tasks.column.name', 'Name') },
    { label: t('tasks.column.schedule', 'Schedule') },
    { label: t('tasks.column.script', 'Script'), optional: true },
    { label: t('tasks.column.enabled', 'Enabled') },
    { label: t('tasks.column.lastRun', 'Last run') },
    { label: t('tasks.column.nextRun', 'Next run') },
  ];

  return (
    <ListTable aria-label={t('tasks.list.tableLabel', 'Tasks')}>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.label} scope="col" data-optional={column.optional || undefined}>
              <Typography variant="sigma">{column.label}</Typography>
            </th>
          ))}
          <th scope="col" data-actions>
            <VisuallyHidden>{t('tasks.column.actions', 'Actions')}</VisuallyHidden>
          </th>
        </tr>
      </thead>
      <tbody>
        {tasks.map((task) => (
          <tr key={task.id} data-testid={`task-row-${task.id}`}>
            <td>
              <TaskNameCell task={task} />
            </td>
            <td>
              <Flex direction="column" alignItems="flex-start" gap={1} maxWidth="24rem">
                <Typography>{cronInWords(task.schedule, locale)}</Typography>
                <Typography variant="pi" textColor="neutral600">
                  <code style={{ whiteSpace: 'nowrap' }}>{task.schedule}</code> · {task.timezone}
                </Typography>
              </Flex>
            </td>
            <td data-optional>
              {/* Script names are unique, so only a built-in can bear a built-in's name. */}
              <Typography>
                {task.scriptName === null
                  ? '—'
                  : builtIn.script({ name: task.scriptName, builtIn: true }).name}
              </Typography>
            </td>
            <td>
              {permissions.canManageTasks && !task.managedInCode ? (
                <Switch
                  aria-label={t('tasks.list.enabledLabel', 'Enabled: {name}', {
                    name: builtIn.task(task).name,
                  })}
                  checked={task.enabled}
                  disabled={Boolean(switching[task.id])}
                  onCheckedChange={(checked) => onEnable(task, checked)}
                />
              ) : (
                <Badge variant={task.enabled ? 'success' : 'neutral'} size="S">
                  {task.enabled ? t('tasks.list.on', 'Enabled') : t('tasks.list.off', 'Disabled')}
                </Badge>
              )}
            </td>
            <td>
              <LastRunCell task={task} times={times} />
            </td>
            <td>
              <NextRunCell task={task} times={times} />
            </td>
            <td data-actions>
              <TaskRowActions
                task={task}
                permissions={permissions}
                progress={inProgress[task.id]}
                onRun={(dryRun) => onRun(task, dryRun)}
                onResume={() => onResume(task)}
                onDelete={() => onDelete(task)}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </ListTable>
  );
};
