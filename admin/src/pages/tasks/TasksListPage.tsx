import {
  Badge,
  Box,
  Button,
  Dialog,
  EmptyStateLayout,
  Flex,
  IconButton,
  LinkButton,
  Loader,
  MenuItem,
  SimpleMenu,
  SingleSelect,
  SingleSelectOption,
  Switch,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tooltip,
  Tr,
  Typography,
  VisuallyHidden,
} from '@strapi/design-system';
import {
  ArrowClockwise,
  Download,
  Duplicate,
  Eye,
  More,
  Pencil,
  Play,
  Plus,
  Trash,
} from '@strapi/icons';
import {
  ConfirmDialog,
  Layouts,
  Page,
  Pagination,
  useNotification,
  useQueryParams,
} from '@strapi/strapi/admin';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useIntl } from 'react-intl';
import { Link as RouterLink, useLocation, useNavigate } from 'react-router-dom';

import { apiMessage } from '../../api/errors';
import {
  useDeleteTaskMutation,
  useGetScriptsQuery,
  useGetTasksQuery,
  useTaskActionMutation,
} from '../../api/maintenance';
import type { ScriptSummary, Task } from '../../../../server/src/contracts';
import {
  relativeParts,
  taskFiltersFromQuery,
  taskListParams,
  TASK_STATUS_FILTERS,
  type TaskFilters,
} from '../../components/tasks/listing';
import { TaskStatusBadge, useStatusLabel } from '../../components/tasks/TaskStatusBadge';
import { useExport } from '../../components/transfer/useExport';
import { useMaintenancePermissions } from '../../hooks/usePermissions';
import { PLUGIN_ID } from '../../pluginId';
import { cronInWords } from '../../schedule/describe';
import { useRunNow } from './useRunNow';
import { useTranslate } from '../../hooks/useTranslate';

const base = `/plugins/${PLUGIN_ID}`;
const ALL = '__all__';

const formatDuration = (ms: number | null | undefined) => {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return null;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1).replace(/\.?0+$/, '')} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
};

/** How often the list is re-read. */
const TASKS_POLL_MS = 30_000;

