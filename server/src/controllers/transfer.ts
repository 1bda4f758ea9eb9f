import type { Core } from '@strapi/strapi';
import { WEBHOOK_EVENTS } from '../constants';
import type { AdminResponse } from '../contracts';
import { getService } from '../utils/get-service';
import { adminId, type RequestContext } from '../utils/http';

interface StoredWebhook {
  id: string;
  name: string;
  isEnabled: boolean;
  events: string[];
}

/** Export and import of scripts and tasks, and the plugin's webhook events. */
const createTransferController = ({ strapi }: { strapi: Core.Strapi }) => {
  const transfer = () => getService(strapi, 'transfer');

  return {
    /** The signed export file, as a download. */
    async export(ctx: RequestContext) {
      const file = await transfer().export();
      const day = file.exportedAt.slice(0, 10);
      ctx.set('Content-Disposition', `attachment; filename="maintenance-export-${day}.json"`);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = file satisfies AdminResponse<'GET /export'>;
    },

    /** What importing the file would do, item by item; changes nothing. */
    async preview(ctx: RequestContext) {
      ctx.body = {
        data: await transfer().preview(ctx.request.body),
      } satisfies AdminResponse<'POST /import/preview'>;
    },

    async import(ctx: RequestContext) {
      ctx.body = {
        data: await transfer().apply(ctx.request.body, { userId: adminId(ctx) }),
      } satisfies AdminResponse<'POST /import'>;
    },

    /** The plugin's events and the webhooks (Settings → Webhooks) subscribed to each. */
    /**
     * The plugin's webhook events, and which of the site's webhooks listen to each: the webhooks
     * only for a user who may read them in Settings (admin::webhooks.read), event names for all.
     */
    async webhookEvents(ctx: RequestContext) {
      if (!ctx.state.userAbility?.can('admin::webhooks.read')) {
        ctx.body = {
          data: Object.entries(WEBHOOK_EVENTS).map(([key, event]) => ({ key, event })),
          meta: { webhooksHidden: true as const },
        } satisfies AdminResponse<'GET /webhook-events'>;
        return;
      }
      const webhooks = (await (
        strapi.get('webhookStore') as { findWebhooks(): Promise<StoredWebhook[]> }
      ).findWebhooks()) as StoredWebhook[];
      ctx.body = {
        data: Object.entries(WEBHOOK_EVENTS).map(([key, event]) => ({
          key,
          event,
          webhooks: webhooks
            .filter((webhook) => (webhook.events ?? []).includes(event))
            .map((webhook) => ({
              id: webhook.id,
              name: webhook.name,
              isEnabled: webhook.isEnabled,
            })),
        })),
      } satisfies AdminResponse<'GET /webhook-events'>;
    },
  };
};

export default createTransferController;
