/**
 * The ctx calls the built-in scripts brought (docs/ctx-api.md), checked on the host: a bad
 * argument throws inside the script with an error that names the call and the argument.
 */
import { runScript } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';
import { ARTICLE, seedArticles } from './helpers';

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false' });

test.each([
  [`ctx.entries.unpublish('${ARTICLE}', {})`, /ctx.entries.unpublish: field is required/],
  [
    `ctx.entries.unpublish('${ARTICLE}', { field: 'expiresAt', before: 'tomorrow' })`,
    /ctx.entries.unpublish: before must be an ISO 8601 date/,
  ],
  [
    `ctx.entries.deleteOlderThan('${ARTICLE}', { days: 1, before: '2026-01-01' })`,
    /give days or before, not both/,
  ],
  [
    `ctx.entries.deleteMany('${ARTICLE}', { filters: { title: 'x' }, neverPublished: 'yes' })`,
    /neverPublished must be true or false/,
  ],
  [
    `ctx.entries.count('${ARTICLE}', { status: 'published', neverPublished: true })`,
    /neverPublished looks at drafts; leave status out/,
  ],
  [
    'ctx.auth.purgeExpired({ sessions: false, apiTokens: false, transferTokens: false })',
    /nothing to purge/,
  ],
  ['ctx.auth.purgeExpired({ limit: 5000 })', /limit must be a whole number from 1 to 1000/],
  ['ctx.history.purge({})', /olderThanDays must be a number from 0 to 36500/],
  ['ctx.site.report({ lastRuns: -1 })', /lastRuns must be a whole number from 0 to 100/],
  ['ctx.media.findOrphans({ afterId: -1 })', /afterId must be a whole number from 0/],
  ["ctx.db.optimize({ analyzeOnly: 'yes' })", /analyzeOnly must be true or false/],
])('Given %s, When the script runs, Then it fails with a clear error', async (call, message) => {
  const { run } = await runScript(app.current.strapi, `return ${call};`);
  expect(run.status).toBe('failed');
  expect(run.error?.message).toMatch(message);
});

test('Given neverPublished, When a script counts, Then only documents with no published version count', async () => {
  await seedArticles(app.current.strapi, [
    { title: 'np-draft' },
    { title: 'np-published', publish: true },
  ]);
  const { run } = await runScript(
    app.current.strapi,
    `const filters = { title: { $startsWith: 'np-' } };
return [await ctx.entries.count('${ARTICLE}', { filters }),
  await ctx.entries.count('${ARTICLE}', { filters, status: 'draft' }),
  await ctx.entries.count('${ARTICLE}', { filters, neverPublished: true })];`
  );
  expect(run.result).toEqual([2, 2, 1]);
});
