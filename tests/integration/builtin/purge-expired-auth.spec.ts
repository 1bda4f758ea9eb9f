import { randomBytes } from 'node:crypto';
import { createAdminAgent } from '../../helpers/admin';
import { uniqueName } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';
import { DAY, failure, runBuiltIn } from './helpers';

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false' });
const KEY = 'purge-expired-auth';
const SESSION = 'admin::session';
const HOUR = 3600 * 1000;

const at = (offsetMs: number) => new Date(Date.now() + offsetMs);

/** A session row as Strapi's session manager writes it. */
const session = (expiresAt: Date, absoluteExpiresAt: Date | null, status = 'active') => ({
  userId: '1',
  sessionId: randomBytes(16).toString('hex'),
  deviceId: 'test-device',
  origin: 'admin',
  childId: null,
  type: 'refresh',
  status,
  expiresAt,
  absoluteExpiresAt,
});

const sessionIds = async () =>
  (
    (await app.current.strapi.db
      .query(SESSION)
      .findMany({ select: ['sessionId'], where: { deviceId: 'test-device' } })) as Array<{
      sessionId: string;
    }>
  ).map((row) => row.sessionId);

/** An API or transfer token that expired (or expires) at `expiresAt`; null never expires. */
const apiToken = async (expiresAt: Date | null) => {
  const { strapi } = app.current;
  const token = await strapi.service('admin::api-token').create({
    name: uniqueName('api token'),
    description: 'test',
    type: 'read-only',
    lifespan: null,
  });
  await strapi.db
    .query('admin::api-token')
    .update({ where: { id: token.id }, data: { expiresAt } });
  return token as { id: number; name: string };
};

const transferToken = async (expiresAt: Date | null) => {
  const { strapi } = app.current;
  const token = await (
    strapi.service('admin::transfer') as unknown as {
      token: { create(data: unknown): Promise<{ id: number; name: string }> };
    }
  ).token.create({
    name: uniqueName('transfer token'),
    description: 'test',
    permissions: ['push'],
    lifespan: null,
  });
  await strapi.db
    .query('admin::transfer-token')
    .update({ where: { id: token.id }, data: { expiresAt } });
  return token;
};

/** Tokens this file created (Strapi seeds a few of its own on a new site). */
const tokenNames = async (uid: string) =>
  (
    (await app.current.strapi.db.query(uid).findMany({
      select: ['name'],
      where: { description: 'test' },
      orderBy: { id: 'asc' },
    })) as Array<{ name: string }>
  ).map((row) => row.name);

test('Given live and dead sessions, When the script runs dry then for real, Then exactly the dead ones go and a signed-in administrator stays signed in', async () => {
  const { strapi } = app.current;
  const agent = await createAdminAgent(strapi, 'super-admin', 'signed-in');
  const rows = {
    idleExpired: session(at(-HOUR), at(10 * DAY)),
    absoluteExpiredLongAgo: session(at(HOUR), at(-2 * DAY)),
    // Cannot be refreshed, but an access token issued just before may still be in use.
    absoluteExpiredJustNow: session(at(HOUR), at(-HOUR)),
    // Rotated, but access tokens issued from it are still checked against it until it expires.
    rotatedLive: session(at(HOUR), at(10 * DAY), 'rotated'),
    live: session(at(2 * HOUR), at(10 * DAY)),
  };
  for (const data of Object.values(rows)) await strapi.db.query(SESSION).create({ data });
  const params = { apiTokens: false, transferTokens: false };

  const dry = await runBuiltIn(strapi, KEY, { params, dryRun: true });
  expect(dry.result).toMatchObject({ dryRun: true, wouldDelete: { sessions: 2 } });
  expect(await sessionIds()).toHaveLength(5);

  const real = await runBuiltIn(strapi, KEY, { params });
  expect(real.result).toMatchObject({
    dryRun: false,
    deleted: {
      sessions: 2,
      apiTokens: [],
      apiTokenCount: 0,
      transferTokens: [],
      transferTokenCount: 0,
    },
    remaining: { sessions: 0 },
  });
  expect((await sessionIds()).sort()).toEqual(
    [rows.absoluteExpiredJustNow.sessionId, rows.rotatedLive.sessionId, rows.live.sessionId].sort()
  );
  const me = await agent.request('get', '/admin/users/me');
  expect(me.status).toBe(200);
});

