/**
 * Every page of the plugin checked with axe-core (the engine behind Lighthouse and axe DevTools)
 * in Chromium: no violation of serious or critical impact inside the page's main region (Strapi's
 * own navigation around it is Strapi's). Pages are checked as a user sees them: loaded, with a
 * task, a script and a run to show.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

import { browserTest } from '../../helpers/browser';
import { createBrowserUser, openAdmin, useE2E } from '../../helpers/e2e';
import { service, uniqueName } from '../../helpers/maintenance';

const e2e = useE2E();

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

/** axe's serious and critical findings inside <main>, one line each. */
const seriousViolations = async (page: Page): Promise<string[]> => {
  await page.addScriptTag({ content: AXE_SOURCE });
  // A string, run in the page: this file is compiled without the DOM's types.
  const violations = (await page.evaluate(
    "axe.run({ include: [['main']] }, { resultTypes: ['violations'] }).then((r) => r.violations)"
  )) as AxeViolation[];
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) =>
      violation.nodes.map(
        (node) =>
          `${violation.impact} ${violation.id} (${violation.help}) at ${node.target.join(' ')}`
      )
    );
};

describe('Accessibility', () => {
  browserTest()(
    'the check itself: an image without a text alternative planted in the main region is reported',
    async () => {
      const user = await createBrowserUser(e2e.current.strapi, 'super-admin', 'control');
      const page = await openAdmin(e2e.current, user, '/runs');
      await page.getByRole('heading', { name: 'Run history' }).waitFor();
      await page.evaluate(
        "const image = document.createElement('img');" +
          "image.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';" +
          "document.querySelector('main').append(image);"
      );

      expect(await seriousViolations(page)).toEqual([expect.stringMatching(/^critical image-alt/)]);
      await page.context().close();
    },
    120_000
  );

  browserTest()(
    'every plugin page: no serious or critical axe violation in its main region',
    async () => {
      const { strapi } = e2e.current;
      const script = await service(strapi, 'scripts').create({
        name: uniqueName('Count drafts'),
        body: "console.log('counting');\nreturn 3;",
      });
      const task = await service(strapi, 'tasks').create({
        name: uniqueName('Count drafts nightly'),
        script: script.id,
        schedule: '0 3 * * *',
        timezone: 'UTC',
      });
      const run = await service(strapi, 'scheduler').runNow(task.id, { dryRun: false });
      if (!run) throw new Error('the task was already running');

      const user = await createBrowserUser(strapi, 'super-admin', 'auditor');
      const page = await openAdmin(e2e.current, user, '/tasks');
      const pages: Array<{ path: string; ready: (page: Page) => Promise<unknown> }> = [
        {
          path: '/tasks',
          ready: (p) => p.getByRole('link', { name: task.name, exact: true }).waitFor(),
        },
        { path: `/tasks/${task.id}`, ready: (p) => p.getByLabel('Name').waitFor() },
        { path: '/tasks/new', ready: (p) => p.getByLabel('Name').waitFor() },
        { path: '/scripts', ready: (p) => p.getByText(script.name).first().waitFor() },
        { path: `/scripts/${script.id}`, ready: (p) => p.getByRole('textbox').first().waitFor() },
        { path: '/runs', ready: (p) => p.getByRole('link', { name: `Run #${run.id}` }).waitFor() },
        { path: `/runs/${run.id}`, ready: (p) => p.getByTestId('run-log').waitFor() },
        { path: '/settings', ready: (p) => p.getByRole('heading', { level: 1 }).waitFor() },
      ];

      const found: string[] = [];
      for (const { path, ready } of pages) {
        await page.goto(`${e2e.current.baseUrl}/admin/plugins/maintenance${path}`);
        await ready(page);
        found.push(...(await seriousViolations(page)).map((line) => `${path}: ${line}`));
      }

      expect(found).toEqual([]);
      await page.context().close();
    },
    240_000
  );
});
