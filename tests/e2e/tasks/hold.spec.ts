/**
 * Pause everything in the browser (issue 14): the tasks list's control puts the maintenance hold
 * on with a reason, every page's banner says so, a wake-up runs nothing, Run now asks first and
 * then runs, and Resume lifts it.
 */
import { browserTest } from '../../helpers/browser';
import { createBrowserUser, openAdmin, screenshot, useE2E } from '../../helpers/e2e';
import { service, uniqueName } from '../../helpers/maintenance';

const e2e = useE2E({ MAINTENANCE_AUTO_RUN: 'false' });

describe('Pause everything', () => {
  browserTest()(
    'hold: paused with a reason from the tasks list, shown in the banner, run now confirmed, resumed',
    async () => {
      const { strapi } = e2e.current;
      const script = await service(strapi, 'scripts').create({
        name: uniqueName('Rebuild search index'),
        body: "console.log('rebuilt');\nreturn 1;",
      });
      const task = await service(strapi, 'tasks').create({
        name: uniqueName('Search index nightly'),
        script: script.id,
        schedule: '* * * * *',
        timezone: 'UTC',
      });

      const user = await createBrowserUser(strapi, 'super-admin', 'operator');
      const page = await openAdmin(e2e.current, user, '/tasks');
      const main = page.getByRole('main');
      const row = main.getByTestId(`task-row-${task.id}`);
      await row.waitFor();

      // Given the hold put on from the tasks list, with a reason.
      await main.getByRole('button', { name: 'Pause everything' }).click();
      const dialog = page.getByRole('alertdialog');
      await dialog.getByText('Pause all scheduled runs?').waitFor();
      await dialog.getByLabel('Reason (optional)').fill('Database migration until 22:00');
      await dialog.getByRole('button', { name: 'Confirm' }).click();
      await page.getByText('Maintenance is on hold: no scheduled run starts').waitFor();

      // Then the banner says so, with the reason, and the list offers to resume.
      const banner = page.getByTestId('maintenance-health-banner');
      await banner.getByText(/Database migration until 22:00/).waitFor();
      await main.getByRole('button', { name: 'Resume scheduled runs' }).waitFor();
      await screenshot(page, 'hold');

      // And a wake-up with the task due runs nothing.
      const due = (await service(strapi, 'tasks').findOne(task.id))!.nextRunAt as number;
      await service(strapi, 'scheduler').wake({ trigger: 'route', now: due + 1000 });
      expect(await service(strapi, 'runs').findForTask(task.id)).toEqual([]);

      // When Run now is asked for, it warns first, then runs.
      await row.getByRole('button', { name: `Run now: ${task.name}` }).click();
      await page.getByText('Run now while maintenance is on hold?').waitFor();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Confirm' }).click();
      await page.getByText(`“${task.name}” ran successfully`).waitFor();

      // When resumed, the banner no longer speaks of the hold.
      await main.getByRole('button', { name: 'Resume scheduled runs' }).click();
      await main.getByRole('button', { name: 'Pause everything' }).waitFor();
      await banner.getByText(/Database migration/).waitFor({ state: 'detached' });
      expect((await service(strapi, 'hold').refresh()).held).toBe(false);
      await page.context().close();
    },
    120_000
  );
});
