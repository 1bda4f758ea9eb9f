import { TextButton, Typography } from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';

import type { EditableSettingKey } from '../../../../server/src/contracts';
import { useTranslate } from '../../hooks/useTranslate';
import { useSettingResetter } from './useSettingsForm';

/** A section's corner: reset a setting made in the admin panel, or say it is the configuration's. */
export const ResetAction = ({
  setting,
  overridden,
}: {
  setting: EditableSettingKey;
  overridden: boolean;
}) => {
  const t = useTranslate();
  const reset = useSettingResetter();
  return overridden ? (
    <TextButton startIcon={<ArrowClockwise />} onClick={() => void reset(setting)}>
      {t('settings.reset', 'Reset to the configuration value')}
    </TextButton>
  ) : (
    <Typography variant="pi" textColor="neutral600">
      {t('settings.fromConfig', 'From the configuration')}
    </Typography>
  );
};
