import { browserTest } from '../../helpers/browser';
import { createBrowserUser, openAdmin, screenshot, useE2E } from '../../helpers/e2e';
import { service, uniqueName } from '../../helpers/maintenance';

const e2e = useE2E();

describe('Run history', () => {
  browserTest()(
    "run history: a run's log is readable",
    async () => {
      const { strapi } = e2e.current;
      const script = await service(strapi, 'scripts').create({
        name: uniqueName('Tidy drafts'),
        body: [
          "console.log('looking at ' + ctx.params.days + ' days of drafts');",
          "console.warn('3 drafts are older than that');",
          'return { deleted: 3, dryRun: ctx.dryRun };',
        ].join('\n'),
      });
      const task = await service(strapi, 'tasks').create({
        name: uniqueName('Tidy drafts nightly'),
        script: script.id,
        schedule: '0 3 * * *',
        timezone: 'UTC',
        params: { days: 90 },
      });
      const other = await service(strapi, 'tasks').create({
        name: uniqueName('Another task'),
        script: script.id,
        schedule: '0 4 * * *',
        timezone: 'UTC',
        params: { days: 1 },
      });
      const scheduler = service(strapi, 'scheduler');
      const run = await scheduler.runNow(task.id, { dryRun: false });
      await scheduler.runNow(task.id, { dryRun: true });
      await scheduler.runNow(other.id, { dryRun: false });
      if (!run) throw new Error('the task was already running');

      const user = await createBrowserUser(strapi, 'super-admin', 'historian');
      const page = await openAdmin(e2e.current, user, '/runs');
      await page.getByRole('heading', { name: 'Run history' }).waitFor();
      const main = page.getByRole('main');
      await main.getByRole('link', { name: `Run #${run.id}` }).waitFor();
      await main.getByText(other.name).first().waitFor();
      expect(await main.getByText('Dry run').count()).toBeGreaterThan(0);
      await screenshot(page, 'runs');

      // ?task=<id>, as other pages link to it: only that task's runs.
      await page.goto(`${e2e.current.baseUrl}/admin/plugins/maintenance/runs?task=${task.id}`);
      await main.getByRole('link', { name: `Run #${run.id}` }).waitFor();
      await main.getByText(`Runs of ${task.name}`).waitFor();
      expect(await main.getByText(other.name).count()).toBe(0);

      await main.getByRole('link', { name: `Run #${run.id}` }).click();
      await page.waitForURL(new RegExp(`/admin/plugins/maintenance/runs/${run.id}$`));
      await page.getByRole('heading', { name: `Run #${run.id}` }).waitFor();
      const log = page.getByTestId('run-log');
      await log.waitFor();
      const text = (await log.textContent()) ?? '';
      // The time of day on the interface language's clock (12-hour in English).
      expect(text).toMatch(/\d\d:\d\d:\d\d\.\d{3}( [AP]M)? log\s+looking at 90 days of drafts/);
      expect(text).toMatch(/warn\s+3 drafts are older than that/);
      const result = (await page.getByTestId('run-result').textContent()) ?? '';
      expect(JSON.parse(result)).toEqual({ deleted: 3, dryRun: false });
      await main.getByText('Manual', { exact: true }).waitFor();
      await main.getByText('none (run now)').waitFor();
      await screenshot(page, 'run-detail');
      await page.context().close();
    },
    120_000
  );

  browserTest()(
    'health banner: an overdue task and a script changed behind the plugin are flagged on every page, with links',
    async () => {
      const { strapi } = e2e.current;
      // No timer, so that the overdue task stays overdue.
      await service(strapi, 'settings').update({ autoRun: false });
      const script = await service(strapi, 'scripts').create({
        name: uniqueName('Changed behind our back'),
        body: 'return 1;',
      });
      const task = await service(strapi, 'tasks').create({
        name: uniqueName('Late task'),
        script: script.id,
        schedule: '*/5 * * * *',
        timezone: 'UTC',
      });
      await strapi.db
        .query('plugin::maintenance.task')
        .update({ where: { id: task.id }, data: { nextRunAt: Date.now() - 3_600_000 } });
      await strapi.db.query('plugin::maintenance.script').update({
        where: { id: script.id },
        data: { body: 'return 2; // edited in the database' },
      });

      const user = await createBrowserUser(strapi, 'super-admin', 'watcher');
      const page = await openAdmin(e2e.current, user, '/runs');
      const banner = page.getByTestId('maintenance-health-banner');
      await banner.getByText('Maintenance needs attention').waitFor();
      await banner.getByText(/task is overdue/).waitFor();
      await banner.getByText(/script was changed outside the plugin/).waitFor();
      await screenshot(page, 'health-banner');

      await banner.getByRole('link', { name: script.name }).click();
      await page.waitForURL(new RegExp(`/admin/plugins/maintenance/scripts/${script.id}$`));
      // Still there on another page; the overdue task links to its page.
      await page
        .getByTestId('maintenance-health-banner')
        .getByRole('link', { name: task.name })
        .click();
      await page.waitForURL(new RegExp(`/admin/plugins/maintenance/tasks/${task.id}$`));
      await page.context().close();
    },
    120_000
  );
});
