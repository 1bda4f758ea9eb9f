import { browserTest } from '../../helpers/browser';
import { createBrowserUser, openAdmin, screenshot, useE2E } from '../../helpers/e2e';

const e2e = useE2E();

describe('Admin panel navigation', () => {
  browserTest()(
    'Given a super admin, when they open Maintenance, then the tasks page and the sub-navigation show',
    async () => {
      const user = await createBrowserUser(e2e.current.strapi, 'super-admin', 'owner');
      const page = await openAdmin(e2e.current, user);

      await page.waitForURL(/\/admin\/plugins\/maintenance\/tasks$/);
      const nav = page.getByRole('navigation', { name: 'Maintenance' });
      for (const name of ['Tasks', 'Scripts', 'Run history', 'Settings']) {
        await nav.getByRole('link', { name }).waitFor();
      }
      await screenshot(page, 'navigation');
      await page.context().close();
    },
    120_000
  );

  browserTest()(
    'Given the site offers French and a user who picked it, when they open Maintenance, then the plugin speaks French',
    async () => {
      const user = await createBrowserUser(e2e.current.strapi, 'super-admin', 'francophone');
      const page = await openAdmin(e2e.current, user, '', { language: 'fr' });

      const nav = page.getByRole('navigation', { name: 'Maintenance' });
      for (const name of ['Tâches', 'Scripts', 'Historique des exécutions', 'Paramètres']) {
        await nav.getByRole('link', { name }).waitFor();
      }
      await page.context().close();
    },
    120_000
  );
});
