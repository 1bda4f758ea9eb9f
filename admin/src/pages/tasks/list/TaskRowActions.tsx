import { Button, Flex, IconButton, Loader, MenuItem, SimpleMenu } from '@strapi/design-system';
import { Duplicate, Eye, More, Pencil, Play, Trash } from '@strapi/icons';
import { Link as RouterLink, useNavigate } from 'react-router-dom';

import type { TaskListItem } from '../../../../../server/src/contracts';
import { CancelRun } from '../../../components/runs/CancelRun';
import type { MaintenancePermissions } from '../../../hooks/usePermissions';
import { useBuiltInText } from '../../../hooks/useBuiltInText';
import { useTranslate } from '../../../hooks/useTranslate';
import { PLUGIN_ID } from '../../../pluginId';
import type { RunInProgress } from '../useRunNow';

const base = `/plugins/${PLUGIN_ID}`;

/** A row's actions, as the role allows: run now, resume, edit, and a menu with the rest. */
export const TaskRowActions = ({
  task,
  permissions,
  progress,
  onRun,
  onResume,
  onDelete,
}: {
  task: TaskListItem;
  permissions: MaintenancePermissions;
  /** The run started from this page that is still going, if any. */
  progress: RunInProgress | undefined;
  onRun: (dryRun: boolean) => void;
  onResume: () => void;
  onDelete: () => void;
}) => {
  const t = useTranslate();
  const navigate = useNavigate();
  // As the row names it (a default task in the user's language).
  const name = useBuiltInText().task(task).name;
  const editable = permissions.canManageTasks && !task.managedInCode;
  const canRunNow = permissions.canRun && !progress;
  // The run going now (started here, by the schedule or elsewhere) may be cancelled.
  const running = task.lastRun?.status === 'running' ? task.lastRun : null;
  return (
    <Flex gap={1} justifyContent="flex-end">
      {permissions.canRun && running ? (
        // The list is re-read after the request (its cache tags), and often while a task runs.
        <CancelRun runId={running.id} taskName={name} compact />
      ) : null}
      {permissions.canRun ? (
        progress ? (
          <Loader small>
            {progress.dryRun
              ? t('tasks.run.dryRunning', 'Dry run of “{name}” in progress…', { name })
              : t('tasks.run.running', '“{name}” is running…', { name })}
          </Loader>
        ) : (
          <IconButton
            label={t('tasks.action.run', 'Run now: {name}', { name })}
            variant="ghost"
            disabled={task.running}
            onClick={() => onRun(false)}
          >
            <Play />
          </IconButton>
        )
      ) : null}
      {permissions.canManageTasks && task.pausedAt !== null ? (
        <Button size="S" variant="secondary" onClick={onResume}>
          {t('tasks.action.resume', 'Resume')}
        </Button>
      ) : null}
      {editable ? (
        <IconButton
          tag={RouterLink}
          to={`${base}/tasks/${task.id}`}
          label={t('tasks.action.edit', 'Edit: {name}', { name })}
          variant="ghost"
        >
          <Pencil />
        </IconButton>
      ) : null}
      {canRunNow || permissions.canManageTasks ? (
        <SimpleMenu
          tag={IconButton}
          icon={<More />}
          variant="ghost"
          label={t('tasks.action.more', 'More actions: {name}', { name })}
          popoverPlacement="bottom-end"
        >
          {canRunNow ? (
            <MenuItem startIcon={<Eye />} disabled={task.running} onSelect={() => onRun(true)}>
              {t('tasks.action.dryRunItem', 'Dry run (changes nothing)')}
            </MenuItem>
          ) : null}
          {permissions.canManageTasks ? (
            <MenuItem
              startIcon={<Duplicate />}
              onSelect={() => navigate(`${base}/tasks/new?duplicate=${task.id}`)}
            >
              {t('tasks.action.duplicateItem', 'Duplicate')}
            </MenuItem>
          ) : null}
          {editable ? (
            <MenuItem startIcon={<Trash />} variant="danger" onSelect={onDelete}>
              {t('tasks.action.deleteItem', 'Delete')}
            </MenuItem>
          ) : null}
        </SimpleMenu>
      ) : null}
    </Flex>
  );
};
