import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { UIDS } from '../../../server/src/constants';
import { runScript, service } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';
import { storedPath, uploadTextFile } from '../../helpers/uploads';

const DAY = 24 * 3600 * 1000;

// A local HTTP server stands for the one outside service a site allows scripts to call.
let server: Server;
let port = 0;
const requests: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (req.url === '/redirect') {
      res.writeHead(302, { location: 'http://elsewhere.test/' }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"pong":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  process.env.MAINTENANCE_FETCH_ALLOW_LIST = `127.0.0.1:${port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false' });

describe('ctx.db', () => {
  test('Given the database, When a script asks for stats, Then it gets the dialect, a size and the table count', async () => {
    const { run } = await runScript(app.current.strapi, 'return ctx.db.stats();');
    expect(run.result).toMatchObject({
      client: app.current.strapi.db.dialect.client,
      sizeBytes: expect.any(Number),
      tables: expect.any(Number),
    });
    expect((run.result as { sizeBytes: number }).sizeBytes).toBeGreaterThan(0);
  });

  test('Given a dry run, When a script optimises the database, Then it lists the statements and runs none', async () => {
    const { run } = await runScript(app.current.strapi, 'return ctx.db.optimize();', {
      dryRun: true,
    });
    const expected = { sqlite: 'VACUUM', postgres: 'VACUUM (ANALYZE)', mysql: 'OPTIMIZE TABLE' }[
      app.current.strapi.db.dialect.client as 'sqlite' | 'postgres' | 'mysql'
    ];
    expect((run.result as { wouldRun: string[] }).wouldRun[0]).toContain(expected);
  });

  test('Given a real run, When a script optimises the database, Then the dialect compacts it and reports before and after', async () => {
    const { run } = await runScript(app.current.strapi, 'return ctx.db.optimize();');
    expect(run.status).toBe('succeeded');
    expect(run.result).toMatchObject({
      dryRun: false,
      before: expect.any(Object),
      after: expect.any(Object),
    });
  });
});

describe('ctx.media', () => {
  const uploadFile = (name: string) => uploadTextFile(app.current.strapi, name, { ageDays: 10 });

  test('Given a linked and an unlinked file, When a script removes orphans, Then only the unlinked one goes, storage included', async () => {
    const { strapi } = app.current;
    const linked = await uploadFile('linked.txt');
    const orphan = await uploadFile('orphan.txt');
    await strapi
      .documents('api::article.article')
      .create({ data: { title: 'with cover', cover: linked.id } as never });
    expect(existsSync(storedPath(orphan))).toBe(true);

    const body =
      'const orphans = await ctx.media.findOrphans({ olderThanDays: 7 });\nreturn ctx.media.remove(orphans.map((f) => f.id));';
    const dry = await runScript(strapi, body, { dryRun: true });
    expect(
      (dry.run.result as { wouldRemove: Array<{ id: number }> }).wouldRemove.map((f) => f.id)
    ).toEqual([orphan.id]);
    expect(existsSync(storedPath(orphan))).toBe(true);

    const real = await runScript(strapi, body);
    expect(
      (real.run.result as { removed: Array<{ id: number }> }).removed.map((f) => f.id)
    ).toEqual([orphan.id]);
    expect(existsSync(storedPath(orphan))).toBe(false);
    expect(existsSync(storedPath(linked))).toBe(true);
    expect(
      await strapi.db.query('plugin::upload.file').findOne({ where: { id: linked.id } })
    ).not.toBeNull();
  });

  test('Given a list that is not file ids, When a script removes it, Then it gets a clear error', async () => {
    const { run } = await runScript(app.current.strapi, "return ctx.media.remove(['1']);");
    expect(run.error?.message).toMatch(/takes a list of at most 100 file ids/);
  });
});

describe('ctx.runs.purge', () => {
  test('Given old runs, When a script purges them, Then the last K per task and the last failure stay', async () => {
    const { strapi } = app.current;
    const runs = service(strapi, 'runs');
    const old = Date.now() - 90 * DAY;
    const statuses = ['failed', 'succeeded', 'succeeded', 'succeeded', 'succeeded'] as const;
    const created = [];
    for (const [index, status] of statuses.entries()) {
      created.push(
        await runs.create({
          taskId: 424242,
          taskName: 'old task',
          trigger: 'timer',
          status,
          attempt: 1,
          slot: old + index,
          startedAt: old + index,
        })
      );
    }
    const { run } = await runScript(
      strapi,
      'return ctx.runs.purge({ olderThanDays: 30, keepLast: 2 });'
    );
    expect(run.result).toMatchObject({ dryRun: false, deleted: 2 });
    const left = (await runs.findForTask(424242)).map((r) => r.id);
    expect(left).toEqual([created[0].id, created[3].id, created[4].id]);
    expect(await strapi.db.query(UIDS.run).count({ where: { id: run.id } })).toBe(1);
  });

  test('Given old runs, When a script purges them with a limit, Then each call is one batch and its next cursor goes on where it stopped', async () => {
    const { strapi } = app.current;
    const runs = service(strapi, 'runs');
    const old = Date.now() - 90 * DAY;
    const created = [];
    for (let index = 0; index < 5; index += 1) {
      created.push(
        await runs.create({
          taskId: 434343,
          taskName: 'old task',
          trigger: 'timer',
          status: 'succeeded',
          attempt: 1,
          slot: old + index,
          startedAt: old + index,
        })
      );
    }
    const { run } = await runScript(
      strapi,
      `const first = await ctx.runs.purge({ olderThanDays: 30, keepLast: 2, limit: 2 });
       const calls = [first];
       let last = first;
       while (last.next) {
         last = await ctx.runs.purge({ keepLast: 2, limit: 2, after: last.next });
         calls.push(last);
       }
       return calls.map((call) => ({ deleted: call.deleted, more: call.next !== null }));`
    );
    expect(run.status).toBe('succeeded');
    const calls = run.result as Array<{ deleted: number; more: boolean }>;
    expect(calls.reduce((sum, call) => sum + call.deleted, 0)).toBe(3);
    expect(calls.every((call) => call.deleted <= 2)).toBe(true);
    expect(calls[calls.length - 1].more).toBe(false);
    expect((await runs.findForTask(434343)).map((r) => r.id)).toEqual([
      created[3].id,
      created[4].id,
    ]);
  });

  test('Given a cursor that no call returned, When a script passes it as after, Then the call fails naming it', async () => {
    const { run } = await runScript(
      app.current.strapi,
      "return ctx.runs.purge({ keepLast: 1, after: 'somewhere' });"
    );
    expect(run.error?.message).toMatch(/ctx.runs.purge: after must be the next cursor/);
  });
});

describe('ctx.fetch', () => {
  test('Given a host on the allow-list, When a script fetches it, Then it gets status, headers and body', async () => {
    const { run } = await runScript(
      app.current.strapi,
      `return ctx.fetch('http://127.0.0.1:${port}/ping');`
    );
    expect(run.result).toMatchObject({
      status: 200,
      ok: true,
      body: '{"pong":true}',
      truncated: false,
    });
    expect(requests).toContain('GET /ping');
  });

  test('Given a host not on the allow-list, When a script fetches it, Then it is refused before any request', async () => {
    const before = requests.length;
    const { run } = await runScript(
      app.current.strapi,
      `return ctx.fetch('http://localhost:${port}/ping');`
    );
    expect(run.error?.message).toMatch(/is not in the plugin's scripts.fetchAllowList/);
    expect(requests.length).toBe(before);
  });

  test('Given an allowed host that redirects elsewhere, When a script fetches it, Then the redirect is not followed', async () => {
    const { run } = await runScript(
      app.current.strapi,
      `return ctx.fetch('http://127.0.0.1:${port}/redirect');`
    );
    expect(run.result).toMatchObject({ status: 302 });
  });
});
