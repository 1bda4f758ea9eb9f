import request from 'supertest';

import { browserTest } from '../../helpers/browser';
import { createBrowserUser, openAdmin, screenshot, useE2E } from '../../helpers/e2e';

const e2e = useE2E();

describe('Settings page', () => {
  browserTest()(
    'settings: create a token (secret shown once) and revoke it',
    async () => {
      const { strapi, baseUrl } = e2e.current;
      const user = await createBrowserUser(strapi, 'super-admin', 'settings keeper');
      const page = await openAdmin(e2e.current, user, '/settings');
      await page.getByRole('heading', { name: 'Maintenance settings' }).waitFor();

      // The route's URL and a ready crontab line, for this site.
      const route = `${baseUrl}/api/maintenance/runMaintenanceTasks`;
      expect(await page.getByTestId('wake-url').textContent()).toBe(route);
      expect(await page.getByTestId('crontab-line').textContent()).toBe(
        `*/5 * * * * curl -fsS -X POST ${route} > /dev/null`
      );

      expect(await page.getByTestId('health-url').textContent()).toBe(
        `${baseUrl}/api/maintenance/health`
      );

      // Create: the secret is in the dialog, this once.
      await page.getByLabel('New token name').fill('cron on web-1');
      await page.getByRole('button', { name: 'Create token' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('Token “cron on web-1” created').waitFor();
      const secret = (await dialog.getByTestId('created-token').textContent()) ?? '';
      expect(secret).toMatch(/^mnt_[A-Za-z0-9_-]{43}$/);
      await screenshot(page, 'settings-token-created');

      // It works on the route: a token caller gets outcomes.
      const wake = await request(baseUrl)
        .post('/api/maintenance/runMaintenanceTasks')
        .set('Authorization', `Bearer ${secret}`);
      expect(wake.status).toBe(200);
      expect(wake.body.outcomes).toEqual([]);

      await dialog.getByRole('button', { name: 'I have copied it' }).click();
      await dialog.waitFor({ state: 'detached' });
      const row = page.getByRole('row', { name: /cron on web-1/ });
      await row.waitFor();
      expect(await row.textContent()).toContain(secret.slice(0, 8));
      expect(await page.content()).not.toContain(secret);
      await page.reload();
      await page.getByRole('row', { name: /cron on web-1/ }).waitFor();
      expect(await page.content()).not.toContain(secret);

      // Token mode: the crontab line reads the token from a file, in the Authorization header.
      await page.getByRole('radio', { name: /^Token/ }).click();
      expect(await page.getByTestId('crontab-line').textContent()).toBe(
        `*/5 * * * * curl -fsS -X POST -H "Authorization: Bearer $(cat /etc/maintenance-token)" ${route} > /dev/null`
      );
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Settings saved').first().waitFor();
      await screenshot(page, 'settings');

      // The last token in token mode cannot go: the server's 409 message is shown.
      await page.getByRole('button', { name: 'Revoke token cron on web-1' }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Confirm' }).click();
      await page.getByText(/this is the last token and the trigger mode is token/).waitFor();
      await page.getByRole('row', { name: /cron on web-1/ }).waitFor();

      // Back to open mode, then it can be revoked.
      await page.getByRole('radio', { name: /^Open/ }).click();
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Settings saved').first().waitFor();
      await page.getByRole('button', { name: 'Revoke token cron on web-1' }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Confirm' }).click();
      await page.getByText('Token “cron on web-1” revoked').waitFor();
      await page.getByText('No token yet. Token mode needs one.').waitFor();
      const refused = await request(baseUrl)
        .post('/api/maintenance/runMaintenanceTasks')
        .set('Authorization', `Bearer ${secret}`);
      expect(refused.status).toBe(401);
      await page.context().close();
    },
    120_000
  );
});
