/**
 * The next runs of a schedule as GET /schedule/preview answers them, in the task's time zone,
 * with daylight-saving changes flagged. Design-system components only (renders in jsdom).
 */
import { Badge, Box, Flex, Loader, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';

import type { SchedulePreview, SchedulePreviewSlot } from '../../../../server/src/contracts';
import { relativeParts } from './listing';
import { useTranslate } from '../../hooks/useTranslate';
import { useFormatTime } from '../../hooks/useFormatTime';

export interface SchedulePreviewListProps {
  preview: SchedulePreview | null;
  loading?: boolean;
  now?: number;
}

const DST_LABELS: Record<NonNullable<SchedulePreviewSlot['dstChange']>, string> = {
  'gap-shifted': 'Clocks go forward',
  overlap: 'Clocks go back',
  'offset-change': 'Clock change',
};

export const SchedulePreviewList = ({
  preview,
  loading,
  now = Date.now(),
}: SchedulePreviewListProps) => {
  const { formatRelativeTime } = useIntl();
  const { dateTime, wallClock } = useFormatTime();
  const t = useTranslate();

  const note = (slot: SchedulePreviewSlot, timeZone: string) => {
    switch (slot.dstChange) {
      case 'gap-shifted':
        return t(
          'tasks.preview.dst.gapShifted',
          '{scheduled} does not exist that day in {zone} (the clocks go forward): it runs at {local}',
          {
            scheduled: wallClock(slot.scheduledLocal),
            local: wallClock(slot.local),
            zone: timeZone,
          }
        );
      case 'overlap':
        return t(
          'tasks.preview.dst.overlap',
          '{local} happens twice that day in {zone} (the clocks go back): this is the one at UTC{offset}',
          { local: wallClock(slot.local), offset: slot.offset, zone: timeZone }
        );
      case 'offset-change':
        return t('tasks.preview.dst.offsetChange', '{zone} changes its clocks that day', {
          zone: timeZone,
        });
      default:
        return slot.note ?? '';
    }
  };

  if (!preview) {
    return loading ? (
      <Loader small>{t('tasks.preview.loading', 'Computing the next runs…')}</Loader>
    ) : null;
  }
  if (!preview.valid) {
    return (
      <Typography variant="omega" textColor="danger600">
        {t('tasks.preview.invalid', 'No next runs: {error}', { error: preview.error })}
      </Typography>
    );
  }
  if (preview.next.length === 0) {
    return (
      <Typography variant="omega" textColor="neutral600">
        {t('tasks.preview.none', 'No run to come (the active window has ended)')}
      </Typography>
    );
  }

  const row = (slot: SchedulePreviewSlot, testId?: string) => {
    const relative = relativeParts(slot.epochMs, now);
    return (
      <Box
        key={`${testId ?? 'slot'}-${slot.epochMs}`}
        tag="li"
        paddingTop={1}
        paddingBottom={1}
        style={{ listStyle: 'none' }}
        data-testid={testId}
      >
        <Flex gap={2} wrap="wrap" alignItems="center">
          <Typography variant="omega" fontWeight="semiBold">
            {dateTime(slot.epochMs, { timeZone: preview.timeZone, weekday: true })}
          </Typography>
          <Typography variant="pi" textColor="neutral600">
            UTC{slot.offset}
          </Typography>
          <Typography variant="pi" textColor="neutral600">
            ({formatRelativeTime(relative.value, relative.unit, { numeric: 'auto' })})
          </Typography>
          {slot.dstChange ? (
            <Badge variant="warning" size="S" data-testid="dst-badge">
              {t(`tasks.preview.dstBadge.${slot.dstChange}`, DST_LABELS[slot.dstChange])}
            </Badge>
          ) : null}
        </Flex>
        {slot.dstChange ? (
          <Typography variant="pi" textColor="warning700" tag="p">
            {note(slot, preview.timeZone)}
          </Typography>
        ) : null}
      </Box>
    );
  };

  return (
    <Flex
      direction="column"
      alignItems="stretch"
      gap={2}
      tag="ol"
      aria-label={t('tasks.preview.title', 'Next runs')}
      data-testid="next-runs"
    >
      {preview.next.map((slot) => row(slot))}
      {preview.nextDstSlot ? (
        <>
          <Typography variant="pi" textColor="neutral600" tag="li" style={{ listStyle: 'none' }}>
            {t('tasks.preview.laterDst', 'Later, on the next clock change:')}
          </Typography>
          {row(preview.nextDstSlot, 'next-dst-slot')}
        </>
      ) : null}
    </Flex>
  );
};
