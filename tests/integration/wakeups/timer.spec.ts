/**
 * The built-in timer on the real clock: it runs a seconds-level task by itself, re-arms when a
 * task changes on this instance, polls nothing in between, and stops waking tasks when autoRun is
 * turned off in the settings.
 */
import { ACTIONS, UIDS } from '../../../server/src/constants';
import { createAdminAgent, type AdminAgent } from '../../helpers/admin';
import { createScript, service, uniqueName } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';
import { captureQueries, disableSeededTasks, sleep, waitFor } from '../../helpers/wakeups';

// The default re-check interval (60 s) is far longer than any wait below: whatever runs here was
// woken by a timer armed for its slot.
const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'true' });

let settingsAdmin: AdminAgent;
beforeAll(async () => {
  await disableSeededTasks(app.current.strapi);
  settingsAdmin = await createAdminAgent(app.current.strapi, [ACTIONS.manageSettings], 'settings');
});

const tasks = () => service(app.current.strapi, 'tasks');
const runsOf = (taskId: number) => service(app.current.strapi, 'runs').findForTask(taskId);

const everyTwoSeconds = async () => {
  const script = await createScript(app.current.strapi, 'return ctx.task.trigger;');
  return tasks().create({
    name: uniqueName('every 2 s'),
    script: script.id,
    schedule: '*/2 * * * * *',
    timezone: 'UTC',
  });
};

/** Disables the task and waits for a run of it that may be in progress. */
const retire = async (taskId: number) => {
  await tasks().setEnabled(taskId, false);
  await waitFor(async () => ((await tasks().findOne(taskId)).leaseOwner ? undefined : true));
};

test('Given a task whose next slot is far off, When nothing changes, Then the timer does not query the tasks in between', async () => {
  const script = await createScript(app.current.strapi);
  await tasks().create({
    name: uniqueName('hourly'),
    script: script.id,
    schedule: '0 0 1 1 *',
    timezone: 'UTC',
  });
  await sleep(300);
  const taskTable = app.current.strapi.db.metadata.get(UIDS.task).tableName;
  const { statements } = await captureQueries(app.current.strapi, () => sleep(2500));
  expect(statements.filter((sql) => sql.includes(taskTable))).toEqual([]);
  expect(service(app.current.strapi, 'timer').status()).toMatchObject({
    running: true,
    autoRun: true,
    firesAt: expect.any(Number),
  });
});

test('Given autoRun on, When a task runs every two seconds, Then it runs by itself on its slots, woken by the timer', async () => {
  const task = await everyTwoSeconds();
  await waitFor(async () => ((await runsOf(task.id)).length >= 2 ? true : undefined), 10_000);
  await retire(task.id);
  const runs = await runsOf(task.id);
  for (const run of runs) {
    expect(run).toMatchObject({ status: 'succeeded', trigger: 'timer', result: 'timer' });
    expect((run.slot as number) % 2000).toBe(0);
    // Woken at its slot, not at a re-check (60 s here).
    expect(run.driftMs).toBeLessThan(2000);
  }
  const lastWakes = await service(app.current.strapi, 'wakeups').lastWakes();
  expect(lastWakes.timer).toMatchObject({ trigger: 'timer' });
});

test('Given autoRun turned off in the settings, When slots pass, Then nothing runs until it is turned back on', async () => {
  const off = await settingsAdmin.request('put', '/maintenance/settings').send({ autoRun: false });
  expect(off.body.data).toMatchObject({ autoRun: false, overridden: ['autoRun'] });
  const task = await everyTwoSeconds();
  await sleep(3000);
  expect(await runsOf(task.id)).toEqual([]);

  // null puts the setting back to config/plugins, where autoRun is on.
  const on = await settingsAdmin.request('put', '/maintenance/settings').send({ autoRun: null });
  expect(on.body.data).toMatchObject({ autoRun: true, overridden: [] });
  await waitFor(async () => ((await runsOf(task.id)).length > 0 ? true : undefined), 6000);
  await retire(task.id);
});
