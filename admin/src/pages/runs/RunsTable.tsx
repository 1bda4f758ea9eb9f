import { Link, Typography, VisuallyHidden } from '@strapi/design-system';
import type { MouseEvent } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router-dom';

import type { RunSummary } from '../../../../server/src/contracts';
import { ListTable } from '../../components/ListTable';
import { runElapsedMs } from '../../components/runs/format';
import { RunStatusBadge, useRunLabels } from '../../components/runs/RunStatusBadge';
import { useFormatDuration } from '../../hooks/useFormatDuration';
import { useBuiltInText } from '../../hooks/useBuiltInText';
import { useTranslate } from '../../hooks/useTranslate';
import { PLUGIN_ID } from '../../pluginId';
import { useFormatTime } from '../../hooks/useFormatTime';

/**
 * One line per run; a click anywhere on it opens the run, and so does its link, a Tab stop of its
 * own (ListTable: no grid taking the arrows and Enter). `now` times the runs still going.
 */
export const RunsTable = ({ runs, now }: { runs: RunSummary[]; now: number }) => {
  const t = useTranslate();
  const builtIn = useBuiltInText();
  const { dateTime } = useFormatTime();
  const { formatDuration } = useFormatDuration();
  const labels = useRunLabels();
  const navigate = useNavigate();
  const date = (value: number | null | undefined) =>
    typeof value === 'number' ? dateTime(value, { seconds: true }) : '—';
  const columns = [
    t('runs.column.run', 'Run'),
    t('runs.column.task', 'Task'),
    t('runs.column.status', 'Status'),
    t('runs.column.trigger', 'Trigger'),
    t('runs.column.slot', 'Slot'),
    t('runs.column.started', 'Started'),
    t('runs.column.duration', 'Duration'),
    t('runs.column.attempt', 'Attempt'),
  ];

  return (
    <ListTable aria-label={t('runs.list.tableLabel', 'Runs')}>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column} scope="col">
              <Typography variant="sigma">{column}</Typography>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => {
          const to = `/plugins/${PLUGIN_ID}/runs/${run.id}`;
          return (
            <tr
              key={run.id}
              onClick={() => navigate(to)}
              style={{ cursor: 'pointer' }}
              data-testid={`run-row-${run.id}`}
            >
              <td>
                <Link
                  tag={RouterLink}
                  to={to}
                  onClick={(event: MouseEvent) => event.stopPropagation()}
                >
                  <VisuallyHidden>{t('runs.column.run', 'Run')} </VisuallyHidden>#{run.id}
                </Link>
              </td>
              <td>
                <Typography textColor="neutral800">
                  {run.taskName === null
                    ? `#${run.taskId}`
                    : builtIn.task({ name: run.taskName }).name}
                </Typography>
              </td>
              <td>
                <RunStatusBadge status={run.status} dryRun={run.dryRun} />
              </td>
              <td>
                <Typography>{labels.trigger(run.trigger)}</Typography>
              </td>
              <td>
                <Typography>{date(run.slot)}</Typography>
              </td>
              <td>
                <Typography>{date(run.startedAt)}</Typography>
              </td>
              <td>
                <Typography>{formatDuration(runElapsedMs(run, now))}</Typography>
              </td>
              <td>
                <Typography>{run.attempt}</Typography>
              </td>
            </tr>
          );
        })}
      </tbody>
    </ListTable>
  );
};
