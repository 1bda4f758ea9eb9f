/**
 * The run history as a keyboard user meets it (issue 19) and paged by cursor (issue 13): each
 * run's link is a Tab stop of its own and Enter opens that run, not the row's first; the pager
 * reaches the oldest runs and comes back page by page.
 */

import { UIDS } from '../../../server/src/constants';
import { browserTest } from '../../helpers/browser';
import { createBrowserUser, focusedName, openAdmin, useE2E, type E2EUser } from '../../helpers/e2e';
import { service, uniqueName } from '../../helpers/maintenance';

const e2e = useE2E({ MAINTENANCE_AUTO_RUN: 'false' });

const RUNS = 30;

describe('Run history: keyboard and pages', () => {
  let user: E2EUser;
  let taskId: number;
  /** The task's runs, newest first, as the list shows them. */
  let newestFirst: number[];

  beforeAll(async () => {
    const { strapi } = e2e.current;
    user = await createBrowserUser(strapi, 'super-admin', 'run-keys');
    const script = await service(strapi, 'scripts').create({
      name: uniqueName('Quiet'),
      body: 'return 1;',
    });
    const task = await service(strapi, 'tasks').create({
      name: uniqueName('Paged task'),
      script: script.id,
      schedule: '0 3 * * *',
      timezone: 'UTC',
    });
    taskId = task.id;
    const start = Date.now() - RUNS * 60_000;
    await strapi.db.query(UIDS.run).createMany({
      data: Array.from({ length: RUNS }, (_, index) => ({
        taskId,
        taskName: task.name,
        status: 'succeeded',
        trigger: 'timer',
        attempt: 1,
        slot: start + index * 60_000,
        startedAt: start + index * 60_000,
        finishedAt: start + index * 60_000 + 500,
        durationMs: 500,
      })),
    });
    newestFirst = (await service(strapi, 'runs').findForTask(taskId))
      .sort((a, b) => (b.startedAt ?? 0) - (a.startedAt ?? 0))
      .map((run) => run.id);
  });

  browserTest()(
    'Given the list, When Tab goes from one run link, Then the next run link is reached, and Enter opens that run',
    async () => {
      const page = await openAdmin(e2e.current, user, `/runs?task=${taskId}`);
      const main = page.getByRole('main');
      const [first, second] = newestFirst;
      await main.getByRole('link', { name: `Run #${first}`, exact: true }).focus();
      await page.keyboard.press('Tab');
      expect(await focusedName(page)).toBe(`Run #${second}`);
      // No cell of the table is a stop of its own (no grid's roving tabindex).
      expect(await main.locator('table td[tabindex], table tr[tabindex]').count()).toBe(0);

      await page.keyboard.press('Enter');
      await page.waitForURL(new RegExp(`/admin/plugins/maintenance/runs/${second}$`));
      await page.getByRole('heading', { name: `Run #${second}` }).waitFor();
      await page.context().close();
    },
    120_000
  );

  browserTest()(
    'Given more runs than a page, When Oldest, then Previous are pressed from the keyboard, Then the oldest runs come, then the newest ones',
    async () => {
      const page = await openAdmin(e2e.current, user, `/runs?task=${taskId}`);
      const main = page.getByRole('main');
      const oldest = newestFirst[RUNS - 1];
      const newest = newestFirst[0];
      await main.getByRole('link', { name: `Run #${newest}`, exact: true }).waitFor();
      expect(await main.getByRole('button', { name: 'Previous' }).isDisabled()).toBe(true);

      await main.getByRole('button', { name: 'Oldest' }).focus();
      await page.keyboard.press('Enter');
      await main.getByRole('link', { name: `Run #${oldest}`, exact: true }).waitFor();
      expect(await main.getByRole('link', { name: `Run #${newest}`, exact: true }).count()).toBe(0);
      expect(await main.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);

      await main.getByRole('button', { name: 'Previous' }).focus();
      await page.keyboard.press('Enter');
      await main.getByRole('link', { name: `Run #${newest}`, exact: true }).waitFor();
      // The page before the 25 oldest: the 5 newest runs, none of those shown before.
      expect(await main.getByRole('link', { name: /^Run #\d+$/ }).count()).toBe(RUNS - 25);
      expect(await main.getByRole('button', { name: 'Next' }).isDisabled()).toBe(false);
      await page.context().close();
    },
    120_000
  );
});
