import { TextButton, Typography } from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';

import { useTranslate } from '../../hooks/useTranslate';

/** A section's corner: reset a setting made in the admin panel, or say it is the configuration's. */
export const ResetAction = ({
  overridden,
  onReset,
}: {
  overridden: boolean;
  onReset: () => void;
}) => {
  const t = useTranslate();
  return overridden ? (
    <TextButton startIcon={<ArrowClockwise />} onClick={onReset}>
      {t('settings.reset', 'Reset to the configuration value')}
    </TextButton>
  ) : (
    <Typography variant="pi" textColor="neutral600">
      {t('settings.fromConfig', 'From the configuration')}
    </Typography>
  );
};
