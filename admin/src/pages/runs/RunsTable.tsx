import {
  Link,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
  VisuallyHidden,
} from '@strapi/design-system';
import type { MouseEvent } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router-dom';

import type { RunSummary } from '../../../../server/src/contracts';
import { runElapsedMs } from '../../components/runs/format';
import { RunStatusBadge, useRunLabels } from '../../components/runs/RunStatusBadge';
import { useFormatDuration } from '../../hooks/useFormatDuration';
import { useTranslate } from '../../hooks/useTranslate';
import { PLUGIN_ID } from '../../pluginId';
import { useFormatTime } from '../../hooks/useFormatTime';

/** One line per run; a click anywhere on it opens the run. `now` times the runs still going. */
export const RunsTable = ({ runs, now }: { runs: RunSummary[]; now: number }) => {
  const t = useTranslate();
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
    <Table colCount={columns.length} rowCount={runs.length + 1}>
      <Thead>
        <Tr>
          {columns.map((column) => (
            <Th key={column}>
              <Typography variant="sigma">{column}</Typography>
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {runs.map((run) => {
          const to = `/plugins/${PLUGIN_ID}/runs/${run.id}`;
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
                <Typography textColor="neutral800">{run.taskName ?? `#${run.taskId}`}</Typography>
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
  );
};
