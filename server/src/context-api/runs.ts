import { getService } from '../utils/get-service';
import { DAY_MS, nonNegativeNumber, optionsObject, positiveInteger } from './arguments';
import type { HostMethods, RunContext } from './types';

/**
 * ctx.runs.purge: run history older than N days goes, except each task's last `keepLast` runs and
 * its last failure, which stay however old they are.
 */
export const runsMethods = ({ strapi, dryRun, run: current }: RunContext): HostMethods => ({
  async 'runs.purge'(options?: unknown) {
    const call = 'ctx.runs.purge';
    const opts = optionsObject(call, options);
    const olderThanDays = nonNegativeNumber(call, 'olderThanDays', opts.olderThanDays, 36_500);
    const keepLast = positiveInteger(call, 'keepLast', opts.keepLast, {
      fallback: 10,
      max: 10_000,
      min: 0,
    });
    const { deleted, kept } = await getService(strapi, 'runs').purge({
      cutoff: Date.now() - olderThanDays * DAY_MS,
      keepLast,
      except: current.id,
      dryRun,
    });
    return dryRun ? { dryRun: true, wouldDelete: deleted, kept } : { dryRun: false, deleted, kept };
  },
});
