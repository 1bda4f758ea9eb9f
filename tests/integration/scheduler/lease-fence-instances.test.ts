/**
 * Fenced leases across instances (issue 14): an instance frozen (SIGSTOP) in the middle of a run
 * for longer than its lease cannot renew it, and another instance takes the task over and runs
 * the slot again. The frozen instance's sandbox process stops the script before the lease can
 * be taken over, and once resumed the instance records when it stopped: from the run table, the
 * two runs of the slot did not overlap, and the first says lease lost.
 */
import { createTask, onceAt, useSlowSite } from '../../helpers/concurrency';
import { startInstance, type Instance } from '../../helpers/instances';
import { service } from '../../helpers/maintenance';
import { sleep, waitFor } from '../../helpers/wakeups';

const LEASE_MS = 6000;

// No timer here: the test decides which instance wakes when.
const { app, site } = useSlowSite({
  MAINTENANCE_AUTO_RUN: 'false',
  MAINTENANCE_LEASE_MS: String(LEASE_MS),
});
let other: Instance | undefined;

afterAll(async () => {
  if (other?.child.pid && other.child.exitCode === null) process.kill(other.child.pid, 'SIGCONT');
  await other?.stop();
}, 60_000);

test('Given a run going on an instance that is frozen for longer than the lease, When another instance takes the slot over, Then the frozen one’s script had stopped before, and its record says lease lost and when it stopped', async () => {
  const { strapi } = app.current;
  other = await startInstance();
  const runs = () => service(strapi, 'runs');
  const { slot, schedule } = onceAt(4);
  const task = await createTask(strapi, {
    // The attempt that runs again after the take-over ends at once.
    body: [
      "if (ctx.task.attempt > 1) return 'ran again';",
      "console.log('first attempt going');",
      site.slow.waitFor(60_000, 'never'),
    ].join('\n'),
    schedule,
    slot,
    label: 'frozen holder',
  });
  await sleep(Math.max(0, slot - Date.now()) + 50);
  const frozen = other;
  await frozen.request({ type: 'wake' }, 'woken-up');
  const first = await waitFor(async () => {
    const [run] = await runs().findForTask(task.id);
    return run?.status === 'running' && JSON.stringify(run.log).includes('first attempt going')
      ? run
      : undefined;
  }, 20_000);
  expect(first.instanceId).toBe(frozen.instanceId);

  const pid = frozen.child.pid as number;
  process.kill(pid, 'SIGSTOP');
  try {
    // Past the lease's expiry and this instance's take-over grace, this instance takes over.
    const rerun = await waitFor(
      async () => {
        await service(strapi, 'scheduler').wake({ trigger: 'route' });
        return (await runs().findForTask(task.id)).find(
          (run) => run.attempt === 2 && run.status === 'succeeded'
        );
      },
      LEASE_MS * 4,
      500
    );
    expect(rerun).toMatchObject({ slot, result: 'ran again' });
  } finally {
    process.kill(pid, 'SIGCONT');
  }

  // Resumed, the frozen instance records how its run really ended.
  const stopped = await waitFor(async () => {
    const run = await runs().findOne(first.id);
    return run?.error?.message.includes('lease lost') ? run : undefined;
  }, LEASE_MS * 3);
  const rerun = (await runs().findForTask(task.id)).find((run) => run.attempt === 2)!;
  expect(stopped).toMatchObject({ status: 'interrupted', instanceId: frozen.instanceId });
  expect(stopped.error?.message).toMatch(/its script was stopped at .* \(lease lost\)$/);
  expect(JSON.stringify(stopped.log)).toContain('first attempt going');
  // The run table shows no overlap: the first script stopped before the second started.
  expect(stopped.finishedAt as number).toBeLessThan(rerun.startedAt as number);
  await service(strapi, 'tasks').setEnabled(task.id, false);
}, 120_000);
