import { runScript, service } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false' });
const ARTICLE = 'api::article.article';

const DAY = 24 * 3600 * 1000;

/** Articles whose createdAt lies `ageDays` in the past, written straight to the table. */
const seedArticles = async (titles: Array<[string, number]>) => {
  const { strapi } = app.current;
  const created = [];
  for (const [title, ageDays] of titles) {
    const doc = await strapi
      .documents(ARTICLE)
      .create({ data: { title, internalNote: 'secret' } as never });
    await strapi.db.query(ARTICLE).updateMany({
      where: { documentId: doc.documentId },
      data: { createdAt: new Date(Date.now() - ageDays * DAY) },
    });
    created.push(doc);
  }
  return created;
};

describe('ctx.state', () => {
  test('Given a run that stores state, When the task runs again, Then it reads that state back', async () => {
    const { strapi } = app.current;
    const { task } = await runScript(
      strapi,
      'const previous = await ctx.state.get();\nawait ctx.state.set({ cursor: (previous?.cursor ?? 0) + 5 });\nreturn previous;'
    );
    const second = await service(strapi, 'scheduler').runNow(task.id);
    expect(second?.result).toEqual({ cursor: 5 });
  });

  test('Given a dry run, When the script sets state, Then nothing is stored', async () => {
    const { strapi } = app.current;
    const { task, run } = await runScript(strapi, 'return ctx.state.set({ x: 1 });', {
      dryRun: true,
    });
    expect(run.result).toBe(false);
    const row = await strapi.db
      .query('plugin::maintenance.task')
      .findOne({ where: { id: task.id } });
    expect(row.state).toBeNull();
  });

  test('Given state larger than 64 KiB, When the script sets it, Then the script gets a clear error', async () => {
    const { run } = await runScript(app.current.strapi, "await ctx.state.set('x'.repeat(70000));");
    expect(run.status).toBe('failed');
    expect(run.error?.message).toMatch(/state must be at most 65536 bytes/);
  });
});

describe('ctx.entries', () => {
  test('Given articles, When a script counts and pages them, Then it sees exactly the fields it may read', async () => {
    await seedArticles([
      ['count-a', 1],
      ['count-b', 1],
      ['count-c', 1],
    ]);
    const { run } = await runScript(
      app.current.strapi,
      "const filters = { title: { $startsWith: 'count-' } };\n" +
        "return { total: await ctx.entries.count('api::article.article', { filters }),\n" +
        "  page: await ctx.entries.find('api::article.article', { filters, page: 2, pageSize: 2, sort: 'title:asc' }) };"
    );
    const result = run.result as { total: number; page: Array<Record<string, unknown>> };
    expect(result.total).toBe(3);
    expect(result.page.map((entry) => entry.title)).toEqual(['count-c']);
    expect(result.page[0]).not.toHaveProperty('internalNote');
  });

  test('Given old and new articles, When deleteOlderThan runs dry, Then it reports exactly what a real run then deletes', async () => {
    const { strapi } = app.current;
    const [old1, old2, fresh] = await seedArticles([
      ['purge-old-1', 40],
      ['purge-old-2', 35],
      ['purge-fresh', 2],
    ]);
    const body =
      "return ctx.entries.deleteOlderThan('api::article.article', { days: 30, filters: { title: { $startsWith: 'purge-' } } });";

    const dry = await runScript(strapi, body, { dryRun: true });
    const dryResult = dry.run.result as { wouldDelete: number; documentIds: string[] };
    expect(dryResult.wouldDelete).toBe(2);
    expect(dryResult.documentIds.sort()).toEqual([old1.documentId, old2.documentId].sort());
    expect(
      await strapi
        .documents(ARTICLE)
        .count({ filters: { title: { $startsWith: 'purge-' } } } as never)
    ).toBe(3);

    const real = await runScript(strapi, body);
    const realResult = real.run.result as { deleted: number; documentIds: string[] };
    expect(realResult.documentIds.sort()).toEqual(dryResult.documentIds.sort());
    expect(realResult.deleted).toBe(2);
    const left = await strapi
      .documents(ARTICLE)
      .findMany({ filters: { title: { $startsWith: 'purge-' } } } as never);
    expect(left.map((entry) => entry.documentId)).toEqual([fresh.documentId]);
  });

  test('Given more matches than the limit, When deleteMany runs, Then it deletes in a batch and says how many remain', async () => {
    await seedArticles([
      ['batch-1', 1],
      ['batch-2', 1],
      ['batch-3', 1],
    ]);
    const { run } = await runScript(
      app.current.strapi,
      "return ctx.entries.deleteMany('api::article.article', { filters: { title: { $startsWith: 'batch-' } }, limit: 2 });"
    );
    expect(run.result).toMatchObject({ deleted: 2, matching: 3, remaining: 1 });
  });

  test.each([
    ["ctx.entries.count('admin::user')", /not available to scripts/],
    ["ctx.entries.count('plugin::maintenance.task')", /not available to scripts/],
    ["ctx.entries.count('plugin::users-permissions.user')", /extraContentTypes/],
    ["ctx.entries.deleteMany('api::article.article', {})", /filters are required/],
    [
      "ctx.entries.deleteOlderThan('api::article.article', { days: -1 })",
      /days must be a number from 0/,
    ],
    [
      "ctx.entries.deleteOlderThan('api::article.article', { days: 1, field: 'title' })",
      /field must be a date attribute/,
    ],
    [
      "ctx.entries.find('api::article.article', { pageSize: 1000 })",
      /pageSize must be a whole number from 1 to 100/,
    ],
    [
      "ctx.entries.find('api::article.article', { fields: ['internalNote'] })",
      /fields must be a list/,
    ],
  ])('Given %s, When the script runs, Then it fails with a clear error', async (call, message) => {
    const { run } = await runScript(app.current.strapi, `return ${call};`);
    expect(run.status).toBe('failed');
    expect(run.error?.message).toMatch(message);
  });
});
