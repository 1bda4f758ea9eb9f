/**
 * `concurrency: 1` (issue 14): one instance runs its due tasks one after another, as before
 * runs went side by side, with the built-in timer on the real clock.
 */
import { maxOverlap, runTogether, useSlowSite } from '../../helpers/concurrency';
import { service } from '../../helpers/maintenance';
import { waitFor } from '../../helpers/wakeups';

const { app, site } = useSlowSite({ MAINTENANCE_CONCURRENCY: '1' });

test('Given concurrency 1, When four tasks are due on the same slot, Then they run one after another, each once', async () => {
  const { strapi } = app.current;
  const { runs } = await runTogether(strapi, site.slow, { count: 4, ms: 1500, timeoutMs: 40_000 });
  expect(runs).toHaveLength(4);
  for (const run of runs) expect(run).toMatchObject({ status: 'succeeded', trigger: 'timer' });
  expect(maxOverlap(runs)).toBe(1);
  // A run's record is written before its lease is released and its place in the pool freed: on a
  // busy machine the last one can still hold its place when the records are read.
  const load = await waitFor(() => {
    const now = service(strapi, 'scheduler').load();
    return now.running === 0 ? now : undefined;
  });
  expect(load).toEqual({ running: 0, concurrency: 1 });
}, 60_000);
