/**
 * The schedule builder: presets (every hour / day / week / month), once at a date and time, and
 * the raw cron expression,
 * kept in step both ways, with the schedule in words. Design-system components only (no
 * @strapi/strapi/admin), so that it renders in jsdom.
 */
import {
  Box,
  Field,
  Flex,
  Grid,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { useMemo, useState } from 'react';
import { useIntl } from 'react-intl';

import { describeCron } from '../../schedule/describe';
import {
  cronToPreset,
  DEFAULT_PRESET,
  defaultOnceLocalTime,
  onceExpression,
  onceLocalTime,
  parseTimeOfDay,
  presetOf,
  presetToCron,
  PRESET_KINDS,
  timeOfPreset,
  type BuilderMode,
  type SchedulePreset,
} from '../../schedule/presets';
import { useTranslate } from '../../hooks/useTranslate';

export interface ScheduleBuilderProps {
  value: string;
  onChange: (expression: string) => void;
  /** An error for the expression (the live preview's, or the server's 400). */
  error?: string | null;
  disabled?: boolean;
}

const MODE_LABELS: Record<BuilderMode, string> = {
  hourly: 'Every hour',
  daily: 'Every day',
  weekly: 'Every week',
  monthly: 'Every month',
  once: 'Once, at a date and time',
  custom: 'Custom (cron expression)',
};

/** Weekday names in the admin's language, Sunday first (cron's 0). */
const weekdayNames = (locale: string) => {
  const format = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
  // 2023-01-01 was a Sunday.
  return Array.from({ length: 7 }, (_, day) => format.format(Date.UTC(2023, 0, 1 + day)));
};

export const ScheduleBuilder = ({ value, onChange, error, disabled }: ScheduleBuilderProps) => {
  const { locale } = useIntl();
  const t = useTranslate();

  const preset = cronToPreset(value);
  const onceValue = onceLocalTime(value);
  const [customChosen, setCustomChosen] = useState(false);
  const mode: BuilderMode = customChosen
    ? 'custom'
    : onceValue !== null
      ? 'once'
      : (preset?.kind ?? 'custom');
  const days = useMemo(() => weekdayNames(locale), [locale]);
  const words = describeCron(value, locale);

  /** The preset's values so far, to carry over when the kind changes. */
  const current: Omit<SchedulePreset, 'kind'> = preset ?? DEFAULT_PRESET;
  const update = (changes: Partial<SchedulePreset>) => {
    if (!preset) return;
    onChange(presetToCron({ ...preset, ...changes }));
  };

  const chooseMode = (next: BuilderMode) => {
    if (next === 'custom') {
      setCustomChosen(true);
      return;
    }
    setCustomChosen(false);
    if (next === 'once') {
      onChange(onceExpression(onceValue ?? defaultOnceLocalTime()));
      return;
    }
    onChange(presetToCron(presetOf(next, current)));
  };

  const timeField = preset && mode !== 'hourly' && mode !== 'custom' && (
    <Field.Root
      name="schedule-time"
      hint={t('tasks.schedule.time.hint', 'In the task’s time zone')}
    >
      <Field.Label>{t('tasks.schedule.time', 'At')}</Field.Label>
      <TextInput
        type="time"
        value={timeOfPreset(preset)}
        disabled={disabled}
        onChange={(event: React.ChangeEvent<HTMLInputElement>) => {
          const time = parseTimeOfDay(event.target.value);
          if (time) update(time);
        }}
      />
      <Field.Hint />
    </Field.Root>
  );

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Grid.Root gap={4}>
        <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
          <Field.Root name="schedule-mode">
            <Field.Label>{t('tasks.schedule.mode', 'Repeat')}</Field.Label>
            <SingleSelect
              value={mode}
              disabled={disabled}
              onChange={(next) => chooseMode(next as BuilderMode)}
            >
              {[...PRESET_KINDS, 'once' as const, 'custom' as const].map((kind) => (
                <SingleSelectOption key={kind} value={kind}>
                  {t(`tasks.schedule.mode.${kind}`, MODE_LABELS[kind])}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
        </Grid.Item>

        {mode === 'once' ? (
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
            <Field.Root
              name="schedule-once"
              hint={t(
                'tasks.schedule.once.hint',
                'In the task’s time zone; it runs once, then the task is done'
              )}
            >
              <Field.Label>{t('tasks.schedule.once', 'On')}</Field.Label>
              <TextInput
                type="datetime-local"
                value={onceValue ?? ''}
                disabled={disabled}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) => {
                  if (event.target.value) onChange(onceExpression(event.target.value));
                }}
              />
              <Field.Hint />
            </Field.Root>
          </Grid.Item>
        ) : null}

        {preset && mode === 'hourly' ? (
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
            <Field.Root name="schedule-minute" hint={t('tasks.schedule.minute.hint', '0 to 59')}>
              <Field.Label>{t('tasks.schedule.minute', 'At minute')}</Field.Label>
              <NumberInput
                value={preset.minute}
                disabled={disabled}
                onValueChange={(minute) => {
                  if (minute !== undefined && minute >= 0 && minute <= 59) update({ minute });
                }}
              />
              <Field.Hint />
            </Field.Root>
          </Grid.Item>
        ) : null}

        {preset && mode === 'weekly' ? (
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
            <Field.Root name="schedule-weekday">
              <Field.Label>{t('tasks.schedule.weekday', 'On')}</Field.Label>
              <SingleSelect
                value={String(preset.weekday)}
                disabled={disabled}
                onChange={(weekday) => update({ weekday: Number(weekday) })}
              >
                {/* Monday first, as most of the world's calendars. */}
                {[1, 2, 3, 4, 5, 6, 0].map((day) => (
                  <SingleSelectOption key={day} value={String(day)}>
                    {days[day]}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Field.Root>
          </Grid.Item>
        ) : null}

        {preset && mode === 'monthly' ? (
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
            <Field.Root
              name="schedule-day"
              hint={
                preset.day > 28
                  ? t('tasks.schedule.day.hintLate', 'Months without that day are skipped')
                  : t('tasks.schedule.day.hint', '1 to 31')
              }
            >
              <Field.Label>{t('tasks.schedule.day', 'On day')}</Field.Label>
              <NumberInput
                value={preset.day}
                disabled={disabled}
                onValueChange={(day) => {
                  if (day !== undefined && day >= 1 && day <= 31) update({ day });
                }}
              />
              <Field.Hint />
            </Field.Root>
          </Grid.Item>
        ) : null}

        {timeField ? (
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
            {timeField}
          </Grid.Item>
        ) : null}
      </Grid.Root>

      <Field.Root
        name="schedule"
        required
        error={error ?? undefined}
        hint={
          mode === 'once'
            ? t(
                'tasks.schedule.cron.hintOnce',
                'A one-off: @once and the local date and time, e.g. @once 2027-03-01T12:00'
              )
            : t(
                'tasks.schedule.cron.hint',
                'minute hour day-of-month month day-of-week, e.g. 30 2 * * 1 (Mondays at 02:30)'
              )
        }
      >
        <Field.Label>{t('tasks.schedule.cron', 'Cron expression')}</Field.Label>
        <TextInput
          value={value}
          disabled={disabled}
          spellCheck={false}
          autoComplete="off"
          style={{ fontFamily: 'monospace' }}
          onChange={(event: React.ChangeEvent<HTMLInputElement>) => {
            setCustomChosen(false);
            onChange(event.target.value);
          }}
        />
        <Field.Error />
        <Field.Hint />
      </Field.Root>

      <Box>
        <Typography variant="pi" textColor="neutral600">
          {t('tasks.schedule.words', 'In words')}
        </Typography>
        <Typography tag="p" variant="omega" fontWeight="semiBold" data-testid="schedule-words">
          {words.ok ? words.text : '—'}
        </Typography>
      </Box>
    </Flex>
  );
};
