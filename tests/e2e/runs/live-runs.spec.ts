/**
 * A running run in the browser (issue 14): the tasks list shows its progress, its page follows
 * its log and progress live, and Cancel (after a confirmation) stops it, recorded cancelled with
 * its log so far.
 */
import { useSlowServer } from '../../helpers/concurrency';
import { browserTest } from '../../helpers/browser';
import { createBrowserUser, openAdmin, screenshot, useE2E } from '../../helpers/e2e';
import { service, uniqueName } from '../../helpers/maintenance';
import { waitFor } from '../../helpers/wakeups';

// Before the site boots: its scripts may call the slow server.
const site = useSlowServer();

const e2e = useE2E();

describe('A running run', () => {
  browserTest()(
    'live run: the list shows its progress, its page its log as it goes, and Cancel stops it',
    async () => {
      const { strapi } = e2e.current;
      const host = site.slow.host;
      const script = await service(strapi, 'scripts').create({
        name: uniqueName('Sweep orphaned files'),
        body: [
          "console.log('Looking for orphaned files in 60 batches');",
          'for (let batch = 1; batch <= 60; batch++) {',
          `  await ctx.fetch('http://${host}/?ms=1000');`,
          "  ctx.progress(batch, 60, 'batch ' + batch + ' of the media library');",
          "  console.log('batch ' + batch + ': 0 orphaned files');",
          '}',
          "return 'swept';",
        ].join('\n'),
      });
      const task = await service(strapi, 'tasks').create({
        name: uniqueName('Orphaned files sweep'),
        script: script.id,
        schedule: '0 4 * * *',
        timezone: 'UTC',
        wallTimeLimitMs: 120_000,
      });
      // Run now, left to go: the browser follows it.
      const running = service(strapi, 'scheduler').runNow(task.id);
      const run = await waitFor(async () => {
        const [found] = await service(strapi, 'runs').findForTask(task.id);
        return found?.status === 'running' ? found : undefined;
      }, 20_000);

      const user = await createBrowserUser(strapi, 'super-admin', 'operator');
      const page = await openAdmin(e2e.current, user);
      const main = page.getByRole('main');
      // The list: the running task with its progress, and a cancel control.
      const row = main.getByRole('row').filter({ hasText: task.name });
      await row.getByText(/of 60 \(\d+%\) · batch \d+ of the media library/).waitFor();
      await row.getByRole('button', { name: `Cancel the running run of ${task.name}` }).waitFor();
      await screenshot(page, 'tasks-list-running');

      // The run page follows the log and the progress while the run goes.
      await page.goto(`${e2e.current.baseUrl}/admin/plugins/maintenance/runs/${run.id}`);
      await page.getByRole('heading', { name: `Run #${run.id}` }).waitFor();
      const log = page.getByTestId('run-log');
      await log.getByText(/batch 2: 0 orphaned files/).waitFor({ timeout: 20_000 });
      await page.getByTestId('run-progress').getByRole('progressbar').waitFor();
      // It moves on without a reload.
      const before = (await log.textContent()) ?? '';
      await waitFor(
        async () => (((await log.textContent()) ?? '').length > before.length ? true : undefined),
        10_000
      );
      expect(await main.getByText('still running…').count()).toBe(1);
      await screenshot(page, 'run-live');

      // Cancel, confirmed: the run ends cancelled with its log so far.
      await page.getByRole('button', { name: 'Cancel run' }).click();
      const dialog = page.getByRole('alertdialog');
      await dialog.getByText('Cancel this run?').waitFor();
      await dialog.getByRole('button', { name: 'Confirm' }).click();
      await main.getByText('Cancelled', { exact: true }).first().waitFor({ timeout: 15_000 });
      await main.getByText('cancelled by administrator', { exact: false }).waitFor();
      expect((await log.textContent()) ?? '').toContain('Looking for orphaned files');
      expect(await page.getByRole('button', { name: 'Cancel run' }).count()).toBe(0);
      await screenshot(page, 'run-cancelled');

      await expect(running).resolves.toMatchObject({ status: 'cancelled' });
      await page.context().close();
    },
    180_000
  );
});
