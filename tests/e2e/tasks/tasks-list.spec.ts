/**
 * The tasks list as a keyboard user and a small screen meet it (issue 19): every row control is a
 * Tab stop and Enter presses only the focused one; run now of a chore that changes data asks
 * first, says what it changes and offers a dry run; at 1024×768 each row's actions stay on screen.
 */
import type { Locator, Page } from 'playwright-core';

import { browserTest } from '../../helpers/browser';
import {
  createBrowserUser,
  focusReaches,
  focusedName,
  openAdmin,
  useE2E,
  type E2EUser,
} from '../../helpers/e2e';
import { service, uniqueName } from '../../helpers/maintenance';

const e2e = useE2E({ MAINTENANCE_AUTO_RUN: 'false' });

/** Whether the control is wholly inside the viewport and not covered or clipped at its centre. */
const onScreen = async (page: Page, control: Locator) => {
  const box = await control.boundingBox();
  const viewport = page.viewportSize()!;
  if (!box) return false;
  const inside =
    box.x >= 0 &&
    box.y >= 0 &&
    box.x + box.width <= viewport.width &&
    box.y + box.height <= viewport.height;
  // The element found at its centre is the control or inside it (not a scroller's clip or cover).
  const topmost = await control.evaluate(
    (element, [x, y]) => {
      const hit = (
        globalThis as unknown as { document: { elementFromPoint(x: number, y: number): unknown } }
      ).document.elementFromPoint(x, y);
      return (element as unknown as { contains(other: unknown): boolean }).contains(hit);
    },
    [box.x + box.width / 2, box.y + box.height / 2]
  );
  return inside && topmost;
};

