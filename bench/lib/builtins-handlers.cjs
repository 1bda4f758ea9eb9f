'use strict';

/**
 * IPC handlers for bench/builtins-scale.mjs, merged into bench/lib/host.cjs's: for each chore of
 * the other built-ins, rows written straight to their tables (half of them for the chore to
 * remove), what the chore's rule matches now, and its bare-SQL floor (the same rows in one
 * DELETE per table, committed and timed, then put back: floor.cjs).
 */
const { randomBytes } = require('node:crypto');
const { committedDelete } = require('./floor.cjs');

const DAY = 24 * 3600 * 1000;
const SESSION = 'admin::session';
const API_TOKEN = 'admin::api-token';
const TRANSFER_TOKEN = 'admin::transfer-token';
const VERSION = 'plugin::content-manager.history-version';
const ARTICLE = 'api::article.article';
/** The built-ins' defaults the rules below mirror (purge-expired-auth, trim-content-history). */
const TOKEN_GRACE_DAYS = 30;
const VERSION_DAYS = 90;

const hex = (bytes) => randomBytes(bytes).toString('hex');
const BODY = 'Text of a version as the content manager saves it. '.repeat(6);

module.exports = (strapi) => {
  const knex = () => strapi.db.connection;
  const tableOf = (uid) => strapi.db.metadata.get(uid).tableName;
  const columnOf = (uid, name) => strapi.db.metadata.get(uid).attributes[name].columnName;

  /** Writes `count` rows of `uid` made by `make(index)`, 200 to a statement. */
  const write = async (uid, count, make) => {
    for (let start = 0; start < count; start += 200) {
      const data = [];
      for (let index = start; index < Math.min(count, start + 200); index += 1) {
        data.push(make(index));
      }
      await strapi.db.query(uid).createMany({ data });
    }
  };

  /**
   * Each chore's tables and the rows its rule removes (a knex where on one table), as the
   * plugin's context API reads the rule (server/src/context-api/auth.ts, history.ts, entries.ts).
   */
  const chores = () => {
    const now = new Date();
    const tokenCutoff = new Date(now.getTime() - TOKEN_GRACE_DAYS * DAY);
    const expiredToken = (uid) => (query) =>
      query
        .whereNotNull(columnOf(uid, 'expiresAt'))
        .andWhere(columnOf(uid, 'expiresAt'), '<', tokenCutoff);
    const lifespan = Number(strapi.config.get('admin.auth.sessions.accessTokenLifespan', 30 * 60));
    const margin = Math.max(DAY, lifespan * 1000);
    return {
      sessions: [
        [
          tableOf(SESSION),
          (query) =>
            query.where((either) =>
              either
                .where(columnOf(SESSION, 'expiresAt'), '<', now)
                .orWhere(
                  columnOf(SESSION, 'absoluteExpiresAt'),
                  '<',
                  new Date(now.getTime() - margin)
                )
            ),
        ],
      ],
      tokens: [
        [tableOf(API_TOKEN), expiredToken(API_TOKEN)],
        [tableOf(TRANSFER_TOKEN), expiredToken(TRANSFER_TOKEN)],
      ],
      versions: [
        [
          tableOf(VERSION),
          (query) =>
            query.where(
              columnOf(VERSION, 'createdAt'),
              '<',
              new Date(now.getTime() - VERSION_DAYS * DAY)
            ),
        ],
      ],
      expired: [
        [
          tableOf(ARTICLE),
          (query) =>
            query
              .whereNotNull(columnOf(ARTICLE, 'publishedAt'))
              .andWhere(columnOf(ARTICLE, 'expiresAt'), '<', now),
        ],
      ],
    };
  };

  const total = async (query) => Number((await query.count({ total: '*' }))[0].total);

  return {
    /**
     * Half of each kind for its chore: `sessions` refresh sessions (half past their idle
     * expiry); `tokens` API and as many transfer tokens (a quarter expired 60 days ago, a quarter
     * 10 days ago, inside the grace period, the rest without expiry or expiring later);
     * `versions` content-history versions (half 180 days old, half 10); `documents` published
     * articles (half expired yesterday, half next year), each with its draft.
     */
    async 'builtins-seed'({ sessions, tokens, versions, documents }) {
      const now = Date.now();
      const at = (days) => new Date(now + days * DAY);
      await write(SESSION, sessions, (index) => ({
        documentId: hex(12),
        userId: String(1 + (index % 50)),
        sessionId: hex(16),
        deviceId: hex(8),
        origin: 'admin',
        status: 'active',
        type: 'refresh',
        expiresAt: index % 2 === 0 ? at(-2) : at(1),
        absoluteExpiresAt: index % 2 === 0 ? at(20) : at(30),
        createdAt: at(-3),
        updatedAt: at(-3),
      }));
      const tokenExpiry = (index) => [at(-60), at(-60), at(-10), null][index % 4];
      await write(API_TOKEN, tokens, (index) => ({
        documentId: hex(12),
        name: `bench api token ${index}`,
        description: '',
        kind: 'content-api',
        type: 'read-only',
        accessKey: hex(32),
        expiresAt: tokenExpiry(index),
        lifespan: tokenExpiry(index) ? 7 * DAY : null,
      }));
      await write(TRANSFER_TOKEN, tokens, (index) => ({
        documentId: hex(12),
        name: `bench transfer token ${index}`,
        description: '',
        accessKey: hex(32),
        expiresAt: tokenExpiry(index),
        lifespan: tokenExpiry(index) ? 7 * DAY : null,
      }));
      await write(VERSION, versions, (index) => ({
        contentType: ARTICLE,
        relatedDocumentId: hex(12),
        status: 'draft',
        data: { title: `Version ${index}`, body: BODY },
        schema: { title: { type: 'string' }, body: { type: 'text' } },
        createdAt: at(index % 2 === 0 ? -180 : -10),
      }));
      await write(ARTICLE, documents * 2, (index) => {
        const document = Math.floor(index / 2);
        return {
          documentId: `bench${String(document).padStart(19, '0')}`,
          title: `Expiring ${document}`,
          body: BODY,
          expiresAt: document % 2 === 0 ? at(-1) : at(365),
          createdAt: at(-30),
          updatedAt: at(-30),
          publishedAt: index % 2 === 0 ? null : at(-30),
        };
      });
      return {};
    },

    /** What the chore `kind`'s rule matches now (doomed) and the other rows of its tables. */
    async 'builtins-count'({ kind }) {
      let doomed = 0;
      let rows = 0;
      for (const [table, rule] of chores()[kind]) {
        doomed += await total(rule(knex()(table)));
        rows += await total(knex()(table));
      }
      return { doomed, kept: rows - doomed };
    },

    /** The floor of the chore `kind`: its rows deleted by one bare DELETE per table. */
    async 'builtins-floor'({ kind }) {
      const rules = chores()[kind];
      return committedDelete(
        strapi,
        rules.map(([table]) => table),
        async (db) => {
          let rows = 0;
          for (const [table, rule] of rules) rows += Number(await rule(db(table)).del());
          return rows;
        }
      );
    },
  };
};
