/**
 * Subscribing Strapi's webhooks to the plugin's events, the pure part. Strapi's PUT
 * /admin/webhooks/:id takes name, url, headers, events and isEnabled (no other key: its validator
 * refuses unknown ones) and replaces the events list, so a change sends the whole webhook with
 * its other events kept.
 */
import type { StrapiWebhook } from '../../../../server/src/contracts';

/** The body of PUT /admin/webhooks/:id for a webhook with these events. */
export interface WebhookUpdateBody {
  name: string;
  url: string;
  headers: Record<string, string>;
  events: string[];
  isEnabled: boolean;
}

const unique = (events: string[]) => Array.from(new Set(events));

/** The webhook with `event` added (subscribe: true) or removed, every other event kept in order. */
export const webhookWithEvent = (
  webhook: StrapiWebhook,
  event: string,
  subscribe: boolean
): WebhookUpdateBody => {
  const current = Array.isArray(webhook.events) ? webhook.events : [];
  const events = subscribe
    ? unique([...current, event])
    : current.filter((existing) => existing !== event);
  return {
    name: webhook.name,
    url: webhook.url,
    headers: webhook.headers && typeof webhook.headers === 'object' ? webhook.headers : {},
    events,
    isEnabled: webhook.isEnabled !== false,
  };
};

/** Which of the plugin's events a webhook is subscribed to. */
export const maintenanceEventsOf = (webhook: StrapiWebhook, events: string[]) =>
  events.filter((event) => (webhook.events ?? []).includes(event));

/** Events of a webhook that are not the plugin's (kept untouched by every change made here). */
export const otherEventsOf = (webhook: StrapiWebhook, events: string[]) =>
  (webhook.events ?? []).filter((event) => !events.includes(event));

/** The body of POST /admin/webhooks for a new webhook subscribed to the plugin's events only. */
export const newWebhookBody = (name: string, url: string, events: string[]) => ({
  name: name.trim(),
  url: url.trim(),
  headers: {} as Record<string, string>,
  events: unique(events),
});

/** A URL Strapi's validator will take (http or https, with a host); checked before sending. */
export const isWebhookUrl = (url: string) => {
  try {
    const parsed = new URL(url.trim());
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '';
  } catch {
    return false;
  }
};
