import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import type { RunRecord } from './runs';

export type CancelOutcome =
  | { outcome: 'not-found' }
  /** The run had already ended (or ended while the request was made): nothing to stop. */
  | { outcome: 'ended'; run: RunRecord }
  /** The run is asked to stop; `run` is its row as it stands now (still running). */
  | { outcome: 'asked'; run: RunRecord };

/**
 * Cancelling a run (POST /runs/:id/cancel): a mark on the run's row, which the instance running
 * it finds within a second (run-watch.ts) whichever instance took the request; a run going in
 * this process is stopped at once. The run then ends `cancelled` with its log so far, and the
 * slot counts as done (slot-batch.ts).
 */
const createCancelsService = ({ strapi }: { strapi: Core.Strapi }) => ({
  async cancel(
    runId: number,
    { by, now = Date.now() }: { by: number | null; now?: number }
  ): Promise<CancelOutcome> {
    const runs = getService(strapi, 'runs');
    const run = await runs.findOne(runId);
    if (!run) return { outcome: 'not-found' };
    if (run.status !== 'running') return { outcome: 'ended', run };
    await runs.requestCancel(runId, { by, now });
    // Asked now or before (a second request changes nothing); unless it ended meanwhile.
    const marked = await runs.findOne(runId);
    if (!marked || marked.status !== 'running') return { outcome: 'ended', run: marked ?? run };
    getService(strapi, 'scheduler').cancelHere(runId, marked.cancelRequestedBy);
    return { outcome: 'asked', run: marked };
  },
});

export type CancelsService = ReturnType<typeof createCancelsService>;
export default createCancelsService;
