import { Box, Button, Checkbox, Field, Flex, TextInput, Typography } from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { useState, type FormEvent } from 'react';

import { useCreateSiteWebhookMutation } from '../../api/maintenance';
import { apiMessage, apiStatus, fieldErrors } from '../../api/errors';
import { useTranslate } from '../../hooks/useTranslate';
import { useEventText } from './useEventText';
import { isWebhookUrl, newWebhookBody } from './webhooks';

/** Creates one of Strapi's webhooks, subscribed to the plugin's events chosen here. */
export const NewWebhookForm = ({
  eventNames,
  onCreated,
}: {
  eventNames: string[];
  onCreated: () => Promise<void>;
}) => {
  const t = useTranslate();
  const { toggleNotification } = useNotification();
  const { label } = useEventText();
  const [createSiteWebhook] = useCreateSiteWebhookMutation();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [chosen, setChosen] = useState<string[]>(['maintenance.run.failed']);
  const [formErrors, setFormErrors] = useState<Record<string, string>>({});
  const [creating, setCreating] = useState(false);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!name.trim()) problems.name = t('settings.notifications.nameRequired', 'Give it a name');
    if (!isWebhookUrl(url))
      problems.url = t('settings.notifications.urlInvalid', 'An http:// or https:// URL');
    if (chosen.length === 0)
      problems.events = t('settings.notifications.eventsRequired', 'Choose at least one event');
    setFormErrors(problems);
    if (Object.keys(problems).length > 0) return;
    setCreating(true);
    try {
      await createSiteWebhook(newWebhookBody(name, url, chosen)).unwrap();
      toggleNotification({
        type: 'success',
        message: t(
          'settings.notifications.created',
          'Webhook “{name}” created; it is listed in Settings → Webhooks',
          { name: name.trim() }
        ),
      });
      setName('');
      setUrl('');
      await onCreated();
    } catch (error) {
      setFormErrors(fieldErrors(error));
      toggleNotification({
        type: 'danger',
        message: apiMessage(
          error,
          apiStatus(error) === 403
            ? t('settings.notifications.createForbidden', 'Your role may not create webhooks')
            : t('settings.notifications.createFailed', 'The webhook could not be created')
        ),
      });
    } finally {
      setCreating(false);
    }
  };

  return (
    <form
      onSubmit={(event) => void create(event)}
      aria-label={t('settings.notifications.new', 'New webhook')}
    >
      <Flex direction="column" alignItems="stretch" gap={3}>
        <Typography variant="delta" tag="h3">
          {t('settings.notifications.new', 'New webhook')}
        </Typography>
        <Flex gap={4} alignItems="flex-start" wrap="wrap">
          <Box flex="1" minWidth="16rem">
            <Field.Root name="webhookName" error={formErrors.name}>
              <Field.Label>{t('settings.notifications.name', 'Webhook name')}</Field.Label>
              <TextInput
                value={name}
                onChange={(e: FormEvent<HTMLInputElement>) => setName(e.currentTarget.value)}
              />
              <Field.Error />
            </Field.Root>
          </Box>
          <Box flex="2" minWidth="24rem">
            <Field.Root
              name="webhookUrl"
              error={formErrors.url}
              hint={t(
                'settings.notifications.urlHint',
                'Receives a POST with the event as JSON (Slack, a chat bridge, an alerting service…)'
              )}
            >
              <Field.Label>{t('settings.notifications.url', 'URL')}</Field.Label>
              <TextInput
                value={url}
                placeholder="https://"
                onChange={(e: FormEvent<HTMLInputElement>) => setUrl(e.currentTarget.value)}
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Box>
        </Flex>
        <Field.Root name="webhookEvents" error={formErrors.events}>
          <Field.Label>{t('settings.notifications.events', 'Events it receives')}</Field.Label>
          <Flex gap={4} wrap="wrap">
            {eventNames.map((event) => (
              <Checkbox
                key={event}
                checked={chosen.includes(event)}
                onCheckedChange={(checked) =>
                  setChosen((all) =>
                    checked === true ? [...all, event] : all.filter((e) => e !== event)
                  )
                }
              >
                {label(event)}
              </Checkbox>
            ))}
          </Flex>
          <Field.Error />
        </Field.Root>
        <Box>
          <Button type="submit" variant="secondary" startIcon={<Plus />} loading={creating}>
            {t('settings.notifications.create', 'Create webhook')}
          </Button>
        </Box>
      </Flex>
    </form>
  );
};
