import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

import { browserTest } from '../../helpers/browser';
import {
  createBrowserUser,
  openAdmin,
  SCREENSHOTS_DIR,
  useE2E,
  type E2EUser,
} from '../../helpers/e2e';
import { service, uniqueName } from '../../helpers/maintenance';

const e2e = useE2E();

const TASK_UID = 'plugin::maintenance.task';

interface StoredWebhook {
  id: string | number;
  name: string;
  events: string[];
}
interface WebhookStore {
  createWebhook(data: Record<string, unknown>): Promise<StoredWebhook>;
  findWebhooks(): Promise<StoredWebhook[]>;
}

/** A screenshot of one part of the page, as docs/screenshots/<name>.png. */
const shoot = async (page: Page, selector: string, name: string) => {
  await page
    .locator(selector)
    .first()
    .screenshot({ path: path.join(SCREENSHOTS_DIR, `${name}.png`) });
};

/** The Settings page section whose heading is `title`. */
const settingsSection = (page: Page, title: string) =>
  page.getByRole('main').getByRole('region', { name: title, exact: true });

describe('Operations in the admin panel', () => {
  let owner: E2EUser;
  let scriptName: string;
  let nightly: { id: number; name: string };
  let hourly: { id: number; name: string };
  let exported: { name: string; text: string } | undefined;

  beforeAll(async () => {
    const { strapi } = e2e.current;
    scriptName = uniqueName('Count drafts');
    const script = await service(strapi, 'scripts').create({
      name: scriptName,
      description: 'How many drafts',
      body: 'return 1;',
    });
    const tasks = service(strapi, 'tasks');
    nightly = await tasks.create({
      name: uniqueName('Nightly count'),
      script: script.id,
      schedule: '0 3 * * *',
      timezone: 'Europe/Paris',
    });
    hourly = await tasks.create({
      name: uniqueName('Hourly count'),
      script: script.id,
      schedule: '0 * * * *',
      timezone: 'UTC',
      retries: 2,
    });
    owner = await createBrowserUser(strapi, 'super-admin', 'site owner');
  });

  /** The export file, downloaded from the task list (once per file). */
  const exportFile = async () => {
    if (exported) return exported;
    const page = await openAdmin(e2e.current, owner, '/tasks');
    const main = page.getByRole('main');
    await main.getByRole('heading', { name: 'Tasks', exact: true }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      main.getByRole('button', { name: 'Export' }).click(),
    ]);
    const file = await download.path();
    exported = { name: download.suggestedFilename(), text: readFileSync(file, 'utf8') };
    await page.getByText(/Exported \d+ scripts? and \d+ tasks? to/).waitFor();
    await page.context().close();
    return exported;
  };

  browserTest()(
    'export from the task list, then import on the same site: unchanged and updated items, applied',
    async () => {
      const { strapi } = e2e.current;
      const file = await exportFile();
      expect(file.name).toMatch(/^maintenance-127-0-0-1-\d+-\d{4}-\d{2}-\d{2}\.json$/);
      const parsed = JSON.parse(file.text);
      expect(parsed.format).toBe('strapi-plugin-maintenance.export');
      expect(parsed.signature).toMatch(/^v1\./);
      expect(parsed.tasks.map((task: { name: string }) => task.name)).toEqual(
        expect.arrayContaining([nightly.name, hourly.name])
      );

      // After the export, the hourly task changes: importing the file puts it back.
      await service(strapi, 'tasks').update(hourly.id, { schedule: '*/30 * * * *' });

      const page = await openAdmin(e2e.current, owner, '/settings');
      await page.getByRole('heading', { name: 'Maintenance settings' }).waitFor();
      const transfer = settingsSection(page, 'Export and import');
      await transfer.getByRole('button', { name: 'Import a file…' }).waitFor();
      await page.getByTestId('import-file').setInputFiles({
        name: file.name,
        mimeType: 'application/json',
        buffer: Buffer.from(file.text),
      });
      const preview = page.getByTestId('import-preview');
      await preview.getByText(`What importing ${file.name} will do`).waitFor();
      expect(await preview.getByTestId('import-summary').textContent()).toMatch(
        /^0 to create, 1 to update, \d+ unchanged, 0 skipped$/
      );
      const row = (name: string) => preview.getByRole('row').filter({ hasText: name });
      expect(await row(hourly.name).textContent()).toContain('Update');
      expect(await row(hourly.name).textContent()).toContain('Changes: schedule');
      expect(await row(nightly.name).textContent()).toContain('Unchanged');
      expect(await row(scriptName).textContent()).toContain('Unchanged');
      await preview.getByText('Imported tasks arrive disabled').waitFor();
      await preview.getByText('items managed in code (config/plugins) are never changed').waitFor();
      await shoot(page, '[data-testid="import-preview"]', 'import-preview');

      await preview.getByRole('button', { name: 'Confirm import' }).click();
      await page.getByText(/^Imported: 0 created, 1 updated, \d+ unchanged, 0 skipped$/).waitFor();
      await preview.waitFor({ state: 'detached' });
      const after = await strapi.db.query(TASK_UID).findOne({ where: { id: hourly.id } });
      expect(after).toMatchObject({ schedule: '0 * * * *', enabled: false });
      await page.context().close();
    },
    120_000
  );

  browserTest()(
    'a file changed after export is refused with the server’s message, and nothing is imported',
    async () => {
      const { strapi } = e2e.current;
      const file = await exportFile();
      const tampered = JSON.parse(file.text);
      const task = tampered.tasks.find((entry: { name: string }) => entry.name === nightly.name);
      task.schedule = '0 4 * * *';

      const page = await openAdmin(e2e.current, owner, '/settings');
      await page.getByRole('heading', { name: 'Maintenance settings' }).waitFor();
      await page.getByTestId('import-file').setInputFiles({
        name: 'tampered.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(tampered)),
      });
      // The server's message, in the notification and in the section.
      const refusal = /the file's signature does not match its content/;
      await page.getByRole('region', { name: 'Export and import' }).getByText(refusal).waitFor();
      await page.getByText(refusal).nth(1).waitFor();
      await page.getByText('Nothing was imported').waitFor();
      expect(await page.getByTestId('import-preview').count()).toBe(0);
      const stored = await strapi.db.query(TASK_UID).findOne({ where: { id: nightly.id } });
      expect(stored.schedule).toBe('0 3 * * *');
      await page.context().close();
    },
    120_000
  );

  browserTest()(
    'notifications: subscribe a webhook to “run failed”, create one, and find it in Settings → Webhooks',
    async () => {
      const { strapi } = e2e.current;
      const store = strapi.get('webhookStore') as WebhookStore;
      const existing = await store.createWebhook({
        name: 'Content hook',
        url: 'https://hooks.example.com/content',
        headers: { 'X-Secret': 'abc' },
        events: ['entry.create'],
        isEnabled: true,
      });

      const page = await openAdmin(e2e.current, owner, '/settings');
      await page.getByRole('heading', { name: 'Maintenance settings' }).waitFor();
      const section = settingsSection(page, 'Notifications');
      await section.getByText('maintenance.wakeups.stopped').waitFor();
      await section
        .getByText('A task paused itself after too many failed slots in a row.')
        .waitFor();

      // An existing webhook: its content event is kept.
      await section.getByRole('checkbox', { name: 'Run failed: Content hook' }).click();
      await page.getByText('“Content hook” now receives “Run failed”').waitFor();
      const changed = (await store.findWebhooks()).find((hook) => hook.id === existing.id);
      expect(changed?.events.sort()).toEqual(['entry.create', 'maintenance.run.failed']);

      // A new one, for run failures (ticked by default).
      const name = uniqueName('Ops alerts');
      await section.getByRole('textbox', { name: 'Webhook name' }).fill(name);
      await section.getByRole('textbox', { name: 'URL' }).fill('https://hooks.example.com/ops');
      await section.getByRole('button', { name: 'Create webhook' }).click();
      await page
        .getByText(`Webhook “${name}” created; it is listed in Settings → Webhooks`)
        .waitFor();
      const eventRow = section
        .getByRole('row')
        .filter({ hasText: 'maintenance.run.failed' })
        .first();
      await eventRow.getByText(`Content hook, ${name}`).waitFor();
      expect(
        await section
          .getByRole('checkbox', { name: `Run failed: ${name}` })
          .getAttribute('aria-checked')
      ).toBe('true');
      const created = (await store.findWebhooks()).find((hook) => hook.name === name);
      expect(created?.events).toEqual(['maintenance.run.failed']);
      // For the screenshot: no toast, and a window tall enough that the sticky header covers nothing.
      await page.setViewportSize({ width: 1440, height: 3200 });
      await page.reload();
      await section.getByRole('checkbox', { name: `Run failed: ${name}` }).waitFor();
      await section.screenshot({ path: path.join(SCREENSHOTS_DIR, 'notifications.png') });

      // Strapi's own page lists it.
      await section.getByRole('link', { name: 'Open Settings → Webhooks' }).click();
      await page.waitForURL(/\/admin\/settings\/webhooks$/);
      await page.getByRole('main').getByText(name).waitFor();
      await page.getByRole('main').getByText('Content hook').waitFor();
      await page.context().close();
    },
    120_000
  );

  browserTest()(
    'a role without Strapi’s webhook permissions or the import permissions is told, and sees no import',
    async () => {
      const { strapi } = e2e.current;
      const user = await createBrowserUser(
        strapi,
        ['plugin::maintenance.read', 'plugin::maintenance.settings.manage'],
        'settings only'
      );
      const page = await openAdmin(e2e.current, user, '/settings');
      await page.getByRole('heading', { name: 'Maintenance settings' }).waitFor();
      await page.getByTestId('webhooks-forbidden').waitFor();
      await page.getByRole('button', { name: 'Export scripts and tasks' }).waitFor();
      expect(await page.getByRole('button', { name: 'Import a file…' }).count()).toBe(0);
      await page.getByText('Importing needs both “Manage scripts” and “Manage tasks”').waitFor();
      expect(await page.getByRole('button', { name: 'Create webhook' }).count()).toBe(0);
      await page.context().close();
    },
    120_000
  );

  browserTest()(
    'task editor: retries, delay and auto-pause save; the server’s 400 lands on its field; a paused task resumes',
    async () => {
      const { strapi } = e2e.current;
      const page = await openAdmin(e2e.current, owner, `/tasks/${nightly.id}`);
      const main = page.getByRole('main');
      const failures = main.getByRole('region', { name: 'When it fails' });
      await failures.waitFor();
      await failures.getByText('Failed slots in a row now: 0').waitFor();

      await failures.getByRole('textbox', { name: 'Retries' }).fill('3');
      await failures.getByRole('textbox', { name: 'Delay before retrying (ms)' }).fill('100000000');
      await main.getByRole('button', { name: 'Save' }).click();
      await failures.getByText('Must be at most 86400000').first().waitFor();

      await failures.getByRole('textbox', { name: 'Delay before retrying (ms)' }).fill('5000');
      await failures.getByRole('textbox', { name: 'Pause after failed slots in a row' }).fill('2');
      await main.getByRole('button', { name: 'Save' }).click();
      await page.getByText(`“${nightly.name}” is saved`).waitFor();
      expect(await strapi.db.query(TASK_UID).findOne({ where: { id: nightly.id } })).toMatchObject({
        retries: 3,
        retryBackoffMs: 5000,
        autoPauseAfter: 2,
      });

      // As the scheduler leaves it after two failed slots: paused, with a retry that was pending.
      const reason = 'paused after 2 consecutive failed slots; last: failed (disk full)';
      await strapi.db.query(TASK_UID).update({
        where: { id: nightly.id },
        data: { pausedAt: Date.now(), pausedReason: reason, consecutiveFailedSlots: 2 },
      });
      await page.reload();
      await main.getByText(reason).waitFor();
      await failures.getByText('Failed slots in a row now: 2').waitFor();
      await main.getByRole('button', { name: 'Resume' }).click();
      await page.getByText(`“${nightly.name}” is resumed`).waitFor();
      await main.getByText(reason).waitFor({ state: 'detached' });
      const resumed = await strapi.db.query(TASK_UID).findOne({ where: { id: nightly.id } });
      expect(resumed.pausedAt).toBeNull();
      expect(resumed.consecutiveFailedSlots).toBe(0);
      await page.context().close();
    },
    120_000
  );
});
