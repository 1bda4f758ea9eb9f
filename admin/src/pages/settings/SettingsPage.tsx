import { Button, Field, Flex, Toggle } from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useMemo } from 'react';

import type { EditableSettingKey } from '../../../../server/src/contracts';
import { FormSection } from '../../components/FormSection';
import { HoldControl } from '../../components/hold/HoldControl';
import { NotificationsSection } from '../../components/settings/NotificationsSection';
import { TokensSection } from '../../components/settings/TokensSection';
import { isOverridden, wakeUrl } from '../../components/settings/wakeLines';
import { TransferSection } from '../../components/transfer/TransferSection';
import { useTranslate } from '../../hooks/useTranslate';
import { PERMISSIONS } from '../../permissions';
import { LimitsFields } from './LimitsFields';
import { ResetAction } from './ResetAction';
import { RetentionFields } from './RetentionFields';
import { SettingsNumberField } from './SettingsNumberField';
import { useSettingsForm } from './useSettingsForm';
import { WakeRouteFields } from './WakeRouteFields';

/*
 * Not on Strapi's `Form`: the tokens and webhooks sections sit between the settings fields and
 * hold forms of their own, and a <form> may not contain another.
 */
const SettingsContent = () => {
  const t = useTranslate();
  const { settings, form, errors, saving, loadFailed, dirty, save, reset, update, refetch } =
    useSettingsForm();
  const url = useMemo(() => wakeUrl(window.location.origin), []);

  if (loadFailed) return <Page.Error />;
  if (!settings || !form) return <Page.Loading />;

  const resetAction = (key: EditableSettingKey) => (
    <ResetAction overridden={isOverridden(settings, key)} onReset={() => void reset(key)} />
  );

  return (
    <Page.Main>
      <Page.Title>{t('settings.title', 'Maintenance settings')}</Page.Title>
      <Layouts.Header
        title={t('settings.title', 'Maintenance settings')}
        subtitle={t(
          'settings.subtitle',
          'How maintenance is woken up, default limits of scripts and run history retention'
        )}
        primaryAction={
          <Button
            startIcon={<Check />}
            onClick={() => void save()}
            disabled={!dirty}
            loading={saving}
          >
            {t('settings.save', 'Save')}
          </Button>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
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
            <WakeRouteFields
              url={url}
              mode={form.triggerMode}
              savedMode={settings.triggerMode}
              error={errors.triggerMode}
              onModeChange={(mode) => update('triggerMode', mode)}
            />
          </FormSection>

          <FormSection
            title={t('settings.tokens.title', 'Tokens')}
            intro={t(
              'settings.tokens.description',
              'Tokens let a caller through in token mode (and give it details in open mode). Several may exist, so one can be rotated without downtime: create a new one, switch the cron job, check the old one is no longer used, revoke it.'
            )}
          >
            <TokensSection tokens={settings.tokens} url={url} onChanged={refetch} />
          </FormSection>

          <FormSection
            title={t('settings.timer.title', 'Built-in timer')}
            intro={t(
              'settings.timer.description',
              'Each Strapi instance arms a timer for the next slot and wakes the plugin itself. Switch it off to rely on an external cron job only.'
            )}
            action={resetAction('autoRun')}
          >
            <Field.Root name="autoRun" error={errors.autoRun}>
              <Field.Label>
                {t('settings.autoRun', 'Run due tasks automatically (autoRun)')}
              </Field.Label>
              <Toggle
                checked={form.autoRun}
                onLabel={t('settings.on', 'On')}
                offLabel={t('settings.off', 'Off')}
                onChange={(event) => update('autoRun', event.currentTarget.checked)}
              />
              <Field.Error />
            </Field.Root>
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
              error={errors.concurrency}
              hint={t(
                'settings.concurrency.hint',
                'Scheduled runs one Strapi instance has going at once, 1 to 64; 1 runs due tasks one after another.'
              )}
              required
              value={form.concurrency}
              onChange={(value) => update('concurrency', value)}
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
            <LimitsFields
              group="defaults"
              limits={form.defaults}
              errors={errors}
              onChange={(limits) => update('defaults', limits)}
            />
          </FormSection>

          <FormSection
            title={t('settings.caps.title', 'Caps')}
            intro={t('settings.caps.description', 'The most any task may ask for.')}
            action={resetAction('caps')}
          >
            <LimitsFields
              group="caps"
              limits={form.caps}
              errors={errors}
              onChange={(limits) => update('caps', limits)}
            />
          </FormSection>

          <FormSection
            title={t('settings.retention.title', 'Run history retention')}
            intro={t(
              'settings.retention.description',
              'Delete runs older than a number of days, keeping each task’s last runs, its last failure and runs still going. Leave the days empty to keep runs (the built-in “Purge maintenance run history” task may prune them instead).'
            )}
            action={resetAction('retention')}
          >
            <RetentionFields
              retention={form.retention}
              errors={errors}
              onChange={(retention) => update('retention', retention)}
            />
          </FormSection>

          <FormSection
            title={t('settings.notifications.title', 'Notifications')}
            intro={t(
              'settings.notifications.description',
              'The plugin sends these events through Strapi’s webhooks. Strapi’s webhook form only lists content events, so subscribe webhooks to them here.'
            )}
          >
            <NotificationsSection />
          </FormSection>

          <FormSection
            title={t('settings.transfer.title', 'Export and import')}
            intro={t(
              'settings.transfer.description',
              'Keep a copy of your scripts and tasks, or move them to another site: one JSON file, signed by this site, without runs or tokens. To import on another site, both need the same exportSecret.'
            )}
          >
            <TransferSection />
          </FormSection>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

/** Needs "Manage settings"; the sub-navigation hides the link otherwise. */
export const SettingsPage = () => (
  <Page.Protect permissions={PERMISSIONS.manageSettings}>
    <SettingsContent />
  </Page.Protect>
);
