import { Badge, Box, Flex, Grid, Link, Typography } from '@strapi/design-system';
import { ArrowLeft } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useEffect, useState, type ReactNode } from 'react';
import { Link as RouterLink, useParams } from 'react-router-dom';
import { styled } from 'styled-components';

import { apiMessage, apiStatus } from '../../api/errors';
import { useGetRunQuery } from '../../api/maintenance';
import {
  isRunFinished,
  LIVE_POLL_MS,
  logText,
  prettyJson,
  runDriftMs,
  runElapsedMs,
} from '../../components/runs/format';
import { CancelRun } from '../../components/runs/CancelRun';
import { RunProgress } from '../../components/runs/RunProgress';
import { RunStatusBadge, useRunLabels } from '../../components/runs/RunStatusBadge';
import { useMaintenancePermissions } from '../../hooks/usePermissions';
import { PLUGIN_ID } from '../../pluginId';
import { useFormatDuration } from '../../hooks/useFormatDuration';
import { useFailureNotice } from '../../hooks/useFailureNotice';
import { useBuiltInText } from '../../hooks/useBuiltInText';
import { useTranslate } from '../../hooks/useTranslate';
import { useFormatTime } from '../../hooks/useFormatTime';

const base = `/plugins/${PLUGIN_ID}`;

const Pre = styled.pre`
  font-family: 'SFMono-Regular', Consolas, 'Liberation Mono', Menlo, monospace;
  font-size: 1.2rem;
  line-height: 1.6;
  white-space: pre-wrap;
  word-break: break-word;
  margin: 0;
  max-height: 48rem;
  overflow: auto;
  padding: ${({ theme }) => theme.spaces[4]};
  background: ${({ theme }) => theme.colors.neutral100};
  border: 1px solid ${({ theme }) => theme.colors.neutral200};
  border-radius: ${({ theme }) => theme.borderRadius};
  color: ${({ theme }) => theme.colors.neutral800};
`;

const Section = ({ title, children }: { title: string; children: ReactNode }) => (
  <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Typography variant="delta" tag="h2">
        {title}
      </Typography>
      {children}
    </Flex>
  </Box>
);

const Detail = ({ label, children }: { label: string; children: ReactNode }) => (
  <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="flex-start" gap={1}>
    <Typography variant="sigma" textColor="neutral600">
      {label}
    </Typography>
    <Typography textColor="neutral800" tag="div">
      {children}
    </Typography>
  </Grid.Item>
);

