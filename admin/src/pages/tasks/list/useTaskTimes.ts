import { useIntl } from 'react-intl';

import { relativeParts } from '../../../components/tasks/listing';

/**
 * Times in the tasks list: relative to `now` ("in 3 minutes"), and exact, in a task's own zone
 * when given (a zone the browser does not know falls back to the ISO instant).
 */
export const useTaskTimes = (now: number) => {
  const { formatDate, formatRelativeTime } = useIntl();
  const relative = (at: number) => {
    const { value, unit } = relativeParts(at, now);
    return formatRelativeTime(value, unit, { numeric: 'auto' });
  };
  const exact = (at: number, timeZone?: string) => {
    try {
      // The offset as the schedule preview writes it (UTC+01:00), not Intl's GMT+1 or CET.
      return formatDate(at, {
        timeZone,
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        timeZoneName: 'longOffset',
      }).replace(/\bGMT(?=[+-]|$|\s)/, 'UTC');
    } catch {
      return new Date(at).toISOString();
    }
  };
  return { relative, exact };
};

export type TaskTimes = ReturnType<typeof useTaskTimes>;
