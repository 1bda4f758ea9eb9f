import { useForm, useNotification, type FormErrors, type FormHelpers } from '@strapi/strapi/admin';
import { useEffect, useState } from 'react';

import {
  useGetMaintenanceSettingsQuery,
  useUpdateMaintenanceSettingsMutation,
} from '../../api/maintenance';
import { apiMessage, failsOnFields } from '../../api/errors';
import type { EditableSettingKey, EditableSettings } from '../../../../server/src/contracts';
import {
  errorsWithoutSetting,
  formFromSettings,
  settingsFieldOf,
  settingsPayload,
  type SettingsForm,
} from '../../components/settings/wakeLines';
import { useFailureNotice } from '../../hooks/useFailureNotice';
import { useServerFieldErrors } from '../../hooks/useServerFieldErrors';
import { useTranslate } from '../../hooks/useTranslate';

/**
 * The settings as read, and where the form starts. The form starts from the first read only:
 * later reads (after a token is created, or a save invalidates them) must not replace the edits,
 * and the form's own `resetForm` moves its start after a save or a reset.
 */
export const useSettingsSource = () => {
  const t = useTranslate();
  // Read afresh on each visit (the server re-reads the store then).
  const {
    data: settings = null,
    error,
    refetch,
  } = useGetMaintenanceSettingsQuery(undefined, { refetchOnMountOrArgChange: true });
  const [initialValues, setInitialValues] = useState<SettingsForm | null>(null);
  useEffect(() => {
    if (settings && initialValues === null) setInitialValues(formFromSettings(settings));
  }, [settings, initialValues]);

  const loadFailure =
    error !== undefined && !settings
      ? apiMessage(error, t('settings.loadFailed', 'The settings could not be loaded'))
      : null;
  useFailureNotice(loadFailure);

  return {
    settings,
    initialValues,
    loadFailed: loadFailure !== null,
    refetch: async () => {
      await refetch();
    },
  };
};

/** Tells why a save or a reset failed. */
const useSaveFailure = () => {
  const t = useTranslate();
  const { toggleNotification } = useNotification();
  return (failure: unknown) =>
    toggleNotification({
      type: 'danger',
      // The server's reasons are on their fields, in the user's language.
      message: failsOnFields(failure)
        ? t('settings.fixErrors', 'Some settings need your attention')
        : apiMessage(failure, t('settings.saveFailed', 'The settings could not be saved')),
    });
};

/**
 * Saving the settings form: only what differs from the settings in force is sent; the server's
 * 400 lands on the fields, and the saved settings become where the form starts.
 */
export const useSettingsSubmit = (settings: EditableSettings | null) => {
  const t = useTranslate();
  const { toggleNotification } = useNotification();
  const serverFieldErrors = useServerFieldErrors();
  const saveFailed = useSaveFailure();
  const [updateSettings] = useUpdateMaintenanceSettingsMutation();

  return async (
    values: SettingsForm,
    { setErrors, resetForm }: FormHelpers<SettingsForm>
  ): Promise<void> => {
    if (!settings) return;
    try {
      const saved = await updateSettings(settingsPayload(values, settings)).unwrap();
      resetForm(formFromSettings(saved));
      toggleNotification({ type: 'success', message: t('settings.saved', 'Settings saved') });
    } catch (failure) {
      setErrors(serverFieldErrors(failure, settingsFieldOf) as FormErrors<SettingsForm>);
      saveFailed(failure);
    }
  };
};

/**
 * Puts one setting back to config/plugins' value (null), inside the form: the form starts from
 * the setting's new value and holds it, while the other edits and their errors stay.
 */
export const useSettingResetter = () => {
  const t = useTranslate();
  const { toggleNotification } = useNotification();
  const serverFieldErrors = useServerFieldErrors();
  const saveFailed = useSaveFailure();
  const [updateSettings] = useUpdateMaintenanceSettingsMutation();
  const initialValues = useForm('SettingsReset', (state) => state.initialValues) as SettingsForm;
  const getValues = useForm('SettingsReset', (state) => state.getValues);
  const errors = useForm('SettingsReset', (state) => state.errors) as Record<string, unknown>;
  const resetForm = useForm('SettingsReset', (state) => state.resetForm);
  const setValues = useForm('SettingsReset', (state) => state.setValues);
  const setErrors = useForm('SettingsReset', (state) => state.setErrors);

  return async (key: EditableSettingKey) => {
    try {
      const saved = await updateSettings({ [key]: null }).unwrap();
      const fresh = formFromSettings(saved)[key];
      resetForm({ ...initialValues, [key]: fresh });
      setValues({ ...getValues(), [key]: fresh });
      setErrors(errorsWithoutSetting(errors, key));
      toggleNotification({
        type: 'success',
        message: t('settings.resetDone', 'Back to the configuration value'),
      });
    } catch (failure) {
      setErrors(serverFieldErrors(failure, settingsFieldOf));
      saveFailed(failure);
    }
  };
};
