import type { Core } from '@strapi/strapi';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async ping(ctx) {
    // One query by primary key: the least a real content route does.
    const row = await strapi.db
      .query('api::article.article')
      .findOne({ where: { id: 1 }, select: ['id'] });
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { ok: true, found: Boolean(row) };
  },
});
