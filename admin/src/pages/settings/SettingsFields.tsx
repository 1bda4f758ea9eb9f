import { Field, Toggle } from '@strapi/design-system';

import type { EditableSettingKey, Settings } from '../../../../server/src/contracts';
import { FormSection } from '../../components/FormSection';
import { HoldControl } from '../../components/hold/HoldControl';
import { isOverridden } from '../../components/settings/wakeLines';
import { useFormField } from '../../components/useFormField';
import { useTranslate } from '../../hooks/useTranslate';
import { LimitsFields } from './LimitsFields';
import { ResetAction } from './ResetAction';
import { RetentionFields } from './RetentionFields';
import { SettingsNumberField } from './SettingsNumberField';
import { WakeRouteFields } from './WakeRouteFields';

const AutoRunField = () => {
  const t = useTranslate();
  const field = useFormField<boolean>('autoRun');
  return (
    <Field.Root name="autoRun" error={field.error}>
      <Field.Label>{t('settings.autoRun', 'Run due tasks automatically (autoRun)')}</Field.Label>
      <Toggle
        checked={field.value}
        disabled={field.disabled}
        onLabel={t('settings.on', 'On')}
        offLabel={t('settings.off', 'Off')}
        onChange={(event) => field.onChange(event.currentTarget.checked)}
      />
      <Field.Error />
    </Field.Root>
  );
};

/**
 * The sections of the settings form, each with its reset action: what Save sends. The hold is
 * here too, in its place at the top, though it acts at once rather than on Save.
 */
export const SettingsFields = ({ settings, url }: { settings: Settings; url: string }) => {
  const t = useTranslate();
  const resetAction = (key: EditableSettingKey) => (
    <ResetAction setting={key} overridden={isOverridden(settings, key)} />
  );
  return (
    <>
      <FormSection
        title={t('hold.title', 'Pause everything')}
        intro={t(
          'hold.description',
          'A maintenance hold stops every scheduled run on every instance (timer, wake-up route, command line) until it is lifted, e.g. during a migration or an incident. Run now still works, with a warning. When lifted, the slots missed meanwhile follow each task’s misfire policy.'
        )}
      >
        <HoldControl hold={settings.hold} />
      </FormSection>

      <FormSection
        title={t('settings.route.title', 'Wake-up route')}
        intro={t(
          'settings.route.description',
          'Tasks run when the plugin is woken: by the built-in timer, or by anything calling this URL (a cron job, a monitoring service). Each slot runs once however many callers there are.'
        )}
        action={resetAction('triggerMode')}
      >
        <WakeRouteFields url={url} savedMode={settings.triggerMode} />
      </FormSection>

      <FormSection
        title={t('settings.timer.title', 'Built-in timer')}
        intro={t(
          'settings.timer.description',
          'Each Strapi instance arms a timer for the next slot and wakes the plugin itself. Switch it off to rely on an external cron job only.'
        )}
        action={resetAction('autoRun')}
      >
        <AutoRunField />
      </FormSection>

      <FormSection
        title={t('settings.concurrency.title', 'Runs side by side')}
        intro={t(
          'settings.concurrency.description',
          'How many scheduled runs each Strapi instance has going at once. A long run never holds back another task’s slot while there is room. Run now and test runs do not count.'
        )}
        action={resetAction('concurrency')}
      >
        <SettingsNumberField
          name="concurrency"
          label={t('settings.concurrency', 'Runs at once per instance (concurrency)')}
          hint={t(
            'settings.concurrency.hint',
            'Scheduled runs one Strapi instance has going at once, 1 to 64; 1 runs due tasks one after another.'
          )}
          required
        />
      </FormSection>

      <FormSection
        title={t('settings.defaults.title', 'Default limits')}
        intro={t(
          'settings.defaults.description',
          'Limits of a task that sets none. They may not exceed the caps.'
        )}
        action={resetAction('defaults')}
      >
        <LimitsFields group="defaults" />
      </FormSection>

      <FormSection
        title={t('settings.caps.title', 'Caps')}
        intro={t('settings.caps.description', 'The most any task may ask for.')}
        action={resetAction('caps')}
      >
        <LimitsFields group="caps" />
      </FormSection>

      <FormSection
        title={t('settings.retention.title', 'Run history retention')}
        intro={t(
          'settings.retention.description',
          'Delete runs older than a number of days, keeping each task’s last runs, its last failure and runs still going. Leave the days empty to keep runs (the built-in “Purge maintenance run history” task may prune them instead).'
        )}
        action={resetAction('retention')}
      >
        <RetentionFields />
      </FormSection>
    </>
  );
};
