/**
 * A running run seen live (issue 14): its log so far and its ctx.progress reach the run's record
 * while it goes (written every second or so), through the admin API the run page polls, and the
 * tasks list shows the progress of a task's running run.
 */
import { ACTIONS } from '../../../server/src/constants';
import { createAdminAgent, type AdminAgent } from '../../helpers/admin';
import { createTask, onceAt, useSlowSite } from '../../helpers/concurrency';
import { service } from '../../helpers/maintenance';
import { waitFor } from '../../helpers/wakeups';

const { app, site } = useSlowSite();
let reader: AdminAgent;

beforeAll(async () => {
  reader = await createAdminAgent(app.current.strapi, [ACTIONS.read], 'reader');
}, 60_000);

const runs = () => service(app.current.strapi, 'runs');

test('Given a script that logs and reports progress then waits, When its run is read while it goes, Then the record has its log and progress and still says running', async () => {
  const { slot, schedule } = onceAt(3);
  const task = await createTask(app.current.strapi, {
    body: [
      "console.log('first line');",
      "ctx.progress(3, 10, 'three of ten');",
      site.slow.waitFor(60_000, 'never'),
    ].join('\n'),
    schedule,
    slot,
    label: 'live',
  });
  const [started] = await waitFor(async () => {
    const found = await runs().findForTask(task.id);
    return found.length > 0 ? found : undefined;
  }, 20_000);

  // The run page's read: GET /runs/:id.
  const live = await waitFor(async () => {
    const response = await reader.request('get', `/maintenance/runs/${started.id}`);
    const run = response.body.data;
    return run?.progress && JSON.stringify(run.log).includes('first line') ? run : undefined;
  }, 15_000);
  expect(live).toMatchObject({
    status: 'running',
    finishedAt: null,
    log: [expect.objectContaining({ level: 'log', message: 'first line' })],
    progress: { done: 3, total: 10, message: 'three of ten', at: expect.any(Number) },
  });

  // The tasks list's read: the task's last run is the running one, with its progress.
  const list = await reader.request('get', `/maintenance/tasks?q=${encodeURIComponent(task.name)}`);
  expect(list.status).toBe(200);
  const row = list.body.data.find((entry: { id: number }) => entry.id === task.id);
  expect(row.lastRun).toMatchObject({
    id: started.id,
    status: 'running',
    progress: { done: 3, total: 10, message: 'three of ten' },
  });

  await service(app.current.strapi, 'cancels').cancel(started.id, { by: null });
  const ended = await waitFor(async () => {
    const run = await runs().findOne(started.id);
    return run && run.status !== 'running' ? run : undefined;
  }, 15_000);
  // The ending keeps what the live record showed.
  expect(ended).toMatchObject({
    status: 'cancelled',
    progress: { done: 3, total: 10, message: 'three of ten' },
    error: { name: 'Cancelled', message: 'cancelled on request' },
  });
  expect(JSON.stringify(ended.log)).toContain('first line');
  await service(app.current.strapi, 'tasks').setEnabled(task.id, false);
}, 90_000);

test('Given a script that reports progress and ends, When its run is read, Then the record keeps the last report', async () => {
  const task = await createTask(app.current.strapi, {
    body: "for (let i = 1; i <= 40; i++) ctx.progress(i, 40, 'item ' + i);\nreturn 'done';",
    schedule: '0 3 * * *',
  });
  const run = (await service(app.current.strapi, 'scheduler').runNow(task.id))!;
  expect(run.status).toBe('succeeded');
  expect(await runs().findOne(run.id)).toMatchObject({
    progress: { done: 40, total: 40, message: 'item 40' },
  });
});
