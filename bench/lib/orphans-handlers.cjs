'use strict';

/**
 * IPC handlers for bench/scale-orphans.mjs, merged into bench/lib/host.cjs's: media files and
 * article documents written straight to their tables (the Document Service and the upload
 * plugin would take hours for 200,000 articles and 50,000 files), some files linked as covers,
 * some mentioned by URL in an article's body, the rest orphans; and the floor of the orphan sweep.
 */
const { randomBytes } = require('node:crypto');

const DAY = 24 * 3600 * 1000;
const FILE = 'plugin::upload.file';
const ARTICLE = 'api::article.article';
/** What a file's hash is told apart from in a text, as the plugin's sweep cuts text. */
const TOKEN = /[A-Za-z0-9_-]+/g;
const WORDS = (
  'the of maintenance and a to in site content is media for editors that with on schedule ' +
  'archive published draft review image gallery notes release week policy team update'
).split(' ');
const documentId = () => randomBytes(12).toString('hex');

/** About 300 characters of prose, different for each article. */
const prose = (index) =>
  Array.from({ length: 45 }, (_, word) => WORDS[(index * 7 + word * 13) % WORDS.length]).join(' ');

module.exports = (strapi) => {
  const knex = () => strapi.db.connection;
  const columnOf = (uid, name) => strapi.db.metadata.get(uid).attributes[name].columnName;
  /** The upload plugin's morph table: which entry's which field links which file. */
  const morphs = () => {
    const { joinTable } = strapi.db.metadata.get(FILE).attributes.related;
    return {
      table: joinTable.name,
      file: joinTable.joinColumn.name,
      id: joinTable.morphColumn.idColumn.name,
      type: joinTable.morphColumn.typeColumn.name,
    };
  };
  // What the seeding hands from the files to the articles: the covers' ids, the mentioned
  // files' hashes, and how many articles exist so far.
  const seeded = { covers: [], mentions: [], articles: 0 };

  return {
    /**
     * `files` images uploaded `ageDays` ago, each with a thumbnail format. By position, 3 in 10
     * will be an article's cover, 1 in 10 mentioned in an article's body, the other 6 orphans.
     */
    async 'orphans-files'({ files, ageDays = 60 }) {
      const createdAt = new Date(Date.now() - ageDays * DAY);
      for (let start = 0; start < files; start += 200) {
        const data = [];
        for (let index = start; index < Math.min(files, start + 200); index += 1) {
          const hash = `photo_${index}_${randomBytes(5).toString('hex')}`;
          const thumbnail = {
            name: `thumbnail_photo-${index}.jpg`,
            hash: `thumbnail_${hash}`,
            ext: '.jpg',
            mime: 'image/jpeg',
            width: 156,
            height: 104,
            size: 5.2,
            url: `/uploads/thumbnail_${hash}.jpg`,
          };
          data.push({
            documentId: documentId(),
            name: `photo-${index}.jpg`,
            hash,
            ext: '.jpg',
            mime: 'image/jpeg',
            width: 1200,
            height: 800,
            size: 84.5,
            url: `/uploads/${hash}.jpg`,
            formats: { thumbnail },
            provider: 'local',
            folderPath: '/',
            createdAt,
            updatedAt: createdAt,
          });
        }
        await strapi.db.query(FILE).createMany({ data });
      }
      const rows = await knex()(strapi.db.metadata.get(FILE).tableName)
        .select('id', columnOf(FILE, 'hash'))
        .orderBy('id');
      seeded.covers = rows.filter((_, index) => index % 10 < 3).map((row) => row.id);
      seeded.mentions = rows
        .filter((_, index) => index % 10 === 3)
        .map((row) => row[columnOf(FILE, 'hash')]);
      return {
        files: rows.length,
        covers: seeded.covers.length,
        mentions: seeded.mentions.length,
        orphans: rows.length - seeded.covers.length - seeded.mentions.length,
      };
    },

    /**
     * Article documents up to `documents` in all (each a draft row, every other one a published
     * row too), 10 days old. The first ones take the covers (a link from the draft row, as the
     * upload plugin records it), the next ones mention a file in their body (a markdown image,
     * every other one through its thumbnail's URL).
     */
    async 'orphans-articles'({ documents }) {
      const { covers, mentions } = seeded;
      if (seeded.articles === 0 && documents < covers.length + mentions.length) {
        throw new Error(
          `${documents} articles cannot carry ${covers.length} covers and ${mentions.length} mentions`
        );
      }
      const createdAt = new Date(Date.now() - 10 * DAY);
      const first = seeded.articles;
      for (let start = first; start < documents; start += 200) {
        const data = [];
        for (let index = start; index < Math.min(documents, start + 200); index += 1) {
          const mention = mentions[index - covers.length];
          const image =
            index >= covers.length && mention
              ? ` ![figure](/uploads/${index % 2 === 0 ? 'thumbnail_' : ''}${mention}.jpg) `
              : ' ';
          const row = {
            documentId: documentId(),
            title: `Article ${index}`,
            body: `${prose(index)}${image}${prose(index + 1)}`,
            createdAt,
            updatedAt: createdAt,
          };
          data.push({ ...row, publishedAt: null });
          if (index % 2 === 0) data.push({ ...row, publishedAt: createdAt });
        }
        await strapi.db.query(ARTICLE).createMany({ data });
      }
      seeded.articles = documents;
      if (first === 0 && covers.length > 0) {
        const { tableName } = strapi.db.metadata.get(ARTICLE);
        const drafts = await knex()(tableName)
          .whereNull(columnOf(ARTICLE, 'publishedAt'))
          .orderBy('id')
          .limit(covers.length)
          .select('id');
        const morph = morphs();
        const links = drafts.map((draft, index) => ({
          [morph.file]: covers[index],
          [morph.id]: draft.id,
          [morph.type]: ARTICLE,
          field: 'cover',
          order: 1,
        }));
        for (let start = 0; start < links.length; start += 200) {
          await knex()(morph.table).insert(links.slice(start, start + 200));
        }
      }
      return { documents };
    },

    /**
     * The floor of the sweep, as the issue puts it: the unlinked candidates by one bare SQL
     * statement, then one pass over every article body (one SELECT of the column, each body cut
     * into tokens looked up among the candidates' hashes and their thumbnails'). Read-only.
     */
    async 'orphans-floor'({ olderThanDays }) {
      const files = strapi.db.metadata.get(FILE).tableName;
      const morph = morphs();
      const hash = columnOf(FILE, 'hash');
      const formats = columnOf(FILE, 'formats');
      const before = new Date(Date.now() - olderThanDays * DAY);
      let started = performance.now();
      const candidates = await knex()(files)
        .select('id', hash, formats)
        .whereNotExists(
          knex()(morph.table)
            .select(knex().raw('1'))
            .whereRaw('??.?? = ??', [morph.table, morph.file, `${files}.id`])
        )
        .andWhere(columnOf(FILE, 'createdAt'), '<', before);
      const candidatesMs = performance.now() - started;
      started = performance.now();
      const byToken = new Map();
      for (const file of candidates) {
        byToken.set(file[hash], file.id);
        const parsed =
          typeof file[formats] === 'string' ? JSON.parse(file[formats]) : file[formats];
        for (const format of Object.values(parsed ?? {})) byToken.set(format.hash, file.id);
      }
      const body = columnOf(ARTICLE, 'body');
      const bodies = await knex()(strapi.db.metadata.get(ARTICLE).tableName).select(body);
      const mentioned = new Set();
      for (const row of bodies) {
        for (const token of (row[body] ?? '').match(TOKEN) ?? []) {
          const id = byToken.get(token);
          if (id !== undefined) mentioned.add(id);
        }
      }
      const passMs = performance.now() - started;
      return {
        candidatesMs,
        passMs,
        ms: candidatesMs + passMs,
        candidates: candidates.length,
        orphans: candidates.length - mentioned.size,
        bodies: bodies.length,
      };
    },
  };
};
