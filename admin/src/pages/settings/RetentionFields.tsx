import { Field, Grid, NumberInput } from '@strapi/design-system';

import type { SettingsForm } from '../../components/settings/wakeLines';
import { useTranslate } from '../../hooks/useTranslate';

/** How long runs are kept, and how many of each task's last runs are kept whatever their age. */
export const RetentionFields = ({
  retention,
  errors,
  onChange,
}: {
  retention: SettingsForm['retention'];
  errors: Record<string, string>;
  onChange: (retention: SettingsForm['retention']) => void;
}) => {
  const t = useTranslate();
  return (
    <Grid.Root gap={4}>
      <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
        <Field.Root
          name="retention.days"
          error={errors['retention.days'] ?? errors.retention}
          hint={t('settings.retention.daysHint', '1–36500; empty keeps runs forever')}
        >
          <Field.Label>{t('settings.retention.days', 'Keep runs for (days)')}</Field.Label>
          <NumberInput
            value={retention.days ?? undefined}
            onValueChange={(days) => onChange({ ...retention, days: days ?? null })}
          />
          <Field.Hint />
          <Field.Error />
        </Field.Root>
      </Grid.Item>
      <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
        <Field.Root
          name="retention.keepLast"
          error={errors['retention.keepLast']}
          hint={t(
            'settings.retention.keepLastHint',
            'Runs kept per task whatever their age (0–10000)'
          )}
          required
        >
          <Field.Label>{t('settings.retention.keepLast', 'Always keep the last')}</Field.Label>
          <NumberInput
            value={retention.keepLast}
            onValueChange={(keepLast) => onChange({ ...retention, keepLast })}
          />
          <Field.Hint />
          <Field.Error />
        </Field.Root>
      </Grid.Item>
    </Grid.Root>
  );
};
