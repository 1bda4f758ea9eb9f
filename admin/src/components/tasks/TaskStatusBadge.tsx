import { Badge } from '@strapi/design-system';
import { useIntl } from 'react-intl';

import type { RunStatus } from '../../../../server/src/contracts';
import { getTranslation } from '../../utils/getTranslation';
import { STATUS_LABELS } from '../runs/RunStatusBadge';
import { statusVariant } from '../runs/format';

/** A task's last status (a run status) in the admin's language, coloured as on the runs pages. */
export const useStatusLabel = () => {
  const { formatMessage } = useIntl();
  return (status: string) =>
    formatMessage({
      id: getTranslation(`tasks.status.${status}`),
      defaultMessage: STATUS_LABELS[status as RunStatus] ?? status,
    });
};

export const TaskStatusBadge = ({ status }: { status: string }) => {
  const label = useStatusLabel();
  return (
    <Badge variant={statusVariant(status)} size="S">
      {label(status)}
    </Badge>
  );
};
