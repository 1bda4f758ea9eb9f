import { Field, Grid, NumberInput } from '@strapi/design-system';

import type { RunLimits } from '../../../../server/src/contracts';
import { LIMIT_FIELDS, limitError } from '../../components/settings/wakeLines';
import { useFormatDuration } from '../../hooks/useFormatDuration';
import { useTranslate } from '../../hooks/useTranslate';

const LIMIT_LABELS: Record<keyof RunLimits, [string, string]> = {
  timeLimitMs: ['settings.limits.timeLimitMs', 'CPU time (ms)'],
  memoryLimitMb: ['settings.limits.memoryLimitMb', 'Memory (MB)'],
  wallTimeLimitMs: ['settings.limits.wallTimeLimitMs', 'Wall-clock time (ms)'],
};

/** The three run limits of one group (the defaults or the caps); time limits say their duration. */
export const LimitsFields = ({
  group,
  limits,
  errors,
  onChange,
}: {
  group: 'defaults' | 'caps';
  limits: Partial<RunLimits>;
  errors: Record<string, string>;
  onChange: (limits: Partial<RunLimits>) => void;
}) => {
  const t = useTranslate();
  const { formatDuration } = useFormatDuration();
  return (
    <Grid.Root gap={4}>
      {LIMIT_FIELDS.map((field) => {
        const value = limits[field];
        const isTime = field !== 'memoryLimitMb';
        return (
          <Grid.Item key={field} col={4} s={12} direction="column" alignItems="stretch">
            <Field.Root
              name={`${group}.${field}`}
              error={limitError(errors, group, field)}
              hint={
                value !== undefined && isTime
                  ? t('settings.limits.hint', '= {duration}', { duration: formatDuration(value) })
                  : undefined
              }
              required
            >
              <Field.Label>{t(...LIMIT_LABELS[field])}</Field.Label>
              <NumberInput
                value={value}
                step={isTime ? 1000 : 1}
                onValueChange={(next) => onChange({ ...limits, [field]: next })}
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
        );
      })}
    </Grid.Root>
  );
};
