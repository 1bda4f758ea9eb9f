import type { Core } from '@strapi/strapi';
import { DAY_MS, nonNegativeNumber, optionsObject, positiveInteger } from './arguments';
import type { HostMethods, RunContext } from './types';

export const HISTORY_VERSION_UID = 'plugin::content-manager.history-version';
export const MAX_HISTORY_BATCH = 1000;

/**
 * Strapi 5.54 registers the history-version model (table strapi_history_versions) on every
 * site, Community Edition included, "to avoid losing the data if the feature is disabled, or if
 * the license expires"; it is not in strapi.contentTypes. Only sites whose license has the
 * cms-content-history feature record versions (and trim them by the license's retention days).
 */
const historyModel = (strapi: Core.Strapi) => {
  try {
    return Boolean(strapi.db.metadata.get(HISTORY_VERSION_UID));
  } catch {
    return false;
  }
};

const recording = (strapi: Core.Strapi) => {
  const ee = (strapi as unknown as { ee?: { features?: { isEnabled(name: string): boolean } } }).ee;
  return Boolean(ee?.features?.isEnabled('cms-content-history'));
};

/** ctx.history.purge: content-history versions older than N days, in batches. */
export const historyMethods = ({ strapi, dryRun }: RunContext): HostMethods => ({
  async 'history.purge'(options?: unknown) {
    const call = 'ctx.history.purge';
    const opts = optionsObject(call, options);
    const olderThanDays = nonNegativeNumber(call, 'olderThanDays', opts.olderThanDays, 36_500);
    const limit = positiveInteger(call, 'limit', opts.limit, {
      fallback: 100,
      max: MAX_HISTORY_BATCH,
    });
    const cutoff = new Date(Date.now() - olderThanDays * DAY_MS);
    const status = { available: historyModel(strapi), recording: recording(strapi) };
    if (!status.available) {
      return { dryRun, ...status, stored: 0, matching: 0, cutoff: cutoff.toISOString() };
    }
    const query = strapi.db.query(HISTORY_VERSION_UID);
    const where = { createdAt: { $lt: cutoff } };
    const stored = await query.count({});
    const matching = await query.count({ where });
    const common = { ...status, stored, matching, cutoff: cutoff.toISOString() };
    if (dryRun) return { dryRun: true, wouldDelete: Math.min(matching, limit), ...common };
    const ids = (
      (await query.findMany({ where, select: ['id'], orderBy: { id: 'asc' }, limit })) as Array<{
        id: number;
      }>
    ).map((row) => row.id);
    if (ids.length > 0) await query.deleteMany({ where: { id: { $in: ids } } });
    return {
      dryRun: false,
      deleted: ids.length,
      remaining: Math.max(0, matching - ids.length),
      ...common,
    };
  },
});
