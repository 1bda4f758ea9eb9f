import {
  Badge,
  Box,
  Button,
  Checkbox,
  Field,
  Flex,
  LinkButton,
  Loader,
  Table,
  Tbody,
  Td,
  TextInput,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { ExternalLink, Plus } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { useEffect, useState, type FormEvent } from 'react';
import { Link as RouterLink } from 'react-router-dom';

import {
  useCreateSiteWebhookMutation,
  useGetSiteWebhooksQuery,
  useGetWebhookEventsQuery,
  useUpdateSiteWebhookMutation,
} from '../../api/maintenance';
import { apiMessage, apiStatus, fieldErrors } from '../../api/errors';
import type { MaintenanceWebhookEvent, StrapiWebhook } from '../../../../server/src/contracts';
import { useMaintenancePermissions } from '../../hooks/usePermissions';
import { isWebhookUrl, newWebhookBody, otherEventsOf, webhookWithEvent } from './webhooks';
import { useTranslate } from '../../hooks/useTranslate';

/** Strapi's own Settings → Webhooks page (the admin router's base is /admin). */
const STRAPI_WEBHOOKS_PATH = '/settings/webhooks';

/** Labels and one-line explanations of the plugin's events (server/src/constants.ts). */
const EVENT_TEXT: Record<string, { label: string; explain: string }> = {
  'maintenance.run.failed': {
    label: 'Run failed',
    explain: 'A scheduled slot failed: its last attempt failed, retries included.',
  },
  'maintenance.task.paused': {
    label: 'Task paused',
    explain: 'A task paused itself after too many failed slots in a row.',
  },
  'maintenance.task.recovered': {
    label: 'Task recovered',
    explain: 'A scheduled run succeeded after one or more failed slots.',
  },
  'maintenance.wakeups.stopped': {
    label: 'Wake-ups stopped',
    explain: 'Nothing has woken the plugin although tasks are due (cron job or timer gone).',
  },
};

/**
 * The plugin's webhook events, and Strapi's webhooks subscribed to them. Strapi's own webhook
 * form only offers the content events, so subscribing happens here, through Strapi's admin API
 * (its permissions: Settings → Webhooks). The webhooks stay Strapi's: they are listed, edited
 * and deleted in Settings → Webhooks, which keeps these events when it saves.
 */
export const NotificationsSection = () => {
  const t = useTranslate();
  const { toggleNotification } = useNotification();
  const permissions = useMaintenancePermissions();

  const eventsQuery = useGetWebhookEventsQuery();
  const webhooksQuery = useGetSiteWebhooksQuery(undefined, {
    skip: !permissions.canReadWebhooks,
  });
  const [createSiteWebhook] = useCreateSiteWebhookMutation();
  const [updateSiteWebhook] = useUpdateSiteWebhookMutation();
  const events: MaintenanceWebhookEvent[] | null = eventsQuery.isLoading
    ? null
    : (eventsQuery.data?.events ?? []);
  const webhooks: StrapiWebhook[] | null = webhooksQuery.data ?? null;
  const webhooksError = webhooksQuery.error
    ? apiMessage(
        webhooksQuery.error,
        t('settings.notifications.webhooksFailed', 'Webhooks could not be read')
      )
    : null;
  const eventsFailure = eventsQuery.error
    ? apiMessage(
        eventsQuery.error,
        t('settings.notifications.loadFailed', 'The webhook events could not be loaded')
      )
    : null;
  useEffect(() => {
    if (eventsFailure) toggleNotification({ type: 'danger', message: eventsFailure });
  }, [eventsFailure, toggleNotification]);

  /** Both lists as they are now (after a change, before saying it is done). */
  const reload = async () => {
    await Promise.all([
      eventsQuery.refetch(),
      ...(permissions.canReadWebhooks ? [webhooksQuery.refetch()] : []),
    ]);
  };

  const [busy, setBusy] = useState<Record<string, boolean>>({});
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [chosen, setChosen] = useState<string[]>(['maintenance.run.failed']);
  const [formErrors, setFormErrors] = useState<Record<string, string>>({});
  const [creating, setCreating] = useState(false);

  const label = (event: string) =>
    EVENT_TEXT[event] ? t(`settings.notifications.event.${event}`, EVENT_TEXT[event].label) : event;
  const explain = (event: string) =>
    EVENT_TEXT[event]
      ? t(`settings.notifications.event.${event}.explain`, EVENT_TEXT[event].explain)
      : '';

  const eventNames = (events ?? []).map((event) => event.event);

  const toggle = async (webhook: StrapiWebhook, event: string, subscribe: boolean) => {
    const key = `${webhook.id}:${event}`;
    setBusy((all) => ({ ...all, [key]: true }));
    try {
      await updateSiteWebhook({
        id: webhook.id,
        body: webhookWithEvent(webhook, event, subscribe),
      }).unwrap();
      toggleNotification({
        type: 'success',
        message: subscribe
          ? t('settings.notifications.subscribed', '“{name}” now receives “{event}”', {
              name: webhook.name,
              event: label(event),
            })
          : t('settings.notifications.unsubscribed', '“{name}” no longer receives “{event}”', {
              name: webhook.name,
              event: label(event),
            }),
      });
      await reload();
    } catch (error) {
      toggleNotification({
        type: 'danger',
        message: apiMessage(
          error,
          t('settings.notifications.updateFailed', 'The webhook could not be changed')
        ),
      });
    } finally {
      setBusy(({ [key]: _done, ...rest }) => rest);
    }
  };

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
      await reload();
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

  if (events === null) return <Loader small />;

  return (
    <Flex direction="column" alignItems="stretch" gap={5}>
      <Table colCount={3} rowCount={events.length + 1}>
        <Thead>
          <Tr>
            <Th>
              <Typography variant="sigma">
                {t('settings.notifications.column.event', 'Event')}
              </Typography>
            </Th>
            <Th>
              <Typography variant="sigma">
                {t('settings.notifications.column.when', 'Sent when')}
              </Typography>
            </Th>
            <Th>
              <Typography variant="sigma">
                {t('settings.notifications.column.webhooks', 'Webhooks')}
              </Typography>
            </Th>
          </Tr>
        </Thead>
        <Tbody>
          {events.map((event) => (
            <Tr key={event.event}>
              <Td>
                <Flex direction="column" alignItems="flex-start" gap={1}>
                  <Typography fontWeight="semiBold">{label(event.event)}</Typography>
                  <Typography variant="pi" textColor="neutral600">
                    <code>{event.event}</code>
                  </Typography>
                </Flex>
              </Td>
              <Td style={{ whiteSpace: 'normal' }}>
                <Typography variant="pi">{explain(event.event)}</Typography>
              </Td>
              <Td style={{ whiteSpace: 'normal' }}>
                <Typography
                  variant="pi"
                  textColor={event.webhooks?.length ? 'neutral800' : 'neutral500'}
                >
                  {event.webhooks === undefined
                    ? t(
                        'settings.notifications.hidden',
                        'Not shown: needs permission to read webhooks'
                      )
                    : event.webhooks.length
                      ? event.webhooks.map((webhook) => webhook.name).join(', ')
                      : t('settings.notifications.none', 'None')}
                </Typography>
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>

      <Flex direction="column" alignItems="stretch" gap={3}>
        <Flex justifyContent="space-between" alignItems="center" gap={4}>
          <Typography variant="delta" tag="h3">
            {t('settings.notifications.webhooks.title', 'Strapi webhooks')}
          </Typography>
          <LinkButton
            tag={RouterLink}
            to={STRAPI_WEBHOOKS_PATH}
            variant="tertiary"
            endIcon={<ExternalLink />}
          >
            {t('settings.notifications.open', 'Open Settings → Webhooks')}
          </LinkButton>
        </Flex>
        {!permissions.canReadWebhooks ? (
          <Typography textColor="neutral600" data-testid="webhooks-forbidden">
            {t(
              'settings.notifications.forbidden',
              'Your role may not see Strapi’s webhooks (Settings → Roles → Settings → Webhooks). An administrator who may can subscribe them here.'
            )}
          </Typography>
        ) : webhooksError ? (
          <Typography textColor="danger600">{webhooksError}</Typography>
        ) : webhooks === null ? (
          <Loader small />
        ) : webhooks.length === 0 ? (
          <Typography textColor="neutral600">
            {t('settings.notifications.noWebhooks', 'No webhook yet on this site.')}
          </Typography>
        ) : (
          <Table colCount={eventNames.length + 2} rowCount={webhooks.length + 1}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">
                    {t('settings.notifications.column.webhook', 'Webhook')}
                  </Typography>
                </Th>
                {eventNames.map((event) => (
                  <Th key={event}>
                    <Typography variant="sigma">{label(event)}</Typography>
                  </Th>
                ))}
                <Th>
                  <Typography variant="sigma">
                    {t('settings.notifications.column.other', 'Other events')}
                  </Typography>
                </Th>
              </Tr>
            </Thead>
            <Tbody>
              {webhooks.map((webhook) => (
                <Tr key={webhook.id}>
                  <Td style={{ whiteSpace: 'normal' }}>
                    <Flex direction="column" alignItems="flex-start" gap={1} maxWidth="28rem">
                      <Flex gap={2}>
                        <Typography fontWeight="semiBold">{webhook.name}</Typography>
                        {webhook.isEnabled === false ? (
                          <Badge size="S">{t('settings.notifications.disabled', 'Disabled')}</Badge>
                        ) : null}
                      </Flex>
                      <Typography variant="pi" textColor="neutral600" ellipsis>
                        {webhook.url}
                      </Typography>
                    </Flex>
                  </Td>
                  {eventNames.map((event) => (
                    <Td key={event}>
                      <Checkbox
                        aria-label={t('settings.notifications.toggle', '{event}: {name}', {
                          event: label(event),
                          name: webhook.name,
                        })}
                        checked={(webhook.events ?? []).includes(event)}
                        disabled={
                          !permissions.canUpdateWebhooks || Boolean(busy[`${webhook.id}:${event}`])
                        }
                        onCheckedChange={(checked) => void toggle(webhook, event, checked === true)}
                      />
                    </Td>
                  ))}
                  <Td>
                    <Typography variant="pi" textColor="neutral600">
                      {otherEventsOf(webhook, eventNames).length}
                    </Typography>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
        {permissions.canReadWebhooks && !permissions.canUpdateWebhooks ? (
          <Typography variant="pi" textColor="neutral600">
            {t(
              'settings.notifications.readOnly',
              'Your role may not change webhooks (Settings → Webhooks: Update).'
            )}
          </Typography>
        ) : null}
      </Flex>

      {permissions.canCreateWebhooks ? (
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
      ) : null}

      <Typography variant="pi" textColor="neutral600">
        {t(
          'settings.notifications.note',
          'Webhooks are Strapi’s: headers, enabling and deleting are done in Settings → Webhooks, which keeps these events when it saves. Other Strapi instances pick up a change when they restart.'
        )}
      </Typography>
    </Flex>
  );
};
