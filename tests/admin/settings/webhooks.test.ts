import type { StrapiWebhook } from '../../../server/src/contracts';
import {
  isWebhookUrl,
  maintenanceEventsOf,
  newWebhookBody,
  otherEventsOf,
  webhookWithEvent,
} from '../../../admin/src/components/settings/webhooks';

const EVENTS = [
  'maintenance.run.failed',
  'maintenance.task.paused',
  'maintenance.task.recovered',
  'maintenance.wakeups.stopped',
];

const webhook = (events: string[]): StrapiWebhook => ({
  id: 7,
  name: 'Alerts',
  url: 'https://hooks.example.com/x',
  headers: { Authorization: 'Bearer abc' },
  events,
  isEnabled: false,
});

describe('webhook subscriptions', () => {
  test('Given a webhook with content events, when subscribed to a maintenance event, then the others are kept and nothing else is sent', () => {
    const body = webhookWithEvent(
      webhook(['entry.create', 'media.delete']),
      'maintenance.run.failed',
      true
    );
    expect(body).toEqual({
      name: 'Alerts',
      url: 'https://hooks.example.com/x',
      headers: { Authorization: 'Bearer abc' },
      events: ['entry.create', 'media.delete', 'maintenance.run.failed'],
      isEnabled: false,
    });
    expect(body).not.toHaveProperty('id');
  });

  test('Given a subscribed webhook, when subscribed again or unsubscribed, then the event is there once, then gone, the others kept', () => {
    const subscribed = webhook(['entry.create', 'maintenance.run.failed']);
    expect(webhookWithEvent(subscribed, 'maintenance.run.failed', true).events).toEqual([
      'entry.create',
      'maintenance.run.failed',
    ]);
    expect(webhookWithEvent(subscribed, 'maintenance.run.failed', false).events).toEqual([
      'entry.create',
    ]);
    expect(webhookWithEvent(subscribed, 'maintenance.task.paused', false).events).toEqual([
      'entry.create',
      'maintenance.run.failed',
    ]);
  });

  test('Given a webhook, when read, then its maintenance events and its other events are told apart', () => {
    const both = webhook(['entry.create', 'maintenance.task.paused', 'maintenance.run.failed']);
    expect(maintenanceEventsOf(both, EVENTS)).toEqual([
      'maintenance.run.failed',
      'maintenance.task.paused',
    ]);
    expect(otherEventsOf(both, EVENTS)).toEqual(['entry.create']);
  });

  test('Given a new webhook, when built, then it is what POST /admin/webhooks takes', () => {
    expect(
      newWebhookBody(' Ops ', ' https://ops.example.com/hook ', [
        'maintenance.run.failed',
        'maintenance.run.failed',
      ])
    ).toEqual({
      name: 'Ops',
      url: 'https://ops.example.com/hook',
      headers: {},
      events: ['maintenance.run.failed'],
    });
    expect(isWebhookUrl('http://127.0.0.1:9/hook')).toBe(true);
    expect(isWebhookUrl('ftp://example.com')).toBe(false);
    expect(isWebhookUrl('example.com')).toBe(false);
  });
});
