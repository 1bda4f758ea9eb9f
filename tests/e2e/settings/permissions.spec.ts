import type { Locator, Page } from 'playwright-core';

import { browserTest } from '../../helpers/browser';
import { createBrowserUser, openAdmin, screenshot, useE2E } from '../../helpers/e2e';
import { service, uniqueName } from '../../helpers/maintenance';

const e2e = useE2E();

/** Controls a read-only role must not be offered, by accessible name. */
// Whole words: "New task" is an edit control, the run history pager's "Newest" is not.
const EDIT_BUTTONS =
  /create|\bnew\b|edit|delete|remove|run now|^run\b|dry run|test run|save|restore|duplicate|revoke/i;
const EDIT_LINKS = /create|\bnew\b|edit/i;

/**
 * The controls of `main` that a read-only role must not see, by accessible name (aria-label, or
 * text). Quoted names (“Delete old entries”, a built-in script's name) are not actions.
 */
const editControls = async (main: Locator) => {
  const found: string[] = [];
  for (const [role, pattern] of [
    ['button', EDIT_BUTTONS],
    ['link', EDIT_LINKS],
  ] as const) {
    for (const control of await main.getByRole(role).all()) {
      if (!(await control.isVisible())) continue;
      const name = (
        (await control.getAttribute('aria-label')) ??
        (await control.textContent()) ??
        ''
      )
        .replace(/“[^”]*”|"[^"]*"/g, '')
        .trim();
      if (pattern.test(name)) found.push(`${role}: ${name}`);
    }
  }
  return found;
};

const visit = async (page: Page, path: string) => {
  await page.goto(`${e2e.current.baseUrl}/admin/plugins/maintenance${path}`);
};

describe('Permissions in the admin panel', () => {
  browserTest()(
    'a read-only role (only plugin::maintenance.read) sees no edit, run or settings controls',
    async () => {
      const { strapi } = e2e.current;
      const script = await service(strapi, 'scripts').create({
        name: uniqueName('Readable script'),
        body: "console.log('read me'); return 1;",
      });
      const task = await service(strapi, 'tasks').create({
        name: uniqueName('Readable task'),
        script: script.id,
        schedule: '0 3 * * *',
        timezone: 'UTC',
      });
      const run = await service(strapi, 'scheduler').runNow(task.id, { dryRun: false });
      if (!run) throw new Error('the task was already running');

      const user = await createBrowserUser(strapi, ['plugin::maintenance.read'], 'reader');
      const page = await openAdmin(e2e.current, user, '/tasks');
      const main = page.getByRole('main');
      const nav = page.getByRole('navigation', { name: 'Maintenance' });

      // The sub-navigation: everything but Settings.
      await nav.getByRole('link', { name: 'Run history' }).waitFor();
      expect(await nav.getByRole('link', { name: 'Settings' }).count()).toBe(0);

      // Tasks, scripts, runs, and one of each: readable, with nothing to change or run.
      const pages: Array<[string, string]> = [
        ['/tasks', task.name],
        [`/tasks/${task.id}`, task.name],
        ['/scripts', script.name],
        [`/scripts/${script.id}`, script.name],
        ['/runs', `Run #${run.id}`],
        [`/runs/${run.id}`, 'read me'],
      ];
      for (const [path, shown] of pages) {
        await visit(page, path);
        await main.getByText(shown).first().waitFor();
        await page.waitForTimeout(300); // controls that depend on a second request
        expect({ path, controls: await editControls(main) }).toEqual({ path, controls: [] });
        if (path === '/tasks') await screenshot(page, 'read-only');
      }

      // Settings: Page.Protect says no, and no settings form.
      await visit(page, '/settings');
      await page.getByText(/don't have the permissions/i).waitFor();
      expect(await page.getByRole('heading', { name: 'Maintenance settings' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /save|create token/i }).count()).toBe(0);
      expect(await page.getByTestId('crontab-line').count()).toBe(0);
      await page.context().close();
    },
    120_000
  );
});
