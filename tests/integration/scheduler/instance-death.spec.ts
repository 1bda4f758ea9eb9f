/**
 * An instance killed with SIGKILL in the middle of a run: once its lease expires another instance
 * records the run as interrupted and attempts the slot again; a clock that then goes backwards
 * never runs the finished slot a second time.
 */
import { execFileSync } from 'node:child_process';
import { startInstance, type Instance } from '../../helpers/instances';
import { service, uniqueName } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';

const LEASE_MS = 2000;
const CREATED = Date.parse('2027-07-01T08:59:00Z');
const SLOT = Date.parse('2027-07-01T09:00:00Z');

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false', MAINTENANCE_LEASE_MS: String(LEASE_MS) });
let doomed: Instance | undefined;

afterAll(async () => {
  if (doomed && doomed.child.exitCode === null && doomed.child.signalCode === null)
    doomed.child.kill('SIGKILL');
});

const waitFor = async <T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

const descendants = (pid: number): number[] => {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' });
  return out
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number))
    .filter(([, ppid]) => ppid === pid)
    .map(([child]) => child);
};

test('Given an instance killed mid-run, When its lease has expired, Then another instance records it interrupted and runs the slot again', async () => {
  const { strapi } = app.current;
  const script = await service(strapi, 'scripts').create({
    name: uniqueName('stubborn'),
    body: "if (ctx.task.attempt === 1) { for (;;) {} }\nreturn 'attempt ' + ctx.task.attempt;",
  });
  const task = await service(strapi, 'tasks').create(
    {
      name: uniqueName('task'),
      script: script.id,
      schedule: '0 9 * * *',
      timezone: 'UTC',
      timeLimitMs: 120_000,
    },
    { now: CREATED }
  );

  // Given another instance that claims the slot and is stuck running it
  doomed = await startInstance();
  doomed.child.send({ type: 'wake', now: SLOT });
  const running = await waitFor(async () => {
    const runs = await service(strapi, 'runs').findForTask(task.id);
    return runs.find((run) => run.status === 'running');
  });
  expect(running).toMatchObject({ attempt: 1, slot: SLOT, instanceId: doomed.instanceId });
  const sandboxChildren = descendants(doomed.child.pid as number);

  // When it is killed without a chance to clean up
  doomed.child.kill('SIGKILL');
  await new Promise((resolve) => doomed!.child.once('exit', resolve));

  // And this instance wakes after the lease has expired
  await service(strapi, 'scheduler').wake({ trigger: 'route', now: SLOT + LEASE_MS + 1000 });

  // Then the killed run is interrupted and the slot ran again, once
  const runs = await service(strapi, 'runs').findForTask(task.id);
  expect(runs).toEqual([
    expect.objectContaining({
      attempt: 1,
      slot: SLOT,
      status: 'interrupted',
      error: expect.objectContaining({ message: expect.stringContaining(doomed.instanceId) }),
    }),
    expect.objectContaining({
      attempt: 2,
      slot: SLOT,
      status: 'succeeded',
      result: 'attempt 2',
      trigger: 'catch-up',
    }),
  ]);
  const after = await service(strapi, 'tasks').findOne(task.id);
  expect(after).toMatchObject({ leaseOwner: null, lastStatus: 'succeeded' });

  // And the killed instance's sandbox process did not outlive it
  await waitFor(
    async () => (sandboxChildren.every((pid) => !isAlive(pid)) ? true : undefined),
    10_000
  );
}, 120_000);

test('Given a finished slot, When the clock goes backwards and the plugin wakes, Then the slot does not run again', async () => {
  const { strapi } = app.current;
  const script = await service(strapi, 'scripts').create({
    name: uniqueName('once'),
    body: 'return 1;',
  });
  const task = await service(strapi, 'tasks').create(
    { name: uniqueName('task'), script: script.id, schedule: '0 9 * * *', timezone: 'UTC' },
    { now: CREATED }
  );
  await service(strapi, 'scheduler').wake({ trigger: 'route', now: SLOT + 1000 });
  for (const now of [SLOT - 60_000, SLOT, SLOT + 500]) {
    await service(strapi, 'scheduler').wake({ trigger: 'route', now });
  }
  expect(await service(strapi, 'runs').findForTask(task.id)).toHaveLength(1);
});

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
