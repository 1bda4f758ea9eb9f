import { Badge } from '@strapi/design-system';
import { useIntl } from 'react-intl';

import { getTranslation } from '../../utils/getTranslation';

export const TASK_STATUS_LABELS: Record<string, string> = {
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  'timed-out': 'Timed out',
  'memory-exceeded': 'Memory exceeded',
  killed: 'Killed',
  interrupted: 'Interrupted',
  skipped: 'Skipped',
};

type Variant = 'success' | 'danger' | 'warning' | 'neutral' | 'secondary';

export const statusBadgeVariant = (status: string): Variant => {
  if (status === 'succeeded') return 'success';
  if (status === 'running') return 'secondary';
  if (status === 'skipped') return 'neutral';
  if (status === 'interrupted' || status === 'killed') return 'warning';
  return 'danger';
};

/** A run status in the admin's language. */
export const useStatusLabel = () => {
  const { formatMessage } = useIntl();
  return (status: string) =>
    formatMessage({
      id: getTranslation(`tasks.status.${status}`),
      defaultMessage: TASK_STATUS_LABELS[status] ?? status,
    });
};

export const TaskStatusBadge = ({ status }: { status: string }) => {
  const label = useStatusLabel();
  return (
    <Badge variant={statusBadgeVariant(status)} size="S">
      {label(status)}
    </Badge>
  );
};
