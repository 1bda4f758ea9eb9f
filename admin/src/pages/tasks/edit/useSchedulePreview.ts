import { useEffect, useMemo, useState } from 'react';
import { useIntl } from 'react-intl';

import { useGetSchedulePreviewQuery } from '../../../api/maintenance';
import { apiMessage, fieldErrors } from '../../../api/errors';
import type { SchedulePreview } from '../../../../../server/src/contracts';
import type { TaskFormValues } from '../../../components/tasks/form';
import { useServerText } from '../../../hooks/useServerText';
import { useTranslate } from '../../../hooks/useTranslate';
import { cronLocale } from '../../../schedule/describe';

/** Typing pauses this long before the server is asked. */
const PREVIEW_DEBOUNCE_MS = 400;
const PREVIEW_COUNT = 5;

/** The fields the preview depends on. */
export type PreviewedValues = Pick<
  TaskFormValues,
  'schedule' | 'timezone' | 'startAt' | 'endAt' | 'jitterSeconds'
> & {
  /** The task's documentId, from which its jitter offset derives (none before it is saved). */
  taskKey?: string | null;
};

/**
 * The server's preview of the next runs for the schedule being typed, asked for once typing
 * pauses. It lists the runs the task will really have: inside its active window. A failed call
 * reads as an invalid schedule, so that the schedule field says why.
 */
export const useSchedulePreview = ({
  schedule,
  timezone,
  startAt,
  endAt,
  jitterSeconds,
  taskKey,
}: PreviewedValues) => {
  const { locale } = useIntl();
  const t = useTranslate();
  const text = useServerText();
  const previewArgs = useMemo(
    () =>
      schedule.trim() === ''
        ? null
        : {
            expression: schedule.trim(),
            ...(timezone.trim() ? { timezone: timezone.trim() } : {}),
            count: PREVIEW_COUNT,
            locale: cronLocale(locale),
            ...(startAt !== null ? { startAt } : {}),
            ...(endAt !== null ? { endAt } : {}),
            ...(jitterSeconds
              ? { jitter: jitterSeconds, ...(taskKey ? { key: taskKey } : {}) }
              : {}),
          },
    [schedule, timezone, locale, startAt, endAt, jitterSeconds, taskKey]
  );
  const [askedPreview, setAskedPreview] = useState(previewArgs);
  useEffect(() => {
    const timer = setTimeout(() => setAskedPreview(previewArgs), PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [previewArgs]);
  const previewQuery = useGetSchedulePreviewQuery(askedPreview ?? { expression: '' }, {
    skip: askedPreview === null,
  });
  const loading =
    previewArgs !== null &&
    (previewQuery.isFetching || JSON.stringify(previewArgs) !== JSON.stringify(askedPreview));
  // A refused expression (too long) is the schedule field's complaint, in the user's language.
  const failure = previewQuery.error
    ? (fieldErrors(previewQuery.error, text).expression ??
      apiMessage(previewQuery.error, t('tasks.preview.failed', 'The preview is not available')))
    : null;
  const answer = previewQuery.data;
  // The server's reason, in the user's language where it has a key.
  const translated = useMemo(
    () =>
      answer && !answer.valid
        ? { ...answer, error: text({ ...answer, message: answer.error }) }
        : answer,
    [answer, text]
  );
  const preview: SchedulePreview | null =
    previewArgs === null
      ? null
      : failure !== null && !previewQuery.isFetching
        ? { valid: false, field: 'schedule', error: failure }
        : (translated ?? null);
  return { preview, loading };
};

/** The preview's complaint about `field`, if it has one. */
export const previewErrorOn = (
  preview: SchedulePreview | null,
  field: 'schedule' | 'timeZone'
): string | null => (preview && !preview.valid && preview.field === field ? preview.error : null);
