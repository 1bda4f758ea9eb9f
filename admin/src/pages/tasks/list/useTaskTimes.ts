import { useIntl } from 'react-intl';

import { relativeParts } from '../../../components/tasks/listing';
import { useFormatTime } from '../../../hooks/useFormatTime';

/**
 * Times in the tasks list: relative to `now` ("in 3 minutes"), and exact, in a task's own zone
 * when given (a zone the browser does not know falls back to the ISO instant).
 */
export const useTaskTimes = (now: number) => {
  const { formatRelativeTime } = useIntl();
  const { dateTime } = useFormatTime();
  const relative = (at: number) => {
    const { value, unit } = relativeParts(at, now);
    return formatRelativeTime(value, unit, { numeric: 'auto' });
  };
  // In the task's own zone, with its offset as the schedule preview writes it (UTC+01:00).
  const exact = (at: number, timeZone?: string) => dateTime(at, { timeZone, offset: true });
  return { relative, exact };
};

export type TaskTimes = ReturnType<typeof useTaskTimes>;
