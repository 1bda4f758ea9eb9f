import type { Core } from '@strapi/strapi';
import type { Page } from 'playwright-core';

import { browserTest } from '../../helpers/browser';
import { createBrowserUser, openAdmin, screenshot, useE2E } from '../../helpers/e2e';

const e2e = useE2E();

interface ScriptsService {
  create(input: unknown, options?: { userId?: number }): Promise<{ id: number; version: number }>;
  update(id: number, input: unknown, options?: { userId?: number }): Promise<{ version: number }>;
  findMany(): Promise<Array<{ id: number; name: string; builtIn: boolean }>>;
}

const scripts = (strapi: Core.Strapi) =>
  strapi.plugin('maintenance').service('scripts') as unknown as ScriptsService;

const editor = (page: Page) => page.locator('[data-testid="code-editor"] .cm-content');

/**
 * Replaces the editor's text, line by line. insertText does not go through CodeMirror's
 * bracket closing (only typed keys do), and Enter after a `;` never accepts a completion.
 */
const replaceBody = async (page: Page, lines: string[]) => {
  await editor(page).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  for (const [index, line] of lines.entries()) {
    if (index > 0) {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Enter');
    }
    await page.keyboard.insertText(line);
  }
  await page.keyboard.press('Escape');
};

/** The editor's line elements; nth(i) is line i + 1. */
const line = (page: Page, n: number) =>
  page.locator('[data-testid="code-editor"] .cm-content .cm-line').nth(n - 1);