test('Given expired tokens, When the script runs dry then for real, Then only tokens expired longer than the grace period go', async () => {
  const { strapi } = app.current;
  const api = {
    longExpired: await apiToken(at(-60 * DAY)),
    justExpired: await apiToken(at(-5 * DAY)),
    valid: await apiToken(at(30 * DAY)),
    unlimited: await apiToken(null),
  };
  const transfer = {
    longExpired: await transferToken(at(-45 * DAY)),
    unlimited: await transferToken(null),
  };
  const params = { sessions: false, tokenGraceDays: 30 };

  const dry = await runBuiltIn(strapi, KEY, { params, dryRun: true });
  expect(dry.result.wouldDelete).toEqual({
    sessions: 0,
    apiTokens: [api.longExpired.name],
    apiTokenCount: 1,
    transferTokens: [transfer.longExpired.name],
    transferTokenCount: 1,
  });
  expect(await tokenNames('admin::api-token')).toContain(api.longExpired.name);

  const real = await runBuiltIn(strapi, KEY, { params });
  expect(real.result.deleted).toEqual(dry.result.wouldDelete);
  expect(await tokenNames('admin::api-token')).toEqual([
    api.justExpired.name,
    api.valid.name,
    api.unlimited.name,
  ]);
  expect(await tokenNames('admin::transfer-token')).toEqual([transfer.unlimited.name]);
  // Revoked through Strapi: the token's permissions went with it.
  expect(
    await strapi.db
      .query('admin::transfer-token-permission')
      .count({ where: { token: { id: transfer.longExpired.id } } })
  ).toBe(0);
});

test('Given 55 expired API tokens, When the script runs, Then it deletes them all, keeps 50 names in its result and names 20 in its summary', async () => {
  const { strapi } = app.current;
  const expired = [];
  for (let index = 0; index < 55; index += 1) expired.push(await apiToken(at(-60 * DAY)));
  const params = { sessions: false, transferTokens: false, tokenGraceDays: 30 };

  const { result } = await runBuiltIn(strapi, KEY, { params });
  expect(result.deleted.apiTokenCount).toBe(55);
  expect(result.deleted.apiTokens).toEqual(expired.slice(0, 50).map((token) => token.name));
  expect(result.summary).toContain(`${expired[19].name} and 35 more)`);
  expect(result.summary).not.toContain(expired[20].name);
  for (const token of expired)
    expect(await tokenNames('admin::api-token')).not.toContain(token.name);
});

test('Given 1,200 expired sessions, When it runs in batches of 500 and at most 2 per run, Then it deletes 1,000 and leaves 200 for the next run', async () => {
  const { strapi } = app.current;
  const data = Array.from({ length: 1200 }, () => session(at(-DAY), at(DAY)));
  for (let start = 0; start < data.length; start += 200) {
    await strapi.db.query(SESSION).createMany({ data: data.slice(start, start + 200) });
  }
  const params = { apiTokens: false, transferTokens: false, batchSize: 500, maxBatches: 2 };
  const dry = await runBuiltIn(strapi, KEY, { params, dryRun: true });
  expect(dry.result).toMatchObject({
    wouldDelete: { sessions: 1000 },
    remaining: { sessions: 200 },
  });

  const first = await runBuiltIn(strapi, KEY, { params });
  expect(first.result).toMatchObject({ deleted: { sessions: 1000 }, remaining: { sessions: 200 } });
  const second = await runBuiltIn(strapi, KEY, { params });
  expect(second.result).toMatchObject({ deleted: { sessions: 200 }, remaining: { sessions: 0 } });
  expect(await strapi.db.query(SESSION).count({ where: { expiresAt: { $lt: new Date() } } })).toBe(
    0
  );
}, 120_000);

test.each([
  [
    { sessions: false, apiTokens: false, transferTokens: false },
    /sessions, apiTokens and transferTokens are all false/,
  ],
  [{ tokenGraceDays: -1 }, /param "tokenGraceDays" must be a number from 0 to 3650/],
  [{ sessions: 'all' }, /param "sessions" must be true or false/],
  [{ batchSize: 1001 }, /param "batchSize" must be a whole number from 1 to 1000/],
])(
  'Given params %j, When the script runs, Then it fails naming the param and deletes nothing',
  async (params, message) => {
    const { strapi } = app.current;
    const dead = session(at(-HOUR), at(-HOUR));
    await strapi.db.query(SESSION).create({ data: dead });
    const { run } = await runBuiltIn(strapi, KEY, { params });
    expect(failure(run)).toMatch(message);
    expect(await sessionIds()).toContain(dead.sessionId);
    await strapi.db.query(SESSION).delete({ where: { sessionId: dead.sessionId } });
  }
);
