import {
  Box,
  Combobox,
  ComboboxOption,
  Field,
  Flex,
  Grid,
  Typography,
} from '@strapi/design-system';
import { useMemo } from 'react';

import type { SchedulePreview } from '../../../../../server/src/contracts';
import { FormSection } from '../../../components/FormSection';
import { ScheduleBuilder } from '../../../components/tasks/ScheduleBuilder';
import { SchedulePreviewList } from '../../../components/tasks/SchedulePreviewList';
import { useFormField } from '../../../components/useFormField';
import { useTranslate } from '../../../hooks/useTranslate';
import { timeZoneNames } from '../../../schedule/timezones';
import { isOnceSchedule } from '../../../schedule/presets';
import { NumberField } from './NumberField';
import { previewErrorOn } from './useSchedulePreview';

/** The cron schedule (or one-off time), its time zone, its spread and the next runs the server foresees. */
export const ScheduleSection = ({
  preview,
  previewLoading,
}: {
  preview: SchedulePreview | null;
  previewLoading: boolean;
}) => {
  const t = useTranslate();
  const schedule = useFormField<string>('schedule');
  const timezone = useFormField<string>('timezone');
  const jitter = useFormField<number | null>('jitterSeconds');
  const once = isOnceSchedule(schedule.value);
  const zones = useMemo(() => timeZoneNames(), []);
  // A new task left without a zone gets the site's default when saved; the preview, asked without
  // one, names it. It is shown, not filled in: the preview answers while an editor may already be
  // typing in the box, and filling the field then put the zone in front of their text.
  const siteZone = timezone.value === '' && preview?.valid ? preview.timeZone : null;

  return (
    <FormSection title={t('tasks.editor.section.schedule', 'Schedule')}>
      <Flex direction="column" alignItems="stretch" gap={4}>
        <ScheduleBuilder
          value={schedule.value}
          onChange={schedule.onChange}
          error={schedule.error ?? previewErrorOn(preview, 'schedule') ?? undefined}
          disabled={schedule.disabled}
        />
        <Grid.Root gap={4}>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root
              name="timezone"
              error={timezone.error ?? previewErrorOn(preview, 'timeZone') ?? undefined}
              hint={t(
                'tasks.editor.timezone.hint',
                'The schedule’s times are in this zone (IANA name)'
              )}
            >
              <Field.Label>{t('tasks.editor.timezone', 'Time zone')}</Field.Label>
              <Combobox
                value={timezone.value || undefined}
                disabled={timezone.disabled}
                autocomplete={{ type: 'list', filter: 'contains' }}
                placeholder={
                  siteZone === null
                    ? t('tasks.editor.timezone.placeholder', 'Site default')
                    : t('tasks.editor.timezone.placeholderZone', 'Site default ({zone})', {
                        zone: siteZone,
                      })
                }
                noOptionsMessage={() =>
                  t('tasks.editor.timezone.none', 'No time zone has that name')
                }
                onChange={(zone) => {
                  if (zone) timezone.onChange(zone);
                }}
              >
                {zones.map((zone) => (
                  <ComboboxOption key={zone} value={zone}>
                    {zone}
                  </ComboboxOption>
                ))}
              </Combobox>
              <Field.Error />
              <Field.Hint />
            </Field.Root>
          </Grid.Item>
          {once ? null : (
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              <NumberField
                name="jitterSeconds"
                label={t('tasks.editor.jitter', 'Spread (jitter), seconds')}
                hint={t(
                  'tasks.editor.jitter.hint',
                  'Each run starts a fixed number of seconds, from 0 to this, after the scheduled time, so that tasks on the same schedule do not all start at once (at most 3600, and less than the time between two runs)'
                )}
                placeholder="0"
              />
            </Grid.Item>
          )}
        </Grid.Root>
        <Box>
          <Typography variant="sigma" tag="h3" textColor="neutral600">
            {t('tasks.preview.title', 'Next runs')}
            {preview?.valid
              ? ` · ${t('tasks.preview.inZone', 'in {zone}', { zone: preview.timeZone })}`
              : ''}
          </Typography>
          <Box paddingTop={2}>
            <SchedulePreviewList preview={preview} loading={previewLoading} />
          </Box>
          {preview?.valid && preview.jitterOffsetSeconds !== undefined ? (
            <Typography variant="pi" textColor="neutral600" tag="p" data-testid="jitter-note">
              {preview.jitterOffsetSeconds === null
                ? t(
                    'tasks.preview.jitterUnsaved',
                    'With the spread, each run will start 0 to {jitter} s after the time shown; the exact offset is fixed when the task is saved.',
                    { jitter: jitter.value ?? 0 }
                  )
                : t(
                    'tasks.preview.jitter',
                    'The times shown include this task’s spread: {offset} s after the scheduled time.',
                    { offset: preview.jitterOffsetSeconds }
                  )}
            </Typography>
          ) : null}
        </Box>
      </Flex>
    </FormSection>
  );
};
