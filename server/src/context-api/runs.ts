import { getService } from '../utils/get-service';
import { MAX_PURGE_BATCH } from '../services/run-purge';
import { decodePurgeCursor, encodePurgeCursor, type TaskKeep } from '../services/run-retention';
import { DAY_MS, nonNegativeNumber, optionsObject, positiveInteger } from './arguments';
import { ScriptCallError, type HostMethods, type RunContext } from './types';

/**
 * ctx.runs.purge: run history older than N days goes, except each task's last `keepLast` runs and
 * its last failure, which stay however old they are. With `limit`, one batch of at most `limit`
 * old runs per call and a `next` cursor to pass as `after` (the built-in script's way: its time
 * limit can stop it between two batches and nothing is lost); without, every batch in one call.
 */
export const runsMethods = ({ strapi, dryRun, run: current }: RunContext): HostMethods => {
  // What each task keeps, read once per run, task and keepLast (services/runs purgeBatch).
  const keepsByRule = new Map<number, Map<number, TaskKeep>>();
  return {
    async 'runs.purge'(options?: unknown) {
      const call = 'ctx.runs.purge';
      const opts = optionsObject(call, options);
      const keepLast = positiveInteger(call, 'keepLast', opts.keepLast, {
        fallback: 10,
        max: 10_000,
        min: 0,
      });
      const after =
        opts.after === undefined || opts.after === null ? null : decodePurgeCursor(opts.after);
      if (opts.after !== undefined && opts.after !== null && !after) {
        throw new ScriptCallError(
          `${call}: after must be the next cursor a previous call returned`
        );
      }
      const cutoff = after
        ? after.cutoff
        : Date.now() -
          nonNegativeNumber(call, 'olderThanDays', opts.olderThanDays, 36_500) * DAY_MS;
      const common = { cutoff, keepLast, except: current.id, dryRun };
      const runs = getService(strapi, 'runs');
      const answer = (deleted: number, kept: number) =>
        dryRun ? { dryRun: true, wouldDelete: deleted, kept } : { dryRun: false, deleted, kept };
      if (opts.limit === undefined && !after) {
        const { deleted, kept } = await runs.purge(common);
        return answer(deleted, kept);
      }
      const limit = positiveInteger(call, 'limit', opts.limit, {
        fallback: 5000,
        max: MAX_PURGE_BATCH,
      });
      const keeps = keepsByRule.get(keepLast) ?? new Map<number, TaskKeep>();
      keepsByRule.set(keepLast, keeps);
      const batch = await runs.purgeBatch({ ...common, after, limit, keeps });
      return {
        ...answer(batch.deleted, batch.kept),
        cutoff: new Date(cutoff).toISOString(),
        next: batch.next ? encodePurgeCursor(batch.next) : null,
      };
    },
  };
};
