import { useNotification } from '@strapi/strapi/admin';
import { useEffect, useMemo, useState } from 'react';

import {
  useGetMaintenanceSettingsQuery,
  useUpdateMaintenanceSettingsMutation,
} from '../../api/maintenance';
import { apiMessage, failsOnFields, fieldErrors } from '../../api/errors';
import type { EditableSettingKey } from '../../../../server/src/contracts';
import {
  errorsWithoutSetting,
  formFromSettings,
  settingsPayload,
  type SettingsForm,
} from '../../components/settings/wakeLines';
import { useFailureNotice } from '../../hooks/useFailureNotice';
import { useServerText } from '../../hooks/useServerText';
import { useTranslate } from '../../hooks/useTranslate';

/**
 * The settings page's state: the settings as read, the form started from them, the server's field
 * errors (keyed by dotted path), saving what changed and resetting one setting to the
 * configuration's value while keeping the other edits.
 */
export const useSettingsForm = () => {
  const t = useTranslate();
  const { toggleNotification } = useNotification();
  const text = useServerText();
  // Read afresh on each visit (the server re-reads the store then).
  const {
    data: settings = null,
    error,
    refetch,
  } = useGetMaintenanceSettingsQuery(undefined, { refetchOnMountOrArgChange: true });
  const [updateSettings] = useUpdateMaintenanceSettingsMutation();
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  // The form starts from the settings as first read; later reads (tokens) keep the edits.
  useEffect(() => {
    if (settings && form === null) setForm(formFromSettings(settings));
  }, [settings, form]);

  const loadFailure =
    error !== undefined && !settings
      ? apiMessage(error, t('settings.loadFailed', 'The settings could not be loaded'))
      : null;
  useFailureNotice(loadFailure);

  const payload = useMemo(
    () => (form && settings ? settingsPayload(form, settings) : {}),
    [form, settings]
  );

  const failed = (failure: unknown) => {
    setErrors(fieldErrors(failure, text));
    toggleNotification({
      type: 'danger',
      // The server's reasons are on their fields, in the user's language.
      message: failsOnFields(failure)
        ? t('settings.fixErrors', 'Some settings need your attention')
        : apiMessage(failure, t('settings.saveFailed', 'The settings could not be saved')),
    });
  };

  const save = async () => {
    setSaving(true);
    try {
      const saved = await updateSettings(payload).unwrap();
      setForm(formFromSettings(saved));
      setErrors({});
      toggleNotification({ type: 'success', message: t('settings.saved', 'Settings saved') });
    } catch (failure) {
      failed(failure);
    } finally {
      setSaving(false);
    }
  };

  /** Puts one setting back to config/plugins' value (null), keeping the other edits. */
  const reset = async (key: EditableSettingKey) => {
    try {
      const saved = await updateSettings({ [key]: null }).unwrap();
      const fresh = formFromSettings(saved);
      setForm((previous) =>
        previous && key in fresh
          ? { ...previous, [key]: fresh[key as keyof SettingsForm] }
          : (previous ?? fresh)
      );
      setErrors((previous) => errorsWithoutSetting(previous, key));
      toggleNotification({
        type: 'success',
        message: t('settings.resetDone', 'Back to the configuration value'),
      });
    } catch (failure) {
      failed(failure);
    }
  };

  const update = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) =>
    setForm((previous) => (previous ? { ...previous, [key]: value } : previous));

  return {
    settings,
    form,
    errors,
    saving,
    loadFailed: loadFailure !== null,
    dirty: Object.keys(payload).length > 0,
    save,
    reset,
    update,
    refetch: async () => {
      await refetch();
    },
  };
};
