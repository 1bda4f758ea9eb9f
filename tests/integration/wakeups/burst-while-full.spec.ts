/**
 * A burst of route calls while the instance has no room (concurrency 1, the built-in timer off):
 * one wake-up waits for room for the due tasks; the calls after it start what fits (nothing) and
 * answer, instead of each queuing for room and trying to claim every due task in turn.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTask, onceAt } from '../../helpers/concurrency';
import { service } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';
import { disableSeededTasks, waitFor } from '../../helpers/wakeups';

const ROUTE = '/api/maintenance/runMaintenanceTasks';

/** Holds every request until the test opens it. */
const held: ServerResponse[] = [];
const gate = createServer((_request, response) => held.push(response));
const open = () => held.splice(0).forEach((response) => response.end('open'));

beforeAll(async () => {
  await new Promise<void>((resolve) => gate.listen(0, '127.0.0.1', resolve));
  const { port } = gate.address() as AddressInfo;
  process.env.MAINTENANCE_FETCH_ALLOW_LIST = `127.0.0.1:${port}`;
});
afterAll(async () => {
  delete process.env.MAINTENANCE_FETCH_ALLOW_LIST;
  open();
  await new Promise((resolve) => gate.close(resolve));
});

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false', MAINTENANCE_CONCURRENCY: '1' });
beforeAll(() => disableSeededTasks(app.current.strapi));

test('Given one route call waiting for room for two due tasks, When three more calls come, Then they answer at once without starting or claiming anything, and each task runs once', async () => {
  const { strapi } = app.current;
  const { port } = gate.address() as AddressInfo;
  // Due five seconds ago (created as of a second before that slot), both at the gate.
  const { slot, schedule } = onceAt(-5);
  const body = `await ctx.fetch('http://127.0.0.1:${port}/gate');\nreturn 'done';`;
  const first = await createTask(strapi, { body, schedule, slot, label: 'first' });
  const second = await createTask(strapi, { body, schedule, slot, label: 'second' });

  // Given: the first call runs one task (the one permit) and waits for room for the other.
  const waiting = app.current
    .http()
    .post(ROUTE)
    .then((response) => response);
  const holder = await waitFor(async () => {
    const tasks = await Promise.all(
      [first, second].map((task) => service(strapi, 'tasks').findOne(task.id))
    );
    const running = tasks.filter((task) => task.leaseOwner);
    return held.length === 1 && running.length === 1 ? running[0] : undefined;
  }, 30_000);

  // When: three more calls, answered while the gate still holds the first run.
  const burst = await Promise.all([1, 2, 3].map(() => app.current.http().post(ROUTE)));

  // Then: each answered with nothing run or running, and nothing else was claimed or started.
  for (const response of burst) {
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ ran: 0, running: 0 });
  }
  const other = [first, second].find((task) => task.id !== holder.id)!;
  expect((await service(strapi, 'tasks').findOne(other.id)).leaseOwner).toBeFalsy();
  expect(await service(strapi, 'runs').findForTask(other.id)).toHaveLength(0);
  expect(held).toHaveLength(1);

  // And the waiting call runs both, one after the other, each once.
  open();
  const gateOpener = setInterval(open, 50);
  try {
    const answer = await waiting;
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ ran: 2, failed: 0, running: 0 });
  } finally {
    clearInterval(gateOpener);
  }
  for (const task of [first, second]) {
    const runs = await service(strapi, 'runs').findForTask(task.id);
    expect(runs.map((run) => [run.status, run.slot, run.trigger])).toEqual([
      ['succeeded', slot, 'route'],
    ]);
  }
}, 90_000);
