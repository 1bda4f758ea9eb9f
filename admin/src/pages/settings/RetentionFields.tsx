import { Grid } from '@strapi/design-system';

import { useTranslate } from '../../hooks/useTranslate';
import { SettingsNumberField } from './SettingsNumberField';

/** How long runs are kept, and how many of each task's last runs are kept whatever their age. */
export const RetentionFields = () => {
  const t = useTranslate();
  return (
    <Grid.Root gap={4}>
      <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
        <SettingsNumberField
          name="retention.days"
          label={t('settings.retention.days', 'Keep runs for (days)')}
          hint={t('settings.retention.daysHint', '1–36500; empty keeps runs forever')}
          empty={null}
        />
      </Grid.Item>
      <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
        <SettingsNumberField
          name="retention.keepLast"
          label={t('settings.retention.keepLast', 'Always keep the last')}
          hint={t(
            'settings.retention.keepLastHint',
            'Runs kept per task whatever their age (0–10000)'
          )}
          required
        />
      </Grid.Item>
    </Grid.Root>
  );
};
