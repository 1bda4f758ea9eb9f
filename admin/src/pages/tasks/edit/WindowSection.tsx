import { DateTimePicker, Field, Grid, NumberInput, Radio, Typography } from '@strapi/design-system';

import {
  MISFIRE_POLICIES,
  OVERLAP_POLICIES,
  type MisfirePolicy,
  type OverlapPolicy,
} from '../../../../../server/src/contracts';
import { FormSection } from '../../../components/FormSection';
import { useFormField } from '../../../components/useFormField';
import { useTranslate } from '../../../hooks/useTranslate';

const MISFIRE_TEXT: Record<MisfirePolicy, { label: string; explain: string }> = {
  once: {
    label: 'Once',
    explain: 'After an outage, run the latest missed slot once, however many were missed.',
  },
  skip: {
    label: 'Skip',
    explain:
      'After an outage, run a missed slot only if it is less than a minute late; else wait for the next.',
  },
  backfill: {
    label: 'Backfill',
    explain: 'After an outage, run every missed slot, oldest first, at most 10 per wake-up.',
  },
};

const OVERLAP_TEXT: Record<OverlapPolicy, { label: string; explain: string }> = {
  skip: { label: 'Skip', explain: 'Record the slot as skipped, saying why; the run goes on.' },
  queue: {
    label: 'Queue',
    explain: 'Run the slot as soon as the run ends (one slot waits at most).',
  },
  replace: {
    label: 'Replace',
    explain: 'Stop the run (recorded as replaced) and start the new slot.',
  },
};

/** One policy of the task, chosen among its values, each with a line that says what it does. */
const PolicyField = <TPolicy extends string>({
  name,
  label,
  policies,
  texts,
  textKey,
}: {
  name: 'misfirePolicy' | 'overlap';
  label: string;
  policies: readonly TPolicy[];
  texts: Record<TPolicy, { label: string; explain: string }>;
  /** Where the policy's texts are in the translations: `tasks.<textKey>.<policy>`. */
  textKey: string;
}) => {
  const t = useTranslate();
  const field = useFormField<TPolicy>(name);
  return (
    <Field.Root name={name} error={field.error}>
      <Field.Label>{label}</Field.Label>
      <Radio.Group
        value={field.value}
        disabled={field.disabled}
        aria-label={label}
        onValueChange={(value) => field.onChange(value as TPolicy)}
      >
        {policies.map((policy) => (
          <Radio.Item key={policy} value={policy}>
            <Typography fontWeight="semiBold">
              {t(`tasks.${textKey}.${policy}`, texts[policy].label)}
            </Typography>
            {' — '}
            <Typography textColor="neutral600">
              {t(`tasks.${textKey}.${policy}.explain`, texts[policy].explain)}
            </Typography>
          </Radio.Item>
        ))}
      </Radio.Group>
      <Field.Error />
    </Field.Root>
  );
};

/** A moment picked in the browser's time, kept as epoch milliseconds. */
const InstantField = ({
  name,
  label,
  hint,
}: {
  name: 'startAt' | 'endAt';
  label: string;
  hint: string;
}) => {
  const t = useTranslate();
  const field = useFormField<number | null>(name);
  return (
    <Field.Root name={name} error={field.error} hint={hint}>
      <Field.Label>{label}</Field.Label>
      <DateTimePicker
        value={field.value !== null ? new Date(field.value) : null}
        disabled={field.disabled}
        clearLabel={t('tasks.editor.clear', 'Clear')}
        onClear={() => field.onChange(null)}
        onChange={(date) => field.onChange(date ? date.getTime() : null)}
      />
      <Field.Error />
      <Field.Hint />
    </Field.Root>
  );
};

/**
 * When the task may run: its active window, a run count limit, what to do about missed runs and
 * about a slot that comes while a run is going.
 */
export const WindowSection = () => {
  const t = useTranslate();
  const maxRuns = useFormField<number | null>('maxRuns');

  return (
    <FormSection title={t('tasks.editor.section.window', 'When it may run')}>
      <Grid.Root gap={4}>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <InstantField
            name="startAt"
            label={t('tasks.editor.startAt', 'Active from')}
            hint={t('tasks.editor.startAt.hint', 'No run before this moment (your browser’s time)')}
          />
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <InstantField
            name="endAt"
            label={t('tasks.editor.endAt', 'Active until')}
            hint={t(
              'tasks.editor.endAt.hint',
              'No run after this moment; then the task is finished'
            )}
          />
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <Field.Root
            name="maxRuns"
            error={maxRuns.error}
            hint={t(
              'tasks.editor.maxRuns.hint',
              'Stop after this many scheduled runs; empty for no limit'
            )}
          >
            <Field.Label>{t('tasks.editor.maxRuns', 'Maximum runs')}</Field.Label>
            <NumberInput
              value={maxRuns.value ?? undefined}
              disabled={maxRuns.disabled}
              placeholder={t('tasks.editor.maxRuns.placeholder', 'No limit')}
              onValueChange={(value) => maxRuns.onChange(value ?? null)}
            />
            <Field.Error />
            <Field.Hint />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <PolicyField
            name="misfirePolicy"
            label={t('tasks.editor.misfire', 'When runs were missed (Strapi was down)')}
            policies={MISFIRE_POLICIES}
            texts={MISFIRE_TEXT}
            textKey="misfire"
          />
        </Grid.Item>
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <PolicyField
            name="overlap"
            label={t(
              'tasks.editor.overlap',
              'When a slot comes while the previous run is still going'
            )}
            policies={OVERLAP_POLICIES}
            texts={OVERLAP_TEXT}
            textKey="overlap"
          />
        </Grid.Item>
      </Grid.Root>
    </FormSection>
  );
};
