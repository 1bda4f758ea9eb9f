import { Button, Dialog, EmptyStateLayout, Flex, LinkButton } from '@strapi/design-system';
import { ArrowClockwise, Download, Plus } from '@strapi/icons';
import { ConfirmDialog, Layouts, Page, Pagination, useQueryParams } from '@strapi/strapi/admin';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';

import { apiMessage } from '../../../api/errors';
import { useGetHealthQuery, useGetScriptsQuery, useGetTasksQuery } from '../../../api/maintenance';
import { HoldControl } from '../../../components/hold/HoldControl';
import { useHoldConfirm } from '../../../components/hold/useHoldConfirm';
import type { ScriptSummary, TaskListItem } from '../../../../../server/src/contracts';
import {
  taskFiltersFromQuery,
  taskListParams,
  type TaskFilters,
} from '../../../components/tasks/listing';
import { useExport } from '../../../components/transfer/useExport';
import { useMaintenancePermissions } from '../../../hooks/usePermissions';
import { useSearchFilters } from '../../../hooks/useSearchFilters';
import { useFailureNotice } from '../../../hooks/useFailureNotice';
import { useTranslate } from '../../../hooks/useTranslate';
import { PLUGIN_ID } from '../../../pluginId';
import { useRunConfirm } from '../useRunConfirm';
import { useRunNow } from '../useRunNow';
import { useTaskActions } from '../useTaskActions';
import { TaskFiltersBar } from './TaskFilters';
import { TasksEmptyState } from './TasksEmptyState';
import { TasksTable } from './TasksTable';

/** How often the list is re-read. */
const TASKS_POLL_MS = 30_000;
/** How often while a task runs. */
const RUNNING_POLL_MS = 2_000;
const FILTER_NAMES: ReadonlyArray<keyof TaskFilters> = ['lastStatus', 'enabled'];

/** Every task with its schedule, last and next run; filters live in the URL's query. */
export const TasksListPage = () => {
  const t = useTranslate();
  const [{ query }] = useQueryParams<Record<string, string>>();
  const permissions = useMaintenancePermissions();
  const { exportFile, exporting } = useExport();
  const { setFilter, clearFilters } = useSearchFilters(FILTER_NAMES);

  const params = useMemo(() => taskListParams(query), [query]);
  const filters = useMemo(() => taskFiltersFromQuery(query), [query]);
  const hasFilters = Object.keys(filters).length > 0;

  // Relative times ("in 3 minutes") move on; the list itself is re-read now and then, and
  // often while a task runs (its progress, its end).
  const [pollMs, setPollMs] = useState(TASKS_POLL_MS);
  const {
    data: answer,
    error,
    fulfilledTimeStamp,
    refetch,
  } = useGetTasksQuery(params, { pollingInterval: pollMs });
  const tasks = answer?.data ?? null;
  const anyRunning = tasks?.some((task) => task.running) ?? false;
  useEffect(() => setPollMs(anyRunning ? RUNNING_POLL_MS : TASKS_POLL_MS), [anyRunning]);
  const pagination = answer?.meta.pagination ?? null;
  const failed = error !== undefined && tasks === null;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => setNow(Date.now()), [fulfilledTimeStamp]);
  const failureMessage = failed
    ? apiMessage(error, t('tasks.list.loadFailed', 'The tasks could not be loaded'))
    : null;
  useFailureNotice(failureMessage);

  const [toDelete, setToDelete] = useState<TaskListItem | null>(null);
  const [switching, setSwitching] = useState<Record<number, boolean>>({});
  const { setEnabled, resume, remove } = useTaskActions(refetch);

  // With no task yet, the built-in scripts are offered as a start.
  const isEmpty = tasks !== null && tasks.length === 0 && !hasFilters;
  const { data: scripts } = useGetScriptsQuery(undefined, { skip: !isEmpty });
  const builtIns: ScriptSummary[] | null = useMemo(
    () => (scripts ? scripts.filter((script) => script.builtIn) : null),
    [scripts]
  );

  const onRunFinished = useCallback(() => void refetch(), [refetch]);
  const { runNow, inProgress } = useRunNow({ onFinished: onRunFinished });
  // The maintenance hold (from the health answer the banner polls): run now asks first.
  const { data: health } = useGetHealthQuery();
  const { guard, dialog: holdDialog } = useHoldConfirm(health?.hold);
  // A chore that changes data asks first (and offers a dry run), then the hold may ask too.
  const { ask, dialog: runDialog } = useRunConfirm();

  const onEnable = async (task: TaskListItem, enabled: boolean) => {
    setSwitching((all) => ({ ...all, [task.id]: true }));
    await setEnabled(task, enabled);
    setSwitching(({ [task.id]: _done, ...rest }) => rest);
  };

  const confirmDelete = async () => {
    if (!toDelete) return;
    await remove(toDelete);
    setToDelete(null);
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

  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        title={title}
        subtitle={t(
          'tasks.list.subtitle',
          'Scripts that run on a schedule, each in its own time zone. The default tasks are off, except the run-history purge: nothing that deletes your data runs until you switch it on.'
        )}
        primaryAction={
          <Flex gap={2}>
            {permissions.canManageSettings ? (
              <HoldControl hold={health?.hold} showState={false} />
            ) : null}
            <Button
              variant="secondary"
              startIcon={<Download />}
              loading={exporting}
              onClick={() => void exportFile()}
            >
              {t('tasks.list.export', 'Export')}
            </Button>
            {permissions.canManageTasks ? (
              <LinkButton
                tag={RouterLink}
                to={`/plugins/${PLUGIN_ID}/tasks/new`}
                startIcon={<Plus />}
              >
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
            <TaskFiltersBar filters={filters} onFilter={setFilter} onClear={clearFilters} />
          }
        />
      )}
      <Layouts.Content>
        {tasks === null ? (
          <Page.Loading />
        ) : isEmpty ? (
          <TasksEmptyState canCreate={permissions.canManageTasks} builtIns={builtIns} />
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
            <TasksTable
              tasks={tasks}
              now={now}
              permissions={permissions}
              inProgress={inProgress}
              switching={switching}
              onEnable={(task, enabled) => void onEnable(task, enabled)}
              onRun={(task, dryRun) =>
                ask(task, dryRun, (chosen) => guard(() => void runNow(task, chosen)))
              }
              onResume={(task) => void resume(task)}
              onDelete={setToDelete}
            />
            {pagination ? (
              <Pagination.Root pageCount={pagination.pageCount} total={pagination.total}>
                <Pagination.PageSize options={['10', '25', '50', '100']} />
                <Pagination.Links />
              </Pagination.Root>
            ) : null}
          </Flex>
        )}
      </Layouts.Content>

      {runDialog}
      {holdDialog}
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
