import {
  Box,
  Button,
  DatePicker,
  EmptyStateLayout,
  Field,
  Flex,
  Link,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
  VisuallyHidden,
} from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';
import { Layouts, Page, Pagination, useNotification, useQueryParams } from '@strapi/strapi/admin';
import { useEffect, useMemo, useState, type MouseEvent } from 'react';
import { useIntl } from 'react-intl';
import { Link as RouterLink, useLocation, useNavigate } from 'react-router-dom';

import { apiMessage } from '../../api/errors';
import { useGetRunsQuery, useGetTasksQuery } from '../../api/maintenance';
import type { Task } from '../../../../server/src/contracts';
import {
  dayStartMs,
  filtersFromQuery,
  formatDuration,
  runElapsedMs,
  runListParams,
  RUN_STATUSES,
  RUN_TRIGGERS,
  toDay,
  type RunFilters,
} from '../../components/runs/format';
import { RunStatusBadge, useRunLabels } from '../../components/runs/RunStatusBadge';
import { PLUGIN_ID } from '../../pluginId';
import { useTranslate } from '../../hooks/useTranslate';

const base = `/plugins/${PLUGIN_ID}`;
const LIVE_REFRESH_MS = 5000;

const parseDay = (day: string | undefined) => {
  const start = dayStartMs(day);
  return start === undefined ? undefined : new Date(start);
};