export const RunDetailPage = () => {
  const { id } = useParams<{ id: string }>();
  const { dateTime, logTime } = useFormatTime();
  const t = useTranslate();
  const builtIn = useBuiltInText();
  const { formatDuration, formatSignedDuration } = useFormatDuration();
  const labels = useRunLabels();
  const { canRun } = useMaintenancePermissions();
  const runId = Number(id);
  // A run still going is read again until it ends: its record follows its log and progress.
  const [finished, setFinished] = useState(false);
  const {
    data: run = null,
    error: failure,
    fulfilledTimeStamp,
    refetch,
  } = useGetRunQuery(runId, {
    pollingInterval: finished ? 0 : LIVE_POLL_MS,
    refetchOnMountOrArgChange: true,
  });
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (fulfilledTimeStamp) setNow(Date.now());
  }, [fulfilledTimeStamp]);

  // A failed first read is said once and ends the polling; failed polls are retried quietly.
  const error =
    failure === undefined ? null : apiStatus(failure) === 404 ? 'not-found' : run ? null : 'failed';
  useEffect(() => setFinished(isRunFinished(run) || error !== null), [run, error]);
  const failureMessage =
    error === 'failed'
      ? apiMessage(failure, t('runs.detail.loadFailed', 'The run could not be loaded'))
      : null;
  useFailureNotice(failureMessage);

  // The elapsed time of a running run keeps counting between polls.
  const running = run?.status === 'running';
  useEffect(() => {
    if (!running) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);

  const back = (
    <Link tag={RouterLink} to={`${base}/runs`} startIcon={<ArrowLeft />}>
      {t('runs.detail.back', 'Run history')}
    </Link>
  );

  if (error === 'not-found') {
    return (
      <Page.Main>
        <Layouts.Header
          navigationAction={back}
          title={t('runs.detail.notFound', 'Run {id} not found', { id })}
        />
      </Page.Main>
    );
  }
  if (error) return <Page.Error />;
  if (!run) return <Page.Loading />;

  const date = (value: number | null | undefined) =>
    typeof value === 'number' ? dateTime(value, { seconds: true }) : '—';
  const drift = runDriftMs(run);
  const log = logText(run.log, logTime);
  const hasResult = run.result !== null && run.result !== undefined;
  const title = t('runs.detail.title', 'Run #{id}', { id: run.id });
  const taskName =
    run.taskName === null ? `#${run.taskId}` : builtIn.task({ name: run.taskName }).name;

  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        navigationAction={back}
        title={title}
        primaryAction={
          running && canRun ? (
            <CancelRun
              runId={run.id}
              taskName={taskName}
              asked={run.cancelRequestedAt !== null}
              onAsked={() => void refetch()}
            />
          ) : undefined
        }
        subtitle={
          <Flex gap={2} paddingTop={1}>
            <Typography variant="epsilon" textColor="neutral600">
              {taskName}
            </Typography>
            <RunStatusBadge status={run.status} dryRun={run.dryRun} />
          </Flex>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Section title={t('runs.detail.details', 'Details')}>
            <Grid.Root gap={5}>
              <Detail label={t('runs.column.task', 'Task')}>
                <Flex gap={2} wrap="wrap">
                  <Link tag={RouterLink} to={`${base}/tasks/${run.taskId}`}>
                    {taskName}
                  </Link>
                  <Link tag={RouterLink} to={`${base}/runs?task=${run.taskId}`}>
                    {t('runs.detail.taskRuns', 'its runs')}
                  </Link>
                </Flex>
              </Detail>
              <Detail label={t('runs.column.status', 'Status')}>
                <RunStatusBadge status={run.status} dryRun={run.dryRun} />
              </Detail>
              <Detail label={t('runs.column.trigger', 'Trigger')}>
                {labels.trigger(run.trigger)}
              </Detail>
              <Detail label={t('runs.column.attempt', 'Attempt')}>{run.attempt}</Detail>
              <Detail label={t('runs.column.slot', 'Slot')}>
                {run.slot === null ? t('runs.detail.noSlot', 'none (run now)') : date(run.slot)}
              </Detail>
              <Detail label={t('runs.column.started', 'Started')}>{date(run.startedAt)}</Detail>
              <Detail label={t('runs.detail.drift', 'Started after its slot (drift)')}>
                {formatSignedDuration(drift)}
              </Detail>
              <Detail label={t('runs.detail.finished', 'Finished')}>
                {running ? t('runs.detail.stillRunning', 'still running…') : date(run.finishedAt)}
              </Detail>
              <Detail label={t('runs.column.duration', 'Duration')}>
                {formatDuration(runElapsedMs(run, now))}
              </Detail>
              <Detail label={t('runs.detail.instance', 'Instance')}>{run.instanceId ?? '—'}</Detail>
              <Detail label={t('runs.detail.scriptVersion', 'Script version')}>
                {run.scriptId ? (
                  <Link tag={RouterLink} to={`${base}/scripts/${run.scriptId}`}>
                    {run.scriptVersion !== null
                      ? t('runs.detail.version', 'version {version}', {
                          version: run.scriptVersion,
                        })
                      : `#${run.scriptId}`}
                  </Link>
                ) : run.scriptVersion !== null ? (
                  t('runs.detail.version', 'version {version}', { version: run.scriptVersion })
                ) : (
                  '—'
                )}
              </Detail>
              <Detail label={t('runs.detail.requestedBy', 'Requested by')}>
                {typeof run.requestedBy === 'number'
                  ? t('runs.detail.admin', 'administrator #{id}', { id: run.requestedBy })
                  : '—'}
              </Detail>
            </Grid.Root>
          </Section>

          {run.progress ? (
            <Section title={t('runs.detail.progress', 'Progress')}>
              <RunProgress progress={run.progress} />
            </Section>
          ) : null}

          {run.error ? (
            <Section title={t('runs.detail.error', 'Error')}>
              <Typography textColor="danger600" fontWeight="semiBold">
                {run.error.name ? `${run.error.name}: ` : ''}
                {run.error.message}
                {typeof run.error.line === 'number'
                  ? ` ${t('runs.detail.errorAt', '(line {line}, column {column})', {
                      line: run.error.line,
                      column: run.error.column ?? '?',
                    })}`
                  : ''}
              </Typography>
              {run.error.stack ? (
                <Pre aria-label={t('runs.detail.stack', 'Stack trace')}>{run.error.stack}</Pre>
              ) : null}
            </Section>
          ) : null}

          <Section title={t('runs.detail.log', 'Log')}>
            {run.logTruncated ? (
              <Box>
                <Badge variant="warning">
                  {t('runs.detail.logTruncated', 'Truncated: the log was too long to keep whole')}
                </Badge>
              </Box>
            ) : null}
            {log ? (
              <Pre data-testid="run-log" aria-label={t('runs.detail.log', 'Log')} tabIndex={0}>
                {log}
              </Pre>
            ) : (
              <Typography textColor="neutral600">
                {running
                  ? t(
                      'runs.detail.logLive',
                      'Nothing logged yet. The log appears here as the script writes it.'
                    )
                  : t('runs.detail.logEmpty', 'The script wrote nothing to the log.')}
              </Typography>
            )}
          </Section>

          <Section title={t('runs.detail.result', 'Result')}>
            {hasResult ? (
              <Pre data-testid="run-result" aria-label={t('runs.detail.result', 'Result')}>
                {prettyJson(run.result)}
              </Pre>
            ) : (
              <Typography textColor="neutral600">
                {t('runs.detail.noResult', 'No result.')}
              </Typography>
            )}
          </Section>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};
