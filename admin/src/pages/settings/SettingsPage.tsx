import { Box, Button, Flex } from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { Form, Layouts, Page, useForm } from '@strapi/strapi/admin';
import { useMemo, useRef, type RefObject } from 'react';

import type { Settings } from '../../../../server/src/contracts';
import { FormSection } from '../../components/FormSection';
import { NotificationsSection } from '../../components/settings/NotificationsSection';
import { TokensSection } from '../../components/settings/TokensSection';
import { wakeUrl } from '../../components/settings/wakeLines';
import { TransferSection } from '../../components/transfer/TransferSection';
import { useSaveShortcut } from '../../hooks/useSaveShortcut';
import { useTranslate } from '../../hooks/useTranslate';
import { PERMISSIONS } from '../../permissions';
import { SettingsFields } from './SettingsFields';
import { useSettingsSource, useSettingsSubmit } from './useSettingsForm';

/** The header of the settings form: Save (also Ctrl+S) while something changed. */
const SettingsHeader = ({ formRef }: { formRef: RefObject<HTMLFormElement | null> }) => {
  const t = useTranslate();
  const modified = useForm('SettingsHeader', (state) => state.modified);
  const isSubmitting = useForm('SettingsHeader', (state) => state.isSubmitting);
  useSaveShortcut(formRef, modified && !isSubmitting);
  return (
    <Layouts.Header
      title={t('settings.title', 'Maintenance settings')}
      subtitle={t(
        'settings.subtitle',
        'How maintenance is woken up, default limits of scripts and run history retention'
      )}
      primaryAction={
        <Button type="submit" startIcon={<Check />} disabled={!modified} loading={isSubmitting}>
          {t('settings.save', 'Save')}
        </Button>
      }
    />
  );
};

/**
 * The sections that act at once with forms of their own (tokens, webhooks, export and import),
 * below the settings form: a <form> may not contain another.
 */
const StandaloneSections = ({
  settings,
  url,
  onTokensChanged,
}: {
  settings: Settings;
  url: string;
  onTokensChanged: () => Promise<void>;
}) => {
  const t = useTranslate();
  return (
    <Box paddingTop={6}>
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <FormSection
            title={t('settings.tokens.title', 'Tokens')}
            intro={t(
              'settings.tokens.description',
              'Tokens let a caller through in token mode (and give it details in open mode). Several may exist, so one can be rotated without downtime: create a new one, switch the cron job, check the old one is no longer used, revoke it.'
            )}
          >
            <TokensSection tokens={settings.tokens} url={url} onChanged={onTokensChanged} />
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
    </Box>
  );
};

const SettingsContent = () => {
  const t = useTranslate();
  const { settings, initialValues, loadFailed, refetch } = useSettingsSource();
  const url = useMemo(() => wakeUrl(window.location.origin), []);
  const formRef = useRef<HTMLFormElement>(null);
  const submit = useSettingsSubmit(settings);

  if (loadFailed) return <Page.Error />;
  if (!settings || !initialValues) return <Page.Loading />;

  return (
    <Page.Main>
      <Page.Title>{t('settings.title', 'Maintenance settings')}</Page.Title>
      <Form ref={formRef} method="PUT" initialValues={initialValues} onSubmit={submit}>
        <SettingsHeader formRef={formRef} />
        <Layouts.Content>
          <Flex direction="column" alignItems="stretch" gap={6}>
            <SettingsFields settings={settings} url={url} />
          </Flex>
        </Layouts.Content>
      </Form>
      <StandaloneSections settings={settings} url={url} onTokensChanged={refetch} />
    </Page.Main>
  );
};

/** Needs "Manage settings"; the sub-navigation hides the link otherwise. */
export const SettingsPage = () => (
  <Page.Protect permissions={PERMISSIONS.manageSettings}>
    <SettingsContent />
  </Page.Protect>
);
