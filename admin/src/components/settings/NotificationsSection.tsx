import {
  Badge,
  Checkbox,
  Flex,
  LinkButton,
  Loader,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { ExternalLink } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { useEffect, useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';

import {
  useGetSiteWebhooksQuery,
  useGetWebhookEventsQuery,
  useUpdateSiteWebhookMutation,
} from '../../api/maintenance';
import { apiMessage } from '../../api/errors';
import type { MaintenanceWebhookEvent, StrapiWebhook } from '../../../../server/src/contracts';
import { useMaintenancePermissions } from '../../hooks/usePermissions';
import { NewWebhookForm } from './NewWebhookForm';
import { useEventText } from './useEventText';
import { otherEventsOf, webhookWithEvent } from './webhooks';
import { useTranslate } from '../../hooks/useTranslate';

/** Strapi's own Settings → Webhooks page (the admin router's base is /admin). */
const STRAPI_WEBHOOKS_PATH = '/settings/webhooks';

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

  const { label, explain } = useEventText();

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
                  textColor={event.webhooks?.length ? 'neutral800' : 'neutral600'}
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
        <NewWebhookForm eventNames={eventNames} onCreated={reload} />
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
