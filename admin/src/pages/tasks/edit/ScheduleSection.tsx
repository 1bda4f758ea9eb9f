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
import { previewErrorOn } from './useSchedulePreview';

/** The cron schedule, its time zone and the next runs the server foresees. */
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
  const zones = useMemo(() => timeZoneNames(), []);

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
                placeholder={t('tasks.editor.timezone.placeholder', 'Site default')}
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
        </Box>
      </Flex>
    </FormSection>
  );
};
