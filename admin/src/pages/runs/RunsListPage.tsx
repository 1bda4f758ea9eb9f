import { Button, EmptyStateLayout, Flex } from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';
import { Layouts, Page, useQueryParams } from '@strapi/strapi/admin';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';

import { apiMessage } from '../../api/errors';
import { useGetRunsQuery, useGetTasksQuery } from '../../api/maintenance';
import type { Task } from '../../../../server/src/contracts';
import { filtersFromQuery, runListParams, type RunFilters } from '../../components/runs/format';
import { useSearchFilters } from '../../hooks/useSearchFilters';
import { useFailureNotice } from '../../hooks/useFailureNotice';
import { useTranslate } from '../../hooks/useTranslate';
import { RunFiltersBar } from './RunFiltersBar';
import { RunsPager } from './RunsPager';
import { RunsTable } from './RunsTable';

const LIVE_REFRESH_MS = 5000;
const FILTER_NAMES: ReadonlyArray<keyof RunFilters> = ['task', 'status', 'trigger', 'from', 'to'];

/** Every run, newest first, filtered by the URL's query (`?task=4&status=failed`). */
export const RunsListPage = () => {
  const t = useTranslate();
  const [{ query }] = useQueryParams<Record<string, string>>();
  const { setFilter, clearFilters } = useSearchFilters(FILTER_NAMES);
  const navigate = useNavigate();
  const { search } = useLocation();
  /** Another page of the same list: `cursor` and `pageSize` set in the URL, the filters kept. */
  const goTo = useCallback(
    (changes: { cursor?: string; pageSize?: number }) => {
      const next = new URLSearchParams(search);
      if (changes.cursor !== undefined) next.set('cursor', changes.cursor);
      if (changes.pageSize !== undefined) next.set('pageSize', String(changes.pageSize));
      navigate({ search: next.toString() });
    },
    [navigate, search]
  );

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
  const answered = answer?.meta.pagination;
  const pagination = answered && 'nextCursor' in answered ? answered : null;
  const failed = error !== undefined && !isLoading && runs === null;
  useEffect(() => setAnyRunning(runs?.some((run) => run.status === 'running') ?? false), [runs]);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => setNow(Date.now()), [fulfilledTimeStamp]);

  // A failed read is said once (quiet polls that fail keep the list shown).
  const failureMessage = failed
    ? apiMessage(error, t('runs.list.loadFailed', 'The runs could not be loaded'))
    : null;
  useFailureNotice(failureMessage);

  const { data: taskAnswer } = useGetTasksQuery({ pageSize: 100, sort: 'name:asc' });
  const tasks: Array<Pick<Task, 'id' | 'name'>> = useMemo(
    () => (taskAnswer?.data ?? []).map(({ id, name }) => ({ id, name })),
    [taskAnswer]
  );
  const filteredTask = filters.task ? tasks.find((task) => String(task.id) === filters.task) : null;
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
          <RunFiltersBar
            filters={filters}
            tasks={tasks}
            onFilter={setFilter}
            onClear={clearFilters}
          />
          {runs === null && !failed ? (
            <Page.Loading />
          ) : runs === null || runs.length === 0 ? (
            <EmptyStateLayout
              content={
                failed
                  ? t('runs.list.loadFailed', 'The runs could not be loaded')
                  : Object.keys(filters).length > 0
                    ? t('runs.list.emptyFiltered', 'No run matches these filters')
                    : t('runs.list.empty', 'No run yet')
              }
            />
          ) : (
            <RunsTable runs={runs} now={now} />
          )}
          {/* Also under an empty or failed page that is not the first: the way back to the runs. */}
          {(runs && runs.length > 0) || params.cursor !== 'first' ? (
            <RunsPager
              pagination={pagination}
              cursor={params.cursor ?? 'first'}
              pageSize={params.pageSize ?? 25}
              onCursor={(cursor) => goTo({ cursor })}
              onPageSize={(pageSize) => goTo({ pageSize })}
            />
          ) : null}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};
