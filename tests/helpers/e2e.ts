import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import type { Browser, Page } from 'playwright-core';

import { createRole } from './admin';
import { launchChromium } from './browser';
import { startStrapi, testFailed, type TestStrapi } from './strapi';

const ROOT = path.resolve(__dirname, '..', '..');
/** Built by tests/setup/build-playground-admin.js. */
const E2E_DIST = path.join(ROOT, '.tmp', 'e2e-dist');
export const SCREENSHOTS_DIR = path.join(ROOT, 'docs', 'screenshots');
const BOOT_TIMEOUT_MS = 180_000;

export interface E2EUser {
  email: string;
  password: string;
}

export interface E2EContext {
  app: TestStrapi;
  strapi: Core.Strapi;
  baseUrl: string;
  browser: Browser;
  /** What the pages reported that a test should fail on (see `watchPage`). */
  problems: string[];
  /** The pages `openAdmin` opened that are still open: shown when a test fails. */
  pages: Set<Page>;
}

// A string, run in the page (the tests are compiled without the DOM's types): the focused element's
// tag, role, name and, for a field, the text in it.
const FOCUSED_STATE = `(() => {
  const a = document.activeElement;
  if (!a || a === document.body) return '(nothing)';
  const name = a.getAttribute('aria-label') || (a.labels && a.labels[0] && a.labels[0].textContent) || '';
  const value = 'value' in a ? ' value ' + JSON.stringify(a.value) : '';
  return a.tagName.toLowerCase() + (a.getAttribute('role') ? '[role=' + a.getAttribute('role') + ']' : '') +
    ' "' + name.trim() + '"' + value + (a.getAttribute('aria-expanded') ? ' expanded=' + a.getAttribute('aria-expanded') : '');
})()`;

const FAILURES_DIR = path.join(ROOT, '.tmp', 'e2e-failures');
/** Enough of a page's accessibility tree to see its dialogs, lists and fields, not a whole log. */
const SNAPSHOT_CHARS = 6_000;

/**
 * What a page showed when its test failed: its address, the focused element, its accessibility
 * tree (what a test's locators read) and a screenshot under .tmp/e2e-failures. A failure in CI is
 * read from the log alone, and a timing failure does not come back when run again.
 */
const describePage = async (page: Page, name: string): Promise<string> => {
  const lines = [`page ${page.url()}`];
  try {
    lines.push(`focused: ${String(await page.evaluate(FOCUSED_STATE))}`);
    const tree = await page.locator('body').ariaSnapshot({ timeout: 5_000 });
    lines.push(tree.length > SNAPSHOT_CHARS ? `${tree.slice(0, SNAPSHOT_CHARS)}\n[… cut]` : tree);
    mkdirSync(FAILURES_DIR, { recursive: true });
    const file = path.join(FAILURES_DIR, `${name.replace(/[^\w.-]+/g, '-').slice(0, 120)}.png`);
    await page.screenshot({ path: file, fullPage: true, timeout: 10_000 });
    lines.push(`screenshot: ${path.relative(ROOT, file)}`);
  } catch (error) {
    lines.push(`(could not read the page: ${(error as Error).message.split('\n')[0]})`);
  }
  return lines.join('\n');
};

// React's development-build warnings (the browser suites build the admin panel on it, see
// playground/src/admin/vite.config.ts) all start so.
const REACT_WARNING = /^Warning: /;

/**
 * Collects uncaught errors and React warnings of a page into `problems`. Console errors in general
 * are not problems: Chromium logs every answer of 4xx as one, and the permission tests make them.
 */
const watchPage = (page: Page, problems: string[]) => {
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.stack ?? error.message}`));
  page.on('console', (message) => {
    if (!REACT_WARNING.test(message.text())) return;
    // Counted at once; its %s filled in from the arguments (component names, stack) when read.
    const at = problems.push(`React: ${message.text()}`) - 1;
    void Promise.all(message.args().map((arg) => arg.jsonValue().catch(() => '?'))).then(
      (values: unknown[]) => {
        let next = 1;
        const text = String(values[0]).replace(/%s/g, () => String(values[next++] ?? ''));
        problems[at] = `React: ${text.split('\n').slice(0, 8).join('\n')}`;
      }
    );
  });
};

/**
 * One listening playground (fresh database, admin panel built for the browser suites) and one
 * Chromium per test file. Tests read `e2e.current` inside their bodies.
 */
export const useE2E = (env: Record<string, string> = {}) => {
  const holder: { current: E2EContext } = { current: undefined as unknown as E2EContext };
  let closeBrowser: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    // GraphQL on, as in the demo and on many sites.
    const app = await startStrapi({ GRAPHQL_ENABLED: 'true', ...env }, { distDir: E2E_DIST });
    await new Promise<void>((resolve) =>
      app.strapi.server.httpServer.listen(0, '127.0.0.1', resolve)
    );
    const { port } = app.strapi.server.httpServer.address() as AddressInfo;
    const { browser, close } = await launchChromium();
    closeBrowser = close;
    holder.current = {
      app,
      strapi: app.strapi,
      baseUrl: `http://127.0.0.1:${port}`,
      browser,
      problems: [],
      pages: new Set(),
    };
  }, BOOT_TIMEOUT_MS);

  // A failed test's pages are shown in the log, then closed (the test did not get to close them).
  afterEach(async () => {
    const pages = [...(holder.current?.pages ?? [])];
    if (pages.length === 0 || !testFailed()) return;
    const test = expect.getState().currentTestName ?? 'test';
    const shown = [];
    for (const [index, page] of pages.entries()) {
      shown.push(await describePage(page, `${test}-${index + 1}`));
      await page.context().close();
    }
    console.log(`What the browser showed when "${test}" failed:\n\n${shown.join('\n\n')}`);
  }, BOOT_TIMEOUT_MS);

  // A test during which a page threw or React warned fails, whatever it asserted.
  afterEach(() => {
    const found = holder.current?.problems.splice(0) ?? [];
    if (found.length > 0) {
      throw new Error(
        `The admin panel reported ${found.length} problem(s):\n\n${found.join('\n\n')}`
      );
    }
  });

  afterAll(async () => {
    await closeBrowser?.();
    const app = holder.current?.app;
    if (app) {
      await new Promise((resolve) => app.strapi.server.httpServer.close(resolve));
      await app.stop();
    }
  }, BOOT_TIMEOUT_MS);

  return holder;
};

