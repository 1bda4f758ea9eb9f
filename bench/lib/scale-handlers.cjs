'use strict';

/**
 * IPC handlers for bench/scale-delete.mjs, merged into bench/lib/host.cjs's: seeding content at
 * scale, the bare-SQL floor on the same data, and one run of a built-in script.
 */
const { randomBytes } = require('node:crypto');

const DAY = 24 * 3600 * 1000;
const documentId = () => randomBytes(12).toString('hex');

module.exports = (strapi) => ({
  /**
   * `documents` articles straight into the table (the Document Service would take hours for
   * 200,000): `oldShare` of them `ageDays` old, the rest a day old; `publishedShare` of each also
   * have a published row, as a published document does.
   */
  async 'scale-articles'({ documents, oldShare = 0.5, publishedShare = 0.5, ageDays = 180 }) {
    const query = strapi.db.query('api::article.article');
    const oldCount = Math.round(documents * oldShare);
    for (let start = 0; start < documents; start += 500) {
      const data = [];
      for (let index = start; index < Math.min(documents, start + 500); index += 1) {
        const createdAt = new Date(Date.now() - (index < oldCount ? ageDays : 1) * DAY);
        const row = { documentId: documentId(), title: `scale ${index}`, body: 'x'.repeat(200) };
        data.push({ ...row, createdAt, updatedAt: createdAt, publishedAt: null });
        if ((index % 100) / 100 < publishedShare) {
          data.push({ ...row, createdAt, updatedAt: createdAt, publishedAt: createdAt });
        }
      }
      await query.createMany({ data });
    }
    return { rows: await query.count() };
  },

  /**
   * `documents` guides through the Document Service (components, a dynamic zone, media, relations
   * both ways, English and French, published), `oldShare` of them `ageDays` old.
   */
  async 'scale-guides'({ documents, oldShare = 0.5, ageDays = 180 }) {
    const locales = strapi.db.query('plugin::i18n.locale');
    if (!(await locales.findOne({ where: { code: 'fr' } }))) {
      await locales.create({ data: { code: 'fr', name: 'French (fr)' } });
    }
    const file = await strapi.db.query('plugin::upload.file').create({
      data: {
        name: 'scale.png',
        hash: 'scale',
        ext: '.png',
        mime: 'image/png',
        size: 1,
        url: '/x',
        provider: 'local',
      },
    });
    const article = await strapi
      .documents('api::article.article')
      .create({ data: { title: 'scale link' } });
    const topic = await strapi
      .documents('api::topic.topic')
      .create({ data: { name: 'scale topic' } });
    const card = (title) => ({
      title,
      image: file.id,
      link: article.documentId,
      gallery: [
        { caption: title, image: file.id },
        { caption: title, image: file.id },
      ],
    });
    const content = (title) => ({
      title,
      cover: file.id,
      hero: { heading: title, cards: [card(title)] },
      blocks: [
        { __component: 'shared.card', ...card(title) },
        { __component: 'shared.quote', text: title },
      ],
      topics: [topic.documentId],
      seeAlso: [article.documentId],
    });
    const guides = strapi.documents('api::guide.guide');
    const oldIds = [];
    for (let index = 0; index < documents; index += 1) {
      const doc = await guides.create({ locale: 'en', data: content(`guide ${index}`) });
      await guides.update({
        documentId: doc.documentId,
        locale: 'fr',
        data: content(`guide ${index} fr`),
      });
      await guides.publish({ documentId: doc.documentId, locale: '*' });
      if (index < documents * oldShare) oldIds.push(doc.documentId);
    }
    for (let start = 0; start < oldIds.length; start += 500) {
      await strapi.db.query('api::guide.guide').updateMany({
        where: { documentId: { $in: oldIds.slice(start, start + 500) } },
        data: { createdAt: new Date(Date.now() - ageDays * DAY) },
      });
    }
    return { rows: await strapi.db.query('api::guide.guide').count() };
  },

  /**
   * The floor: one bare `DELETE … WHERE created_at < cutoff` on the type's table, timed, then
   * rolled back so that the plugin's run that follows works on the very same data.
   */
  async 'scale-floor'({ uid, days }) {
    const { tableName, attributes } = strapi.db.metadata.get(uid);
    const column = attributes.createdAt.columnName || 'created_at';
    const cutoff = new Date(Date.now() - days * DAY);
    const knex = strapi.db.connection;
    const trx = await knex.transaction();
    try {
      const started = performance.now();
      const rows = await trx(tableName).where(column, '<', cutoff).del();
      return { ms: performance.now() - started, rows: Number(rows) };
    } finally {
      await trx.rollback();
    }
  },

  /**
   * One run of a built-in script (`key`), or of a script of `body`, with `params` and the task's
   * `limits` (e.g. wallTimeLimitMs), as Run now runs it.
   */
  async 'scale-run'({ key, body, params, limits = {} }) {
    const maintenance = strapi.plugin('maintenance');
    const script = key
      ? await maintenance.service('builtin').findScript(key)
      : await maintenance.service('scripts').create({ name: `bench ${Date.now()}`, body });
    const task = await maintenance.service('tasks').create({
      name: `bench ${key ?? 'script'} ${Date.now()}`,
      script: script.id,
      schedule: '0 0 1 1 *',
      timezone: 'UTC',
      enabled: false,
      params,
      ...limits,
    });
    const started = performance.now();
    const run = await maintenance.service('scheduler').runNow(task.id);
    return {
      ms: performance.now() - started,
      status: run.status,
      result: run.result,
      error: run.error,
    };
  },

  /** A read-only admin API token, for the content-API GET the benchmark calls during a run. */
  async 'api-token'() {
    const token = await strapi.service('admin::api-token').create({
      name: `bench ${Date.now()}`,
      type: 'read-only',
      lifespan: null,
      description: '',
    });
    return { accessKey: token.accessKey };
  },

  async 'scale-count'({ uid }) {
    return { rows: await strapi.db.query(uid).count() };
  },
});
