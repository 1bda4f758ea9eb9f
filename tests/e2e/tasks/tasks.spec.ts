import type { Page } from 'playwright-core';

import { browserTest } from '../../helpers/browser';
import { createBrowserUser, openAdmin, screenshot, useE2E, type E2EUser } from '../../helpers/e2e';
import { service, uniqueName } from '../../helpers/maintenance';

const e2e = useE2E();

const LOG_LINE = 'hello from the e2e task';
const TASK_NAME = uniqueName('Weekly greeting');

/** Picks `option` in the design system's select or combobox labelled `label`. */
const choose = async (page: Page, label: string, option: string | RegExp) => {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option }).click();
};

describe('Tasks pages', () => {
  let user: E2EUser;
  let scriptName: string;
  let scriptId: number;
  let taskId: number | undefined;

  beforeAll(async () => {
    const { strapi } = e2e.current;
    scriptName = uniqueName('Greeter');
    const script = await service(strapi, 'scripts').create({
      name: scriptName,
      body: `console.log('${LOG_LINE}: ' + ctx.params.greeting); return { greeted: true };`,
    });
    scriptId = script.id;
    user = await createBrowserUser(strapi, 'super-admin', 'scheduler');
  });

  /** The task the first test creates, or the same task made directly when run alone. */
  const theTask = async () => {
    if (taskId !== undefined) return taskId;
    const { strapi } = e2e.current;
    const task = await service(strapi, 'tasks').create({
      name: TASK_NAME,
      script: scriptId,
      schedule: '30 4 * * 3',
      timezone: 'America/New_York',
      params: { greeting: 'hello' },
    });
    taskId = task.id;
    return task.id;
  };

  browserTest()(
    'create a task with a preset schedule and see the next runs',
    async () => {
      const page = await openAdmin(e2e.current, user, '/tasks');
      // The schedule preview is held back, as on a busy site, until the time zone box is opened.
      let answerPreviews = () => {};
      const previewsHeld = new Promise<void>((resolve) => (answerPreviews = resolve));
      const isPreview = (url: URL) => url.pathname.endsWith('/maintenance/schedule/preview');
      await page.route(isPreview, async (route) => {
        await previewsHeld;
        await route.continue();
      });
      const main = page.getByRole('main');
      await main.getByRole('heading', { name: 'Tasks', exact: true }).waitFor();
      await main.getByRole('link', { name: 'Create a task' }).first().click();
      await page.waitForURL(/\/plugins\/maintenance\/tasks\/new$/);
      await main.getByRole('heading', { name: 'Create a task' }).waitFor();

      await main.getByRole('textbox', { name: 'Name' }).fill(TASK_NAME);
      await choose(page, 'Script', scriptName);
      await main.getByRole('textbox', { name: /Params/ }).fill('{ "greeting": "hello" }');

      // Preset: every week, on Wednesday, at 04:30, in New York.
      await choose(page, 'Repeat', 'Every week');
      await choose(page, 'On', 'Wednesday');
      await main.getByLabel('At', { exact: true }).fill('04:30');
      expect(await main.getByRole('textbox', { name: 'Cron expression' }).inputValue()).toBe(
        '30 4 * * 3'
      );
      await main
        .getByTestId('schedule-words')
        .getByText('At 04:30 AM, only on Wednesday')
        .waitFor();

      // The preview, asked without a zone, names the site's default once it answers: the box shows
      // it and stays empty, so what the editor types is not put behind it ("UTCAmerica/New_Y").
      const zone = main.getByRole('combobox', { name: 'Time zone' });
      await zone.click();
      answerPreviews();
      await main.getByText('Next runs · in UTC').waitFor();
      expect(await zone.getAttribute('placeholder')).toBe('Site default (UTC)');
      expect(await zone.inputValue()).toBe('');
      await zone.press('ControlOrMeta+a');
      await zone.pressSequentially('America/New_Y');
      expect(await zone.inputValue()).toBe('America/New_Y');
      await page.getByRole('option', { name: 'America/New_York' }).click();

      // The next five runs, in New York time, from the server's preview.
      await main.getByText('Next runs · in America/New_York').waitFor();
      const runs = main.getByTestId('next-runs').getByRole('listitem');
      await runs.nth(4).waitFor();
      expect(await runs.count()).toBe(5);
      for (const item of await runs.all()) {
        const text = (await item.textContent()) ?? '';
        expect(text).toMatch(/Wed/);
        expect(text).toMatch(/04:30/);
        expect(text).toMatch(/UTC-0[45]:00/);
      }
      await screenshot(page, 'task-editor');

      await main.getByRole('button', { name: 'Save' }).click();
      await page.waitForURL(/\/plugins\/maintenance\/tasks\/\d+$/);
      taskId = Number(/tasks\/(\d+)$/.exec(page.url())![1]);
      await main.getByRole('heading', { name: `Edit “${TASK_NAME}”` }).waitFor();

      const stored = await service(e2e.current.strapi, 'tasks').findOne(taskId);
      expect(stored).toMatchObject({
        name: TASK_NAME,
        schedule: '30 4 * * 3',
        timezone: 'America/New_York',
        params: { greeting: 'hello' },
        enabled: true,
      });
      expect(stored.nextRunAt).toBeGreaterThan(Date.now());
      await page.context().close();
    },
    120_000
  );

  browserTest()(
    'run it now and read its log in the run history',
    async () => {
      const id = await theTask();
      const page = await openAdmin(e2e.current, user, '/tasks');
      const main = page.getByRole('main');
      const row = main.getByTestId(`task-row-${id}`);
      await row.waitFor();
      await row.getByText('Never run').waitFor();

      await row.getByRole('button', { name: `Run now: ${TASK_NAME}` }).click();
      // The outcome comes as a notification that links to the run.
      const notice = page.getByText(`“${TASK_NAME}” ran successfully`);
      await notice.waitFor();
      await row.getByText('Succeeded').waitFor();
      await screenshot(page, 'tasks-list');

      // Strapi opens notification links in a new tab.
      const [runPage] = await Promise.all([
        page.context().waitForEvent('page'),
        page.getByRole('link', { name: 'Open the run' }).click(),
      ]);
      await runPage.waitForURL(/\/admin\/plugins\/maintenance\/runs\/\d+$/);
      const log = runPage.getByTestId('run-log');
      await log.waitFor();
      expect((await log.textContent()) ?? '').toContain(`${LOG_LINE}: hello`);
      await screenshot(runPage, 'task-run-log');

      // The same run is in the task's run history, and the row links to it.
      const runId = /runs\/(\d+)$/.exec(runPage.url())![1];
      await row.getByRole('link', { name: /ago|now/ }).click();
      await page.waitForURL(new RegExp(`/runs/${runId}$`));
      await page.goto(`${e2e.current.baseUrl}/admin/plugins/maintenance/runs?task=${id}`);
      await page.getByRole('link', { name: `Run #${runId}` }).waitFor();
      await page.context().close();
    },
    120_000
  );

  browserTest()(
    'disable it',
    async () => {
      const id = await theTask();
      const page = await openAdmin(e2e.current, user, '/tasks');
      const main = page.getByRole('main');
      const row = main.getByTestId(`task-row-${id}`);
      const toggle = row.getByRole('switch', { name: `Enabled: ${TASK_NAME}` });
      await toggle.waitFor();
      expect(await toggle.getAttribute('aria-checked')).toBe('true');

      await toggle.click();
      await page.getByText(`“${TASK_NAME}” is disabled`).waitFor();
      expect(await toggle.getAttribute('aria-checked')).toBe('false');
      await row.getByText('Not scheduled (disabled)').waitFor();
      expect((await service(e2e.current.strapi, 'tasks').findOne(id)).enabled).toBe(false);

      // The filter finds it among the disabled tasks only.
      await choose(page, 'Enabled or disabled', 'Disabled only');
      await page.waitForURL(/enabled=false/);
      await row.waitFor();
      await screenshot(page, 'tasks-disabled');
      await choose(page, 'Enabled or disabled', 'Enabled only');
      await page.waitForURL(/enabled=true/);
      await row.waitFor({ state: 'detached' });
      await page.context().close();
    },
    120_000
  );
});