export const RunsListPage = () => {
  const { formatDate } = useIntl();
  const t = useTranslate();
  const labels = useRunLabels();
  const { toggleNotification } = useNotification();
  const navigate = useNavigate();
  const location = useLocation();
  const [{ query }] = useQueryParams<Record<string, string>>();

  const params = useMemo(() => runListParams(query), [query]);
  const filters = useMemo(() => filtersFromQuery(query), [query]);
  // Runs still going are refreshed until they end.
  const [anyRunning, setAnyRunning] = useState(false);
  const {
    data: answer,
    error,
    isLoading,
    fulfilledTimeStamp,
    refetch,
  } = useGetRunsQuery(params, {
    pollingInterval: anyRunning ? LIVE_REFRESH_MS : 0,
  });
  const runs = answer?.data ?? null;
  const pagination = answer?.meta.pagination ?? null;
  const failed = error !== undefined && !isLoading && runs === null;
  useEffect(() => setAnyRunning(runs?.some((run) => run.status === 'running') ?? false), [runs]);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => setNow(Date.now()), [fulfilledTimeStamp]);

  // A failed read is said once (quiet polls that fail keep the list shown).
  const failureMessage = failed
    ? apiMessage(error, t('runs.list.loadFailed', 'The runs could not be loaded'))
    : null;
  useEffect(() => {
    if (failureMessage) toggleNotification({ type: 'danger', message: failureMessage });
  }, [failureMessage, toggleNotification]);

  const { data: taskAnswer } = useGetTasksQuery({ pageSize: 100, sort: 'name:asc' });
  const tasks: Array<Pick<Task, 'id' | 'name'>> = useMemo(
    () => (taskAnswer?.data ?? []).map(({ id, name }) => ({ id, name })),
    [taskAnswer]
  );

  /** Changes one filter in the URL and goes back to the first page. */
  const setFilter = (key: keyof RunFilters, value: string | undefined) => {
    const search = new URLSearchParams(location.search);
    if (value) search.set(key, value);
    else search.delete(key);
    search.delete('page');
    navigate({ search: search.toString() });
  };

  const clearFilters = () => {
    const search = new URLSearchParams(location.search);
    for (const key of ['task', 'status', 'trigger', 'from', 'to', 'page']) search.delete(key);
    navigate({ search: search.toString() });
  };

  const hasFilters = Object.keys(filters).length > 0;
  const filteredTask = filters.task ? tasks.find((task) => String(task.id) === filters.task) : null;
  const date = (value: number | null | undefined) =>
    typeof value === 'number'
      ? formatDate(value, { dateStyle: 'medium', timeStyle: 'medium' } as never)
      : '—';

  const title = t('runs.list.title', 'Run history');

  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        title={title}
        subtitle={
          filters.task
            ? t('runs.list.subtitle.task', 'Runs of {task}', {
                task: filteredTask?.name ?? `#${filters.task}`,
              })
            : t('runs.list.subtitle', 'Every run of every task, newest first')
        }
        secondaryAction={
          <Button variant="tertiary" startIcon={<ArrowClockwise />} onClick={() => void refetch()}>
            {t('runs.list.refresh', 'Refresh')}
          </Button>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Box background="neutral0" hasRadius shadow="tableShadow" padding={4}>
            <Flex gap={4} wrap="wrap" alignItems="flex-end">
              <Box minWidth="220px">
                <Field.Root name="task">
                  <Field.Label>{t('runs.filters.task', 'Task')}</Field.Label>
                  <SingleSelect
                    placeholder={t('runs.filters.all', 'All')}
                    value={filters.task ?? ''}
                    onChange={(value) => setFilter('task', value ? String(value) : undefined)}
                    onClear={filters.task ? () => setFilter('task', undefined) : undefined}
                  >
                    {filters.task && !filteredTask ? (
                      <SingleSelectOption value={filters.task}>#{filters.task}</SingleSelectOption>
                    ) : null}
                    {tasks.map((task) => (
                      <SingleSelectOption key={task.id} value={String(task.id)}>
                        {task.name}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                </Field.Root>
              </Box>
              <Box minWidth="180px">
                <Field.Root name="status">
                  <Field.Label>{t('runs.filters.status', 'Status')}</Field.Label>
                  <SingleSelect
                    placeholder={t('runs.filters.all', 'All')}
                    value={filters.status ?? ''}
                    onChange={(value) => setFilter('status', value ? String(value) : undefined)}
                    onClear={filters.status ? () => setFilter('status', undefined) : undefined}
                  >
                    {RUN_STATUSES.map((status) => (
                      <SingleSelectOption key={status} value={status}>
                        {labels.status(status)}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                </Field.Root>
              </Box>
              <Box minWidth="160px">
                <Field.Root name="trigger">
                  <Field.Label>{t('runs.filters.trigger', 'Trigger')}</Field.Label>
                  <SingleSelect
                    placeholder={t('runs.filters.all', 'All')}
                    value={filters.trigger ?? ''}
                    onChange={(value) => setFilter('trigger', value ? String(value) : undefined)}
                    onClear={filters.trigger ? () => setFilter('trigger', undefined) : undefined}
                  >
                    {RUN_TRIGGERS.map((trigger) => (
                      <SingleSelectOption key={trigger} value={trigger}>
                        {labels.trigger(trigger)}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                </Field.Root>
              </Box>
              <Box>
                <Field.Root name="from">
                  <Field.Label>{t('runs.filters.from', 'Started from')}</Field.Label>
                  <DatePicker
                    value={parseDay(filters.from)}
                    onChange={(value) => setFilter('from', value ? toDay(value) : undefined)}
                    onClear={() => setFilter('from', undefined)}
                    clearLabel={t('runs.filters.clearDate', 'Clear the date')}
                  />
                </Field.Root>
              </Box>
              <Box>
                <Field.Root name="to">
                  <Field.Label>{t('runs.filters.to', 'Started until')}</Field.Label>
                  <DatePicker
                    value={parseDay(filters.to)}
                    onChange={(value) => setFilter('to', value ? toDay(value) : undefined)}
                    onClear={() => setFilter('to', undefined)}
                    clearLabel={t('runs.filters.clearDate', 'Clear the date')}
                  />
                </Field.Root>
              </Box>
              {hasFilters ? (
                <Button variant="tertiary" onClick={clearFilters}>
                  {t('runs.filters.clear', 'Clear filters')}
                </Button>
              ) : null}
            </Flex>
          </Box>

          {runs === null && !failed ? (
            <Page.Loading />
          ) : runs === null || runs.length === 0 ? (
            <EmptyStateLayout
              content={
                failed
                  ? t('runs.list.loadFailed', 'The runs could not be loaded')
                  : hasFilters
                    ? t('runs.list.emptyFiltered', 'No run matches these filters')
                    : t('runs.list.empty', 'No run yet')
              }
            />
          ) : (
            <>
              <Table colCount={8} rowCount={runs.length + 1}>
                <Thead>
                  <Tr>
                    <Th>
                      <Typography variant="sigma">{t('runs.column.run', 'Run')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t('runs.column.task', 'Task')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t('runs.column.status', 'Status')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t('runs.column.trigger', 'Trigger')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t('runs.column.slot', 'Slot')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t('runs.column.started', 'Started')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">
                        {t('runs.column.duration', 'Duration')}
                      </Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t('runs.column.attempt', 'Attempt')}</Typography>
                    </Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {runs.map((run) => {
                    const to = `${base}/runs/${run.id}`;
                    return (
                      <Tr
                        key={run.id}
                        onClick={() => navigate(to)}
                        style={{ cursor: 'pointer' }}
                        data-testid={`run-row-${run.id}`}
                      >
                        <Td>
                          <Link
                            tag={RouterLink}
                            to={to}
                            onClick={(event: MouseEvent) => event.stopPropagation()}
                          >
                            <VisuallyHidden>{t('runs.column.run', 'Run')} </VisuallyHidden>#{run.id}
                          </Link>
                        </Td>
                        <Td>
                          <Typography textColor="neutral800">
                            {run.taskName ?? `#${run.taskId}`}
                          </Typography>
                        </Td>
                        <Td>
                          <RunStatusBadge status={run.status} dryRun={run.dryRun} />
                        </Td>
                        <Td>
                          <Typography>{labels.trigger(run.trigger)}</Typography>
                        </Td>
                        <Td>
                          <Typography>{date(run.slot)}</Typography>
                        </Td>
                        <Td>
                          <Typography>{date(run.startedAt)}</Typography>
                        </Td>
                        <Td>
                          <Typography>{formatDuration(runElapsedMs(run, now))}</Typography>
                        </Td>
                        <Td>
                          <Typography>{run.attempt}</Typography>
                        </Td>
                      </Tr>
                    );
                  })}
                </Tbody>
              </Table>
              {pagination ? (
                <Pagination.Root
                  pageCount={pagination.pageCount}
                  total={pagination.total}
                  defaultPageSize={25}
                >
                  <Pagination.PageSize options={['10', '25', '50', '100']} />
                  <Pagination.Links />
                </Pagination.Root>
              ) : null}
            </>
          )}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};