describe('Tasks list: keyboard, confirmation, small screens', () => {
  let user: E2EUser;

  beforeAll(async () => {
    user = await createBrowserUser(e2e.current.strapi, 'super-admin', 'keyboard');
  });

  /** A task running a user's script that changes nothing the plugin knows of. */
  const greetingTask = async () => {
    const { strapi } = e2e.current;
    const script = await service(strapi, 'scripts').create({
      name: uniqueName('Greeter'),
      body: "console.log('hello'); return { greeted: true };",
    });
    return service(strapi, 'tasks').create({
      name: uniqueName('Greeting'),
      script: script.id,
      schedule: '0 3 * * *',
      timezone: 'UTC',
    });
  };

  browserTest()(
    'Given a row, When Tab goes through it, Then each control is reached, and Enter on the menu opens it without running the task',
    async () => {
      const task = await greetingTask();
      const page = await openAdmin(e2e.current, user, '/tasks');
      const row = page.getByRole('main').getByTestId(`task-row-${task.id}`);
      await row.waitFor();

      // Given the focus on the row's enabled switch, When Tab is pressed, Then run now, edit
      // and the menu come in turn.
      await row.getByRole('switch', { name: `Enabled: ${task.name}` }).focus();
      const reached: string[] = [];
      for (let step = 0; step < 8 && !reached.includes(`More actions: ${task.name}`); step += 1) {
        await page.keyboard.press('Tab');
        reached.push(await focusedName(page));
      }
      expect(reached).toEqual(
        expect.arrayContaining([
          `Run now: ${task.name}`,
          `Edit: ${task.name}`,
          `More actions: ${task.name}`,
        ])
      );
      // The actions cell itself is no stop: nothing there presses "the first button".
      expect(await row.locator('td[data-actions]').getAttribute('tabindex')).toBeNull();

      // When Enter is pressed on the menu, Then the menu opens and nothing runs.
      // The open menu has the focus on its first item; Escape gives it back to the menu's button.
      await page.keyboard.press('Enter');
      await focusReaches(page, 'Dry run (changes nothing)');
      await page.keyboard.press('Escape');
      await focusReaches(page, `More actions: ${task.name}`);

      // When the focus goes back to run now and Enter is pressed, Then that one run happens.
      await row.getByRole('button', { name: `Run now: ${task.name}` }).focus();
      await page.keyboard.press('Enter');
      await page.getByText(`“${task.name}” ran successfully`).waitFor();
      const runs = await service(e2e.current.strapi, 'runs').findForTask(task.id);
      expect(runs.map((run) => run.dryRun)).toEqual([false]);
      await page.context().close();
    },
    120_000
  );

  browserTest()(
    'Given a chore that deletes runs, When run now is pressed, Then it asks, says what goes, and runs dry, not at all, or for real as chosen',
    async () => {
      const { strapi } = e2e.current;
      const script = await service(strapi, 'builtin').findScript('purge-run-history');
      const task = await service(strapi, 'tasks').create({
        name: uniqueName('Purge old runs'),
        script: script!.id,
        schedule: '15 4 * * *',
        timezone: 'UTC',
        params: { olderThanDays: 60, keepLast: 10 },
      });
      const page = await openAdmin(e2e.current, user, '/tasks');
      const row = page.getByRole('main').getByTestId(`task-row-${task.id}`);
      await row.waitFor();
      const runNow = row.getByRole('button', { name: `Run now: ${task.name}` });
      const dialog = page.getByRole('alertdialog');
      const runsOf = async () =>
        (await service(strapi, 'runs').findForTask(task.id)).map((run) => run.dryRun);

      // When run now is pressed, Then the dialog says what the run deletes, with its params.
      await runNow.click();
      await dialog.getByText(`Run “${task.name}” now?`).waitFor();
      await dialog
        .getByText(
          "Deletes maintenance runs older than 60 days, keeping each task's last 10 and its last failure."
        )
        .waitFor();

      // When the dry run is chosen, Then a dry run is made (this run only).
      await dialog.getByRole('button', { name: 'Dry run' }).click();
      await page.getByText(`Dry run of “${task.name}” finished`).waitFor();
      expect(await runsOf()).toEqual([true]);

      // When cancelled, Then nothing runs.
      await runNow.click();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });

      // When run for real, Then it runs for real.
      await runNow.click();
      await dialog.getByRole('button', { name: 'Run', exact: true }).click();
      await page.getByText(`“${task.name}” ran successfully`).waitFor();
      expect((await runsOf()).sort()).toEqual([false, true]);
      await page.context().close();
    },
    120_000
  );

  browserTest()(
    "Given a task that has run, When the tasks and scripts lists are shown at 1440×900 and 1024×768, Then each row's actions are on screen",
    async () => {
      const { strapi } = e2e.current;
      const task = await greetingTask();
      await service(strapi, 'scheduler').runNow(task.id, {});
      const page = await openAdmin(e2e.current, user, '/tasks');
      const row = page.getByRole('main').getByTestId(`task-row-${task.id}`);
      await row.getByText('Succeeded').waitFor();
      const actions = [
        row.getByRole('button', { name: `Run now: ${task.name}` }),
        row.getByRole('link', { name: `Edit: ${task.name}` }),
        row.getByRole('button', { name: `More actions: ${task.name}` }),
      ];
      for (const control of actions) expect(await onScreen(page, control)).toBe(true);

      await page.setViewportSize({ width: 1024, height: 768 });
      await row.scrollIntoViewIfNeeded();
      for (const control of actions) expect(await onScreen(page, control)).toBe(true);
      // The next run too: the script's column gives way first.
      expect(await onScreen(page, row.getByText(/^in \d+ (hour|minute)s?$/))).toBe(true);
      const script = await service(strapi, 'scripts').findOne(task.script!);
      expect(await row.getByText(script.name, { exact: true }).isVisible()).toBe(false);

      await page.goto(`${e2e.current.baseUrl}/admin/plugins/maintenance/scripts`);
      const scriptRow = page.getByRole('main').locator(`tr[data-script-id="${task.script}"]`);
      await scriptRow.waitFor();
      await scriptRow.scrollIntoViewIfNeeded();
      for (const control of await scriptRow.getByRole('button').all()) {
        expect(await onScreen(page, control)).toBe(true);
      }
      await page.context().close();
    },
    120_000
  );
});
