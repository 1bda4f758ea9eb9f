import { Grid } from '@strapi/design-system';

import type { RunLimits } from '../../../../../server/src/contracts';
import { FormSection } from '../../../components/FormSection';
import { useTranslate } from '../../../hooks/useTranslate';
import { NumberField } from './NumberField';

const LIMIT_FIELDS = [
  { field: 'timeLimitMs', label: 'CPU time limit (ms)', unit: 'ms' },
  { field: 'memoryLimitMb', label: 'Memory limit (MB)', unit: 'MB' },
  { field: 'wallTimeLimitMs', label: 'Wall-clock limit (ms)', unit: 'ms' },
] as const;

/** The task's own run limits; empty ones take the site's defaults, shown as placeholders. */
export const LimitsSection = ({ defaults }: { defaults: RunLimits }) => {
  const t = useTranslate();
  return (
    <FormSection
      title={t('tasks.editor.section.limits', 'Limits')}
      intro={t(
        'tasks.editor.limits.intro',
        'A run that goes over a limit is stopped and recorded as timed out or memory exceeded.'
      )}
    >
      <Grid.Root gap={4}>
        {LIMIT_FIELDS.map(({ field, label, unit }) => (
          <Grid.Item key={field} col={4} s={12} direction="column" alignItems="stretch">
            <NumberField
              name={field}
              label={t(`tasks.editor.${field}`, label)}
              hint={t('tasks.editor.limits.hint', 'Empty: the default')}
              placeholder={t('tasks.editor.limits.default', 'Default: {value} {unit}', {
                value: defaults[field],
                unit,
              })}
            />
          </Grid.Item>
        ))}
      </Grid.Root>
    </FormSection>
  );
};