export const TasksListPage = () => {
  const { formatDate, formatRelativeTime, locale } = useIntl();
  const t = useTranslate();
  const { toggleNotification } = useNotification();
  const navigate = useNavigate();
  const location = useLocation();
  const [{ query }] = useQueryParams<Record<string, string>>();
  const permissions = useMaintenancePermissions();
  const statusLabel = useStatusLabel();
  const { exportFile, exporting } = useExport();

  const params = useMemo(() => taskListParams(query), [query]);
  const filters = useMemo(() => taskFiltersFromQuery(query), [query]);
  const hasFilters = Object.keys(filters).length > 0;

  // Relative times ("in 3 minutes") move on; the list itself is re-read now and then.
  const {
    data: answer,
    error,
    fulfilledTimeStamp,
    refetch,
  } = useGetTasksQuery(params, { pollingInterval: TASKS_POLL_MS });
  const tasks = answer?.data ?? null;
  const pagination = answer?.meta.pagination ?? null;
  const failed = error !== undefined && tasks === null;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => setNow(Date.now()), [fulfilledTimeStamp]);
  const failureMessage = failed
    ? apiMessage(error, t('tasks.list.loadFailed', 'The tasks could not be loaded'))
    : null;
  useEffect(() => {
    if (failureMessage) toggleNotification({ type: 'danger', message: failureMessage });
  }, [failureMessage, toggleNotification]);

  const [toDelete, setToDelete] = useState<Task | null>(null);
  const [switching, setSwitching] = useState<Record<number, boolean>>({});
  const [taskAction] = useTaskActionMutation();
  const [deleteTask] = useDeleteTaskMutation();

  // With no task yet, the built-in scripts are offered as a start.
  const isEmpty = tasks !== null && tasks.length === 0 && !hasFilters;
  const { data: scripts } = useGetScriptsQuery(undefined, { skip: !isEmpty });
  const builtIns: ScriptSummary[] | null = useMemo(
    () => (scripts ? scripts.filter((script) => script.builtIn) : null),
    [scripts]
  );

  const onRunFinished = useCallback(() => void refetch(), [refetch]);
  const { runNow, inProgress } = useRunNow({ onFinished: onRunFinished });

  const setFilter = (key: keyof TaskFilters, value: string | undefined) => {
    const search = new URLSearchParams(location.search);
    if (value && value !== ALL) search.set(key, value);
    else search.delete(key);
    search.delete('page');
    navigate({ search: search.toString() });
  };

  const clearFilters = () => {
    const search = new URLSearchParams(location.search);
    for (const key of ['lastStatus', 'enabled', 'page']) search.delete(key);
    navigate({ search: search.toString() });
  };

  const setEnabled = async (task: Task, enabled: boolean) => {
    setSwitching((all) => ({ ...all, [task.id]: true }));
    try {
      await taskAction({ id: task.id, action: enabled ? 'enable' : 'disable' }).unwrap();
      // The list shows the change before the notification says it.
      await refetch();
      toggleNotification({
        type: 'success',
        message: enabled
          ? t('tasks.list.enabled', '“{name}” is enabled', { name: task.name })
          : t('tasks.list.disabled', '“{name}” is disabled', { name: task.name }),
      });
    } catch (error) {
      toggleNotification({
        type: 'danger',
        message: apiMessage(error, t('tasks.list.switchFailed', 'The task could not be changed')),
      });
    } finally {
      setSwitching(({ [task.id]: _done, ...rest }) => rest);
    }
  };

  const resume = async (task: Task) => {
    try {
      await taskAction({ id: task.id, action: 'resume' }).unwrap();
      await refetch();
      toggleNotification({
        type: 'success',
        message: t('tasks.list.resumed', '“{name}” is resumed', { name: task.name }),
      });
    } catch (error) {
      toggleNotification({
        type: 'danger',
        message: apiMessage(error, t('tasks.list.resumeFailed', 'The task could not be resumed')),
      });
    }
  };

  const confirmDelete = async () => {
    const task = toDelete;
    if (!task) return;
    try {
      await deleteTask(task.id).unwrap();
      toggleNotification({
        type: 'success',
        message: t('tasks.list.deleted', '“{name}” is deleted; its runs are kept', {
          name: task.name,
        }),
      });
      setToDelete(null);
    } catch (error) {
      setToDelete(null);
      toggleNotification({
        type: 'danger',
        message: apiMessage(error, t('tasks.list.deleteFailed', 'The task could not be deleted')),
      });
    }
  };

  const relative = (at: number) => {
    const { value, unit } = relativeParts(at, now);
    return formatRelativeTime(value, unit, { numeric: 'auto' });
  };
  const exact = (at: number, timeZone?: string) => {
    try {
      return formatDate(at, {
        timeZone,
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        timeZoneName: 'short',
      });
    } catch {
      return new Date(at).toISOString();
    }
  };

  const title = t('tasks.list.title', 'Tasks');

  if (failed && !tasks) {
    return (
      <Page.Main>
        <Page.Title>{title}</Page.Title>
        <Layouts.Header title={title} />
        <Layouts.Content>
          <Page.Error />
        </Layouts.Content>
      </Page.Main>
    );
  }

  const emptyState = (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={8}>
      <Flex direction="column" alignItems="center" gap={4}>
        <Typography variant="beta" tag="h2">
          {t('tasks.empty.title', 'No tasks yet')}
        </Typography>
        <Box maxWidth="64rem">
          <Typography tag="p" textAlign="center" textColor="neutral700">
            {t(
              'tasks.empty.explain',
              'A task runs a maintenance script on a schedule: for example every night at 03:00 in your time zone, with its own parameters and limits. Each scheduled run happens once, even with several Strapi instances, and is recorded in the run history.'
            )}
          </Typography>
        </Box>
        {permissions.canManageTasks ? (
          <>
            <Typography variant="delta" tag="h3">
              {t('tasks.empty.fromBuiltIn', 'Start from a built-in script')}
            </Typography>
            {builtIns === null ? (
              <Loader small />
            ) : (
              <Flex direction="column" alignItems="stretch" gap={2} width="100%" maxWidth="64rem">
                {builtIns.map((script) => (
                  <Flex
                    key={script.id}
                    justifyContent="space-between"
                    gap={4}
                    padding={3}
                    hasRadius
                    borderColor="neutral200"
                  >
                    <Box>
                      <Typography fontWeight="semiBold" tag="p">
                        {script.name}
                      </Typography>
                      {script.description ? (
                        <Typography variant="pi" textColor="neutral600" tag="p">
                          {script.description}
                        </Typography>
                      ) : null}
                    </Box>
                    <LinkButton
                      tag={RouterLink}
                      to={`${base}/tasks/new?script=${script.id}`}
                      variant="secondary"
                      startIcon={<Plus />}
                      size="S"
                    >
                      {t('tasks.empty.use', 'Create a task')}
                      <VisuallyHidden>{` ${script.name}`}</VisuallyHidden>
                    </LinkButton>
                  </Flex>
                ))}
                <Flex justifyContent="center" paddingTop={2}>
                  <LinkButton tag={RouterLink} to={`${base}/tasks/new`} startIcon={<Plus />}>
                    {t('tasks.empty.blank', 'Create a task from any script')}
                  </LinkButton>
                </Flex>
              </Flex>
            )}
          </>
        ) : null}
      </Flex>
    </Box>
  );

  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        title={title}
        subtitle={t(
          'tasks.list.subtitle',
          'Scripts that run on a schedule, each in its own time zone'
        )}
        primaryAction={
          <Flex gap={2}>
            <Button
              variant="secondary"
              startIcon={<Download />}
              loading={exporting}
              onClick={() => void exportFile()}
            >
              {t('tasks.list.export', 'Export')}
            </Button>
            {permissions.canManageTasks ? (
              <LinkButton tag={RouterLink} to={`${base}/tasks/new`} startIcon={<Plus />}>
                {t('tasks.list.create', 'Create a task')}
              </LinkButton>
            ) : null}
          </Flex>
        }
        secondaryAction={
          <Button variant="tertiary" startIcon={<ArrowClockwise />} onClick={() => void refetch()}>
            {t('tasks.list.refresh', 'Refresh')}
          </Button>
        }
      />
      {isEmpty ? null : (
        <Layouts.Action
          startActions={
            <Flex gap={2} wrap="wrap">
              <Box minWidth="20rem">
                <SingleSelect
                  size="S"
                  aria-label={t('tasks.filter.status', 'Last run status')}
                  value={filters.lastStatus ?? ALL}
                  onChange={(value) => setFilter('lastStatus', String(value))}
                >
                  <SingleSelectOption value={ALL}>
                    {t('tasks.filter.status.all', 'Any last run status')}
                  </SingleSelectOption>
                  {TASK_STATUS_FILTERS.map((status) => (
                    <SingleSelectOption key={status} value={status}>
                      {t('tasks.filter.status.one', 'Last run: {status}', {
                        status: statusLabel(status),
                      })}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Box>
              <Box minWidth="16rem">
                <SingleSelect
                  size="S"
                  aria-label={t('tasks.filter.enabled', 'Enabled or disabled')}
                  value={filters.enabled ?? ALL}
                  onChange={(value) => setFilter('enabled', String(value))}
                >
                  <SingleSelectOption value={ALL}>
                    {t('tasks.filter.enabled.all', 'Enabled and disabled')}
                  </SingleSelectOption>
                  <SingleSelectOption value="true">
                    {t('tasks.filter.enabled.true', 'Enabled only')}
                  </SingleSelectOption>
                  <SingleSelectOption value="false">
                    {t('tasks.filter.enabled.false', 'Disabled only')}
                  </SingleSelectOption>
                </SingleSelect>
              </Box>
              {hasFilters ? (
                <Button variant="tertiary" size="S" onClick={clearFilters}>
                  {t('tasks.filter.clear', 'Clear filters')}
                </Button>
              ) : null}
            </Flex>
          }
        />
      )}
      <Layouts.Content>
        {tasks === null ? (
          <Page.Loading />
        ) : isEmpty ? (
          emptyState
        ) : tasks.length === 0 ? (
          <EmptyStateLayout
            content={t('tasks.list.noMatch', 'No task matches these filters')}
            action={
              <Button variant="secondary" onClick={clearFilters}>
                {t('tasks.filter.clear', 'Clear filters')}
              </Button>
            }
          />
        ) : (
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Table colCount={7} rowCount={tasks.length + 1}>
              <Thead>
                <Tr>
                  <Th>
                    <Typography variant="sigma">{t('tasks.column.name', 'Name')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">
                      {t('tasks.column.schedule', 'Schedule')}
                    </Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('tasks.column.script', 'Script')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('tasks.column.enabled', 'Enabled')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('tasks.column.lastRun', 'Last run')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('tasks.column.nextRun', 'Next run')}</Typography>
                  </Th>
                  <Th>
                    <VisuallyHidden>{t('tasks.column.actions', 'Actions')}</VisuallyHidden>
                  </Th>
                </Tr>
              </Thead>
              <Tbody>
                {tasks.map((task) => {
                  const progress = inProgress[task.id];
                  const { lastRun } = task;
                  const duration = formatDuration(lastRun?.durationMs);
                  const paused = task.pausedAt;
                  const inCode = task.managedInCode;
                  const editable = permissions.canManageTasks && !inCode;
                  return (
                    <Tr key={task.id} data-testid={`task-row-${task.id}`}>
                      <Td style={{ whiteSpace: 'normal' }}>
                        <Flex direction="column" alignItems="flex-start" gap={1} maxWidth="20rem">
                          <RouterLink
                            to={`${base}/tasks/${task.id}`}
                            style={{ textDecoration: 'none' }}
                          >
                            <Typography fontWeight="semiBold" textColor="primary600">
                              {task.name}
                            </Typography>
                          </RouterLink>
                          <Flex gap={1} wrap="wrap">
                            {task.integrity !== 'valid' ? (
                              <Badge variant="danger" size="S">
                                {t('tasks.badge.changedOutside', 'Changed outside: will not run')}
                              </Badge>
                            ) : null}
                            {paused !== null ? (
                              <Tooltip
                                label={
                                  typeof task.pausedReason === 'string' && task.pausedReason
                                    ? task.pausedReason
                                    : t('tasks.badge.pausedHint', 'Paused after repeated failures')
                                }
                              >
                                <Box tag="span">
                                  <Badge variant="warning" size="S">
                                    {t('tasks.badge.paused', 'Paused')}
                                  </Badge>
                                </Box>
                              </Tooltip>
                            ) : null}
                            {paused === null && task.consecutiveFailedSlots > 0 ? (
                              <Badge variant="danger" size="S">
                                {t('tasks.badge.failedSlots', '{count} failed in a row', {
                                  count: task.consecutiveFailedSlots,
                                })}
                              </Badge>
                            ) : null}
                            {inCode ? (
                              <Tooltip
                                label={t(
                                  'tasks.badge.managedInCodeHint',
                                  'Declared in config/plugins: change it there'
                                )}
                              >
                                <Box tag="span">
                                  <Badge size="S">
                                    {t('tasks.badge.managedInCode', 'Managed in code')}
                                  </Badge>
                                </Box>
                              </Tooltip>
                            ) : null}
                          </Flex>
                        </Flex>
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
                        {editable ? (
                          <Switch
                            aria-label={t('tasks.list.enabledLabel', 'Enabled: {name}', {
                              name: task.name,
                            })}
                            checked={task.enabled}
                            disabled={Boolean(switching[task.id])}
                            onCheckedChange={(checked) => void setEnabled(task, checked)}
                          />
                        ) : (
                          <Badge variant={task.enabled ? 'success' : 'neutral'} size="S">
                            {task.enabled
                              ? t('tasks.list.on', 'Enabled')
                              : t('tasks.list.off', 'Disabled')}
                          </Badge>
                        )}
                      </Td>
                      <Td>
                        {task.running ? (
                          <TaskStatusBadge status="running" />
                        ) : task.lastStatus && task.lastRunAt !== null ? (
                          <Flex direction="column" alignItems="flex-start" gap={1}>
                            <TaskStatusBadge status={task.lastStatus} />
                            <Tooltip label={exact(task.lastRunAt)}>
                              <Typography variant="pi" textColor="neutral600">
                                {lastRun ? (
                                  <RouterLink to={`${base}/runs/${lastRun.id}`}>
                                    {relative(task.lastRunAt)}
                                  </RouterLink>
                                ) : (
                                  relative(task.lastRunAt)
                                )}
                                {duration
                                  ? ` · ${t('tasks.list.took', 'took {duration}', { duration })}`
                                  : ''}
                              </Typography>
                            </Tooltip>
                          </Flex>
                        ) : (
                          <Typography textColor="neutral500">
                            {t('tasks.list.never', 'Never run')}
                          </Typography>
                        )}
                      </Td>
                      <Td>
                        {!task.enabled ? (
                          <Typography textColor="neutral500">
                            {t('tasks.list.notScheduled', 'Not scheduled (disabled)')}
                          </Typography>
                        ) : paused !== null ? (
                          <Typography textColor="neutral500">
                            {t('tasks.list.pausedNext', 'Not scheduled (paused)')}
                          </Typography>
                        ) : task.retryAt !== null ? (
                          <Flex direction="column" alignItems="flex-start" gap={1}>
                            <Typography textColor="warning600">
                              {t('tasks.list.retryAt', 'Retry (attempt {attempt}) {when}', {
                                attempt: task.retryAttempt ?? '?',
                                when: relative(task.retryAt),
                              })}
                            </Typography>
                            <Typography variant="pi" textColor="neutral600">
                              {exact(task.retryAt, task.timezone)}
                            </Typography>
                          </Flex>
                        ) : task.nextRunAt !== null ? (
                          <Flex direction="column" alignItems="flex-start" gap={1}>
                            <Typography>{relative(task.nextRunAt)}</Typography>
                            <Typography variant="pi" textColor="neutral600">
                              {exact(task.nextRunAt, task.timezone)}
                            </Typography>
                          </Flex>
                        ) : (
                          <Typography textColor="neutral500">
                            {t('tasks.list.finished', 'None (the active window has ended)')}
                          </Typography>
                        )}
                      </Td>
                      <Td>
                        <Flex gap={1} justifyContent="flex-end">
                          {permissions.canRun ? (
                            progress ? (
                              <Loader small>
                                {progress.dryRun
                                  ? t('tasks.run.dryRunning', 'Dry run of “{name}” in progress…', {
                                      name: task.name,
                                    })
                                  : t('tasks.run.running', '“{name}” is running…', {
                                      name: task.name,
                                    })}
                              </Loader>
                            ) : (
                              <IconButton
                                label={t('tasks.action.run', 'Run now: {name}', {
                                  name: task.name,
                                })}
                                variant="ghost"
                                disabled={task.running}
                                onClick={() => void runNow(task, false)}
                              >
                                <Play />
                              </IconButton>
                            )
                          ) : null}
                          {permissions.canManageTasks && paused !== null ? (
                            <Button size="S" variant="secondary" onClick={() => void resume(task)}>
                              {t('tasks.action.resume', 'Resume')}
                            </Button>
                          ) : null}
                          {editable ? (
                            <IconButton
                              tag={RouterLink}
                              to={`${base}/tasks/${task.id}`}
                              label={t('tasks.action.edit', 'Edit: {name}', { name: task.name })}
                              variant="ghost"
                            >
                              <Pencil />
                            </IconButton>
                          ) : null}
                          {(permissions.canRun && !progress) || permissions.canManageTasks ? (
                            <SimpleMenu
                              tag={IconButton}
                              icon={<More />}
                              variant="ghost"
                              label={t('tasks.action.more', 'More actions: {name}', {
                                name: task.name,
                              })}
                              popoverPlacement="bottom-end"
                            >
                              {permissions.canRun && !progress ? (
                                <MenuItem
                                  startIcon={<Eye />}
                                  disabled={task.running}
                                  onSelect={() => void runNow(task, true)}
                                >
                                  {t('tasks.action.dryRunItem', 'Dry run (changes nothing)')}
                                </MenuItem>
                              ) : null}
                              {permissions.canManageTasks ? (
                                <MenuItem
                                  startIcon={<Duplicate />}
                                  onSelect={() =>
                                    navigate(`${base}/tasks/new?duplicate=${task.id}`)
                                  }
                                >
                                  {t('tasks.action.duplicateItem', 'Duplicate')}
                                </MenuItem>
                              ) : null}
                              {editable ? (
                                <MenuItem
                                  startIcon={<Trash />}
                                  variant="danger"
                                  onSelect={() => setToDelete(task)}
                                >
                                  {t('tasks.action.deleteItem', 'Delete')}
                                </MenuItem>
                              ) : null}
                            </SimpleMenu>
                          ) : null}
                        </Flex>
                      </Td>
                    </Tr>
                  );
                })}
              </Tbody>
            </Table>
            {pagination ? (
              <Pagination.Root pageCount={pagination.pageCount} total={pagination.total}>
                <Pagination.PageSize options={['10', '25', '50', '100']} />
                <Pagination.Links />
              </Pagination.Root>
            ) : null}
          </Flex>
        )}
      </Layouts.Content>

      <Dialog.Root open={toDelete !== null} onOpenChange={(open) => !open && setToDelete(null)}>
        <ConfirmDialog
          title={t('tasks.delete.title', 'Delete this task?')}
          onConfirm={confirmDelete}
          variant="danger"
        >
          {toDelete
            ? t(
                'tasks.delete.body',
                '“{name}” will no longer run. Its run history is kept. This cannot be undone.',
                { name: toDelete.name }
              )
            : ''}
        </ConfirmDialog>
      </Dialog.Root>
    </Page.Main>
  );
};
