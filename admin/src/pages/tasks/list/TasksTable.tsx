import {
  Badge,
  Flex,
  Switch,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
  VisuallyHidden,
} from '@strapi/design-system';
import { useIntl } from 'react-intl';

import type { TaskListItem } from '../../../../../server/src/contracts';
import type { MaintenancePermissions } from '../../../hooks/usePermissions';
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
  const { locale } = useIntl();
  const times = useTaskTimes(now);
  const columns = [
    t('tasks.column.name', 'Name'),
    t('tasks.column.schedule', 'Schedule'),
    t('tasks.column.script', 'Script'),
    t('tasks.column.enabled', 'Enabled'),
    t('tasks.column.lastRun', 'Last run'),
    t('tasks.column.nextRun', 'Next run'),
  ];

  return (
    <Table colCount={columns.length + 1} rowCount={tasks.length + 1}>
      <Thead>
        <Tr>
          {columns.map((column) => (
            <Th key={column}>
              <Typography variant="sigma">{column}</Typography>
            </Th>
          ))}
          <Th>
            <VisuallyHidden>{t('tasks.column.actions', 'Actions')}</VisuallyHidden>
          </Th>
        </Tr>
      </Thead>
      <Tbody>
        {tasks.map((task) => (
          <Tr key={task.id} data-testid={`task-row-${task.id}`}>
            <Td style={{ whiteSpace: 'normal' }}>
              <TaskNameCell task={task} />
            </Td>
            <Td style={{ whiteSpace: 'normal' }}>
              <Flex direction="column" alignItems="flex-start" gap={1} maxWidth="24rem">
                <Typography>{cronInWords(task.schedule, locale)}</Typography>
                <Typography variant="pi" textColor="neutral600">
                  <code>{task.schedule}</code> · {task.timezone}
                </Typography>
              </Flex>
            </Td>
            <Td>
              <Typography>{task.scriptName ?? '—'}</Typography>
            </Td>
            <Td>
              {permissions.canManageTasks && !task.managedInCode ? (
                <Switch
                  aria-label={t('tasks.list.enabledLabel', 'Enabled: {name}', { name: task.name })}
                  checked={task.enabled}
                  disabled={Boolean(switching[task.id])}
                  onCheckedChange={(checked) => onEnable(task, checked)}
                />
              ) : (
                <Badge variant={task.enabled ? 'success' : 'neutral'} size="S">
                  {task.enabled ? t('tasks.list.on', 'Enabled') : t('tasks.list.off', 'Disabled')}
                </Badge>
              )}
            </Td>
            <Td>
              <LastRunCell task={task} times={times} />
            </Td>
            <Td>
              <NextRunCell task={task} times={times} />
            </Td>
            <Td>
              <TaskRowActions
                task={task}
                permissions={permissions}
                progress={inProgress[task.id]}
                onRun={(dryRun) => onRun(task, dryRun)}
                onResume={() => onResume(task)}
                onDelete={() => onDelete(task)}
              />
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};