/**
 * An administrator who can log in through the browser: the Super Admin role, or a fresh role
 * holding exactly the given plugin actions.
 */
export const createBrowserUser = async (
  strapi: Core.Strapi,
  actions: string[] | 'super-admin',
  label = 'editor'
): Promise<E2EUser> => {
  const roleId =
    actions === 'super-admin'
      ? ((await strapi.service('admin::role').getSuperAdmin()) as { id: number }).id
      : (await createRole(strapi, label, actions)).id;
  const email = `${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${randomBytes(3).toString('hex')}@example.test`;
  const password = `Pw1-${randomBytes(12).toString('hex')}`;
  await strapi.service('admin::user').create({
    email,
    password,
    firstname: label,
    lastname: 'Test',
    isActive: true,
    registrationToken: null,
    roles: [roleId],
  });
  return { email, password };
};

/** Runs in the page before Strapi's code: every dismissible admin banner reads as dismissed. */
const DISMISS_BANNERS = `(() => {
  const getItem = Storage.prototype.getItem;
  Storage.prototype.getItem = function (key) {
    if (typeof key === 'string' && key.startsWith('STRAPI_MEDIA_LIBRARY_BANNER_DISMISSED_FOR_')) {
      return 'true';
    }
    return getItem.call(this, key);
  };
})();`;

/** A fresh browser page (its own cookies and storage), logged in as `user`, on the plugin. */
export const openAdmin = async (
  context: E2EContext,
  user: E2EUser,
  pluginPath = '',
  { language }: { language?: 'fr' } = {}
): Promise<Page> => {
  const browserContext = await context.browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'en-US',
  });
  // Strapi's "Introducing the new Media Library" banner sits above every page and shifts the
  // layout; it is read from localStorage (scoped by the site's uuid), so answer "dismissed".
  await browserContext.addInitScript(DISMISS_BANNERS);

  const page = await browserContext.newPage();
  context.pages.add(page);
  page.on('close', () => context.pages.delete(page));
  page.setDefaultTimeout(30_000);
  watchPage(page, context.problems);
  // E2E_DEBUG=1 prints the page's errors, with their stacks, to the test output.
  if (process.env.E2E_DEBUG) {
    page.on('pageerror', (error) => console.log(`[pageerror] ${error.stack ?? error.message}`));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      void Promise.all(
        message
          .args()
          .map((arg) =>
            arg.evaluate((value) => (value instanceof Error ? value.stack : String(value)))
          )
      ).then((parts) => console.log(`[console] ${parts.join(' | ')}`));
    });
  }
  await page.goto(`${context.baseUrl}/admin/auth/login`);
  await page.getByLabel(/email/i).fill(user.email);
  await page.getByLabel(/^password/i).fill(user.password);
  await page.getByRole('button', { name: /login/i }).click();
  await page.waitForURL((url) => !url.pathname.includes('/auth/'));
  // The interface language a user picks in their profile is kept in localStorage under this key
  // (set after the login, whose form the helper fills in English).
  if (language) {
    await page.evaluate((tag) => localStorage.setItem('strapi-admin-language', tag), language);
  }
  await page.goto(`${context.baseUrl}/admin/plugins/maintenance${pluginPath}`);
  return page;
};

/** Saves a full-page screenshot as docs/screenshots/<name>.png (the README shows the best). */
export const screenshot = async (page: Page, name: string) => {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS_DIR, `${name}.png`), fullPage: true });
};

/** The little of the page's DOM the functions below read (the tests compile without its types). */
interface PageDocument {
  activeElement: { getAttribute(name: string): string | null; textContent: string | null } | null;
}

/**
 * Runs in the page, where Playwright sends its source (so it uses nothing from outside): the
 * accessible name of the focused element, or whether it is `expected`. A function and not a
 * string: Playwright polls a string by `eval` in the page, which the admin panel's Content Security
 * Policy refuses, so a wait on a string failed whenever its first check did not already match.
 */
const focusedNameInPage = (expected?: string): string | boolean => {
  const { document } = globalThis as unknown as { document: PageDocument };
  const focused = document.activeElement;
  const name = focused
    ? focused.getAttribute('aria-label') || (focused.textContent ?? '').trim()
    : '';
  return expected === undefined ? name : name === expected;
};

/** The accessible name of the focused element (its aria-label, else its text). */
export const focusedName = async (page: Page) =>
  String(await page.evaluate(focusedNameInPage, undefined));

/**
 * Waits until the element named `name` has the focus. A menu that has just appeared may not yet
 * listen for its keys (a popover moves the focus in the same effects that start listening), so a
 * key pressed before the focus moved can be lost on a busy machine.
 */
export const focusReaches = async (page: Page, name: string) => {
  await page.waitForFunction(focusedNameInPage, name);
};
