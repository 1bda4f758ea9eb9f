import { Badge, Flex } from '@strapi/design-system';
import { useIntl } from 'react-intl';

import type { RunStatus } from '../../../../server/src/contracts';
import { getTranslation } from '../../utils/getTranslation';
import { statusVariant } from './format';

/** Typed by the contracts: a status the server adds and the admin does not name fails typecheck. */
export const STATUS_LABELS: Record<RunStatus, string> = {
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  'timed-out': 'Timed out',
  'memory-exceeded': 'Memory exceeded',
  killed: 'Killed',
  interrupted: 'Interrupted',
  skipped: 'Skipped',
  replaced: 'Replaced',
  cancelled: 'Cancelled',
};

export const TRIGGER_LABELS: Record<string, string> = {
  route: 'Route',
  timer: 'Timer',
  manual: 'Manual',
  'catch-up': 'Catch-up',
  retry: 'Retry',
};

export const useRunLabels = () => {
  const { formatMessage } = useIntl();
  return {
    status: (status: string) =>
      formatMessage({
        id: getTranslation(`runs.status.${status}`),
        defaultMessage: STATUS_LABELS[status as RunStatus] ?? status,
      }),
    trigger: (trigger: string) =>
      formatMessage({
        id: getTranslation(`runs.trigger.${trigger}`),
        defaultMessage: TRIGGER_LABELS[trigger] ?? trigger,
      }),
    dryRun: () => formatMessage({ id: getTranslation('runs.dryRun'), defaultMessage: 'Dry run' }),
  };
};

export const RunStatusBadge = ({ status, dryRun }: { status: string; dryRun?: boolean }) => {
  const labels = useRunLabels();
  return (
    <Flex gap={1} wrap="wrap">
      <Badge variant={statusVariant(status)} size="S">
        {labels.status(status)}
      </Badge>
      {dryRun ? (
        <Badge variant="alternative" size="S">
          {labels.dryRun()}
        </Badge>
      ) : null}
    </Flex>
  );
};