describe('Scripts pages', () => {
  browserTest()(
    'Given a super admin, when they write a script with a syntax error, then it is marked on its line, and once fixed it saves as version 1 and is listed',
    async () => {
      const user = await createBrowserUser(e2e.current.strapi, 'super-admin', 'scripter');
      const page = await openAdmin(e2e.current, user, '/scripts/new');

      await page.getByRole('heading', { name: 'New script' }).waitFor();
      await page.getByLabel('Name').fill('E2E tidy-up');
      await page.getByLabel('Description').fill('Written by the browser suite');
      await replaceBody(page, [
        'const a = 1;',
        'const b = ;',
        'console.log(`sum ${a + b}`);',
        'return a + b;',
      ]);
      await page.waitForTimeout(200);

      // Checked as typed: the server compile marks `;` on line 2, and nothing else.
      const marked = page.locator('[data-testid="code-editor"] .cm-lintRange-error');
      await marked.first().waitFor();
      await expectCount(marked, 1);
      expect(await line(page, 2).locator('.cm-lintRange-error').textContent()).toBe(';');
      await page.locator('.cm-lint-marker-error').first().waitFor();
      await screenshot(page, 'script-syntax-error');

      // Saving refuses it too, with the place on the field.
      await page.getByRole('button', { name: 'Save' }).click();
      await page
        .getByText(/line 2, column 11/)
        .first()
        .waitFor();

      // Fix line 2: the mark goes away.
      await line(page, 2).click();
      await page.keyboard.press('End');
      await page.keyboard.press('Backspace');
      await page.keyboard.insertText('2;');
      await page.keyboard.press('Escape');
      await expect(line(page, 2).textContent()).resolves.toBe('const b = 2;');
      await marked.first().waitFor({ state: 'detached' });

      await page.getByRole('button', { name: 'Save' }).click();
      await page.waitForURL(/\/plugins\/maintenance\/scripts\/\d+$/);
      await page.getByTestId('script-version').getByText('Version 1').waitFor();
      await page.getByRole('heading', { name: 'E2E tidy-up' }).waitFor();
      await expectCount(marked, 0);
      await screenshot(page, 'script-editor');

      await page.getByRole('link', { name: 'Scripts' }).first().click();
      await page.waitForURL(/\/plugins\/maintenance\/scripts$/);
      const row = page.getByRole('row').filter({ hasText: 'E2E tidy-up' });
      await row.waitFor();
      await expect(row.getByRole('cell').nth(2).textContent()).resolves.toBe('1');
      await row.getByText('Valid').waitFor();
      // Built-ins are listed with their badge.
      await page.getByText('Built-in').first().waitFor();
      await screenshot(page, 'scripts-list');

      const saved = (await scripts(e2e.current.strapi).findMany()).find(
        (script) => script.name === 'E2E tidy-up'
      );
      expect(saved).toBeDefined();
      await page.context().close();
    },
    180_000
  );

  browserTest()(
    'Given a saved script, when it is test-run from the editor, then the log line and the result show',
    async () => {
      const strapi = e2e.current.strapi;
      const script = await scripts(strapi).create({
        name: 'E2E test run',
        body: [
          "console.log('hello from the browser suite');",
          "if (ctx.params.fail) throw new Error('asked to fail');",
          'return { dry: ctx.dryRun, days: ctx.params.days };',
        ].join('\n'),
      });
      const user = await createBrowserUser(strapi, 'super-admin', 'runner');
      const page = await openAdmin(e2e.current, user, `/scripts/${script.id}`);

      const panel = page.getByTestId('test-run-panel');
      await panel.waitFor();
      const params = panel.getByRole('textbox');
      await params.fill('{ "days": ');
      await panel.getByText(/Not valid JSON/).waitFor();
      await params.fill('{ "days": 3 }');
      await panel.getByRole('button', { name: 'Run dry' }).click();

      await page
        .getByTestId('test-run-log')
        .getByText(/hello from the browser suite/)
        .waitFor();
      await page.getByTestId('test-run-outcome').getByText('succeeded').waitFor();
      const result = await page.getByTestId('test-run-result').textContent();
      expect(JSON.parse(result ?? '')).toEqual({ dry: true, days: 3 });
      await panel.scrollIntoViewIfNeeded();
      await screenshot(page, 'script-test-run');

      // A run that throws shows the error, and marks its place in the saved body.
      await params.fill('{ "fail": true }');
      await panel.getByRole('button', { name: 'Run dry' }).click();
      await page
        .getByTestId('test-run-error')
        .getByText(/Error: asked to fail \(line 2, column \d+\)/)
        .waitFor();
      await page.getByTestId('test-run-outcome').getByText('failed').waitFor();
      await line(page, 2).locator('.cm-lintRange-warning').waitFor();
      await page.context().close();
    },
    120_000
  );

  browserTest()(
    'Given a script saved three times, when an old version is selected and restored, then the diff shows and the editor holds it as a new version',
    async () => {
      const strapi = e2e.current.strapi;
      const user = await createBrowserUser(strapi, 'super-admin', 'historian');
      const created = await scripts(strapi).create({
        name: 'E2E history',
        body: 'const days = 30;\nreturn days;',
      });
      await scripts(strapi).update(created.id, { body: 'const days = 60;\nreturn days;' });
      await scripts(strapi).update(created.id, {
        body: 'const days = 90;\nconsole.log(days);\nreturn days;',
      });
      const page = await openAdmin(e2e.current, user, `/scripts/${created.id}`);

      await page.getByTestId('script-version').getByText('Version 3').waitFor();
      await page.getByRole('tab', { name: 'Version history' }).click();
      const history = page.getByTestId('version-history');
      await history.locator('tr[data-version="1"]').click();
      const diff = page.getByTestId('script-diff');
      await diff.locator('.cm-mergeView').waitFor();
      await diff.locator('.cm-changedLine').first().waitFor();
      // The tests' tsconfig has no DOM lib: the element is typed only as far as this call needs.
      await diff.evaluate((element) =>
        (element as unknown as { scrollIntoView(options: object): void }).scrollIntoView({
          block: 'end',
        })
      );
      await screenshot(page, 'script-versions');

      await page.getByRole('button', { name: 'Restore v1' }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Confirm' }).click();
      await page.getByTestId('script-version').getByText('Version 4').waitFor();
      await expect(line(page, 1).textContent()).resolves.toBe('const days = 30;');
      await history.locator('tr[data-version="4"]').waitFor();
      await page.context().close();
    },
    120_000
  );

  browserTest()(
    'Given a name another script has, when a new script is saved, then the server error shows on the name field',
    async () => {
      const user = await createBrowserUser(e2e.current.strapi, 'super-admin', 'namer');
      const page = await openAdmin(e2e.current, user, '/scripts/new');
      await page.getByRole('heading', { name: 'New script' }).waitFor();
      await page.getByLabel('Name').fill('Site report');
      await page.getByRole('button', { name: 'Save' }).click();
      // The server answers after the click returns: wait for its message (translated from its
      // key, naming no internal field), then read the field.
      await page.getByText('This name is already taken').first().waitFor();
      await expect(page.getByLabel('Name').getAttribute('aria-invalid')).resolves.toBe('true');
      await page.context().close();
    },
    120_000
  );

  browserTest()(
    'Given a role that may only read, when it opens a built-in script, then the editor is read-only and offers no save, run or restore',
    async () => {
      const strapi = e2e.current.strapi;
      const builtIn = (await scripts(strapi).findMany()).find((script) => script.builtIn);
      expect(builtIn).toBeDefined();
      const user = await createBrowserUser(strapi, ['plugin::maintenance.read'], 'reader');
      const page = await openAdmin(e2e.current, user, `/scripts/${builtIn?.id}`);

      await page.getByRole('heading', { name: builtIn?.name }).waitFor();
      await expect(editor(page).getAttribute('contenteditable')).resolves.toBe('false');
      await expectCount(page.getByRole('button', { name: 'Save' }), 0);
      await expectCount(page.getByRole('tab', { name: 'Test run' }), 0);
      await expectCount(page.getByRole('button', { name: /Duplicate/ }), 0);
      await page.getByText('Built-in script').first().waitFor();
      await page.context().close();
    },
    120_000
  );

  browserTest()(
    'Given a body changed by another plugin through the Document Service, when a super admin reviews it, then the diff shows both bodies and restoring the signed version makes it runnable again',
    async () => {
      const strapi = e2e.current.strapi;
      const script = (await scripts(strapi).create({
        name: 'E2E changed outside',
        body: "return 'signed';",
      })) as { id: number; version: number; documentId?: string };
      await strapi
        .documents('plugin::maintenance.script' as Parameters<typeof strapi.documents>[0])
        .update({ documentId: script.documentId, data: { body: "return 'outside';" } } as never);
      const user = await createBrowserUser(strapi, 'super-admin', 'reviewer');
      const page = await openAdmin(e2e.current, user, `/scripts/${script.id}`);

      await page.getByText('This script will not run').waitFor();
      await page.getByRole('button', { name: 'Review the change' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText(/Left: version 1/).waitFor();
      await dialog.getByText("return 'signed';").waitFor();
      await dialog.getByText("return 'outside';").waitFor();
      await screenshot(page, 'script-changed-outside');
      await dialog.getByRole('button', { name: 'Restore version 1' }).click();

      await page.getByTestId('script-version').getByText('Version 3').waitFor();
      await expectCount(page.getByText('This script will not run'), 0);
      await page.context().close();
    },
    120_000
  );
});

/** Waits (up to 5 s) until a locator matches `count` elements. */
const expectCount = async (locator: ReturnType<Page['locator']>, count: number) => {
  const deadline = Date.now() + 5_000;
  while ((await locator.count()) !== count && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(await locator.count()).toBe(count);
};
