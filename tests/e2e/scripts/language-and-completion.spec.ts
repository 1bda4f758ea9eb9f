/**
 * What the script editor offers and what a French user reads: the site's content-type uids in a
 * ctx.entries call; the built-ins and default tasks named in French, and the server's reasons
 * for refusing a schedule in French, without internal field names.
 */
import { browserTest } from '../../helpers/browser';
import { createBrowserUser, openAdmin, useE2E } from '../../helpers/e2e';

const e2e = useE2E();

describe('Script editor completion and French built-ins', () => {
  browserTest()(
    'Given a script author, when they open the quote of ctx.entries.find(, then the site’s content-type uids are offered and one can be picked',
    async () => {
      const user = await createBrowserUser(e2e.current.strapi, 'super-admin', 'uid-picker');
      const page = await openAdmin(e2e.current, user, '/scripts/new');
      await page.getByRole('heading', { name: 'New script' }).waitFor();

      const editor = page.locator('[data-testid="code-editor"] .cm-content');
      await editor.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Delete');
      await page.keyboard.type("return ctx.entries.find('api::ar");
      const options = page.locator('.cm-tooltip-autocomplete li');
      await options.filter({ hasText: 'api::article.article' }).first().waitFor();
      expect(await options.filter({ hasText: 'plugin::maintenance.' }).count()).toBe(0);

      // CodeMirror takes no key for a moment after it opens its list (its interaction delay).
      await page.waitForTimeout(200);
      await page.keyboard.press('Enter');
      await expect(editor.textContent()).resolves.toContain(
        "return ctx.entries.find('api::article.article')"
      );
      await page.context().close();
    },
    120_000
  );

  browserTest()(
    'Given a user who picked French, when they open the scripts and tasks, then built-in scripts and untouched default tasks are named in French',
    async () => {
      const user = await createBrowserUser(e2e.current.strapi, 'super-admin', 'francophone');
      const page = await openAdmin(e2e.current, user, '/scripts', { language: 'fr' });
      const main = page.getByRole('main');

      await main.getByText('Rapport du site').first().waitFor();
      await main.getByText('Supprimer les anciennes entrées').first().waitFor();

      await page.goto(page.url().replace(/\/scripts$/, '/tasks'));
      await main.getByText('Purger l’historique des exécutions de maintenance').first().waitFor();
      expect(await main.getByText('Purge maintenance run history').count()).toBe(0);
      await page.context().close();
    },
    120_000
  );

  browserTest()(
    'Given a user who picked French, when they type a cron expression with a minute out of range, then the schedule field says why in French',
    async () => {
      const user = await createBrowserUser(e2e.current.strapi, 'super-admin', 'planificateur');
      const page = await openAdmin(e2e.current, user, '/tasks/new', { language: 'fr' });
      const main = page.getByRole('main');
      await main.getByRole('heading', { name: 'Créer une tâche' }).waitFor();

      await page.getByRole('combobox', { name: 'Répéter', exact: true }).click();
      await page.getByRole('option', { name: 'Personnalisé (expression cron)' }).click();
      await main.getByRole('textbox', { name: 'Expression cron' }).fill('61 * * * *');

      await main
        .getByText('Champ minutes « 61 » : 61 est hors de l’intervalle 0–59')
        .first()
        .waitFor();
      expect(await main.getByText('schedule:').count()).toBe(0);
      await page.context().close();
    },
    120_000
  );
});
