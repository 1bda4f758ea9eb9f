import { Grid } from '@strapi/design-system';
import { useForm } from '@strapi/strapi/admin';

import type { RunLimits } from '../../../../server/src/contracts';
import { LIMIT_FIELDS, type SettingsForm } from '../../components/settings/wakeLines';
import { useFormatDuration } from '../../hooks/useFormatDuration';
import { useTranslate } from '../../hooks/useTranslate';
import { SettingsNumberField } from './SettingsNumberField';

const LIMIT_LABELS: Record<keyof RunLimits, [string, string]> = {
  timeLimitMs: ['settings.limits.timeLimitMs', 'CPU time (ms)'],
  memoryLimitMb: ['settings.limits.memoryLimitMb', 'Memory (MB)'],
  wallTimeLimitMs: ['settings.limits.wallTimeLimitMs', 'Wall-clock time (ms)'],
};

/** The three run limits of one group (the defaults or the caps); time limits say their duration. */
export const LimitsFields = ({ group }: { group: 'defaults' | 'caps' }) => {
  const t = useTranslate();
  const limits = useForm('LimitsFields', (state) => (state.values as SettingsForm)[group]);
  const { formatDuration } = useFormatDuration();
  return (
    <Grid.Root gap={4}>
      {LIMIT_FIELDS.map((field) => {
        const value = limits[field];
        const isTime = field !== 'memoryLimitMb';
        return (
          <Grid.Item key={field} col={4} s={12} direction="column" alignItems="stretch">
            <SettingsNumberField
              name={`${group}.${field}`}
              label={t(...LIMIT_LABELS[field])}
              hint={
                value !== undefined && isTime
                  ? t('settings.limits.hint', '= {duration}', { duration: formatDuration(value) })
                  : undefined
              }
              required
              step={isTime ? 1000 : 1}
            />
          </Grid.Item>
        );
      })}
    </Grid.Root>
  );
};
