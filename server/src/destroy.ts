import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';

/**
 * No new wake-up starts; runs in progress get a moment to finish, then the sandbox stops (ending
 * what is left as killed) and their records and leases are written before the database closes.
 * A process killed before that leaves its leases to expire: another instance then records the
 * run as interrupted and attempts the slot again.
 */
const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  getService(strapi, 'timer').stop();
  getService(strapi, 'scheduler').stop();
  await getService(strapi, 'wakeups').settle(2_000);
  await getService(strapi, 'sandbox').stop();
  await getService(strapi, 'wakeups').settle(5_000);
};

export default destroy;
