/**
 * Content for the set-based delete's tests: guides (localized, draft & publish) with every kind of
 * row Strapi attaches to an entry, and a census of every table such rows live in.
 */
import type { Core } from '@strapi/strapi';
import { runScript } from '../../helpers/maintenance';
import { uploadTextFile } from '../../helpers/uploads';

export const GUIDE = 'api::guide.guide';
export const TOPIC = 'api::topic.topic';
export const ARTICLE = 'api::article.article';
const DAY = 24 * 3600 * 1000;

/** Rows a guide links to that outlive it: a file, an article, a topic. */
export interface Neighbours {
  fileId: number;
  articleId: string;
  topicId: string;
}

export const neighbours = async (strapi: Core.Strapi, name: string): Promise<Neighbours> => {
  const file = await uploadTextFile(strapi, `${name}.txt`);
  const article = await strapi.documents(ARTICLE).create({ data: { title: name } } as never);
  const topic = await strapi.documents(TOPIC).create({ data: { name } } as never);
  return { fileId: file.id, articleId: article.documentId, topicId: topic.documentId };
};

/** French exists besides the default English, so that guides have two locales. */
export const ensureFrench = async (strapi: Core.Strapi) => {
  const locales = strapi.db.query('plugin::i18n.locale');
  if (!(await locales.findOne({ where: { code: 'fr' } }))) {
    await locales.create({ data: { code: 'fr', name: 'French (fr)' } });
  }
};

const card = (title: string, { fileId, articleId }: Neighbours) => ({
  title,
  image: fileId,
  link: articleId,
  gallery: [
    { caption: `${title} 1`, image: fileId },
    { caption: `${title} 2`, image: fileId },
  ],
});

const content = (title: string, refs: Neighbours) => ({
  title,
  cover: refs.fileId,
  hero: { heading: title, cards: [card(`${title} hero`, refs)] },
  blocks: [
    { __component: 'shared.card', ...card(`${title} block`, refs) },
    { __component: 'shared.quote', text: `${title} quote` },
  ],
  topics: [refs.topicId],
  seeAlso: [refs.articleId],
});

/**
 * A guide in English and French, published (so draft and published rows of both), `ageDays` old,
 * which a topic features (a one-way relation from another type that points at it).
 */
export const seedGuide = async (
  strapi: Core.Strapi,
  title: string,
  refs: Neighbours,
  { ageDays = 0 }: { ageDays?: number } = {}
) => {
  const guides = strapi.documents(GUIDE);
  const doc = await guides.create({ locale: 'en', data: content(title, refs) } as never);
  await guides.update({
    documentId: doc.documentId,
    locale: 'fr',
    data: content(`${title} fr`, refs),
  } as never);
  await guides.publish({ documentId: doc.documentId, locale: '*' } as never);
  const topic = await strapi
    .documents(TOPIC)
    .create({ data: { name: `${title} featured` } } as never);
  await strapi
    .documents(TOPIC)
    .update({ documentId: topic.documentId, data: { featured: doc.documentId } } as never);
  if (ageDays) {
    await strapi.db.query(GUIDE).updateMany({
      where: { documentId: doc.documentId },
      data: { createdAt: new Date(Date.now() - ageDays * DAY) },
    });
  }
  return doc.documentId as string;
};

interface TableMeta {
  tableName: string;
  attributes: Record<string, { joinTable?: { name: string } }>;
}

/** Row counts of every table content, components, files and their links live in. */
export const census = async (strapi: Core.Strapi): Promise<Record<string, number>> => {
  const tables = new Set<string>();
  for (const [uid, value] of strapi.db.metadata as unknown as Map<string, TableMeta>) {
    const content = uid.startsWith('api::') || uid === 'plugin::upload.file';
    if (!content && !strapi.components[uid as keyof typeof strapi.components]) continue;
    tables.add(value.tableName);
    for (const attribute of Object.values(value.attributes)) {
      if (attribute.joinTable) tables.add(attribute.joinTable.name);
    }
  }
  const counts: Record<string, number> = {};
  for (const table of [...tables].sort()) {
    const [row] = await strapi.db.getConnection(table).count({ count: '*' });
    counts[table] = Number((row as { count: number | string }).count);
  }
  return counts;
};

/** Runs `ctx.entries.<call>(uid, options)` in a script and returns what the script got back. */
export const callEntries = async (
  strapi: Core.Strapi,
  call: 'deleteMany' | 'deleteOlderThan',
  uid: string,
  options: Record<string, unknown>,
  { dryRun = false } = {}
) => {
  const { run } = await runScript(
    strapi,
    `return ctx.entries.${call}(${JSON.stringify(uid)}, ${JSON.stringify(options)});`,
    { dryRun }
  );
  if (run.status !== 'succeeded')
    throw new Error(`run ${run.status}: ${JSON.stringify(run.error)}`);
  return run.result as {
    deleted?: number;
    wouldDelete?: number;
    matching: number;
    remaining?: number;
    documentIds: string[];
    path: string;
    rows?: { entries: number; components: number; links: number };
  };
};

/** Everything a reader of the guide sees, in every locale and both versions. */
export const wholeGuide = async (strapi: Core.Strapi, documentId: string) => {
  const populate = {
    cover: true,
    hero: { populate: { cards: { populate: '*' } } },
    blocks: { on: { 'shared.card': { populate: '*' }, 'shared.quote': true } },
    topics: true,
    seeAlso: true,
  };
  const versions = [];
  for (const locale of ['en', 'fr']) {
    for (const status of ['draft', 'published']) {
      versions.push(
        await strapi.documents(GUIDE).findOne({ documentId, locale, status, populate } as never)
      );
    }
  }
  return versions;
};
