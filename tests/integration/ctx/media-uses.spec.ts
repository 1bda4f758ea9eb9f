/**
 * ctx.media.findOrphans never reports a file that is used, whichever way a site uses it: a media
 * field (in a content type, a component, a dynamic zone), a relation to files, or a mention of
 * its URL or hash in a string, text, rich-text, blocks or JSON field. One behaviour per kind of
 * use; each file below is uploaded 90 days ago and used exactly one way.
 */
import { runScript } from '../../helpers/maintenance';
import { useStrapi } from '../../helpers/strapi';
import { uploadTextFile, type UploadedFile } from '../../helpers/uploads';

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false' });
const PAGE = 'api::page.page';
const ARTICLE = 'api::article.article';

const old = (name: string) => uploadTextFile(app.current.strapi, name, { ageDays: 90 });
const create = (uid: string, data: Record<string, unknown>) =>
  app.current.strapi.documents(uid as typeof PAGE).create({ data } as never);

const uses: Record<string, UploadedFile> = {};
let orphan: UploadedFile;
let reported: number[];

beforeAll(async () => {
  for (const kind of [
    'mediaField',
    'component',
    'dynamicZone',
    'relation',
    'stringUrl',
    'textUrl',
    'richtextUrl',
    'blocksImage',
    'jsonUrl',
    'hashOnly',
    'formatUrl',
  ]) {
    uses[kind] = await old(`${kind}.txt`);
  }
  orphan = await old('nobody-uses-me.txt');
  // A thumbnail, as the upload plugin records one for an image: only its URL is mentioned.
  await app.current.strapi.db.query('plugin::upload.file').update({
    where: { id: uses.formatUrl.id },
    data: {
      formats: {
        thumbnail: {
          hash: `thumbnail_${uses.formatUrl.hash}`,
          url: `/uploads/thumbnail_${uses.formatUrl.hash}.txt`,
        },
      },
    },
  });

  await create(ARTICLE, { title: 'media field', cover: uses.mediaField.id });
  await create(ARTICLE, { title: 'markdown', body: `See [the file](${uses.textUrl.url}).` });
  await create(PAGE, {
    title: `mentions ${uses.hashOnly.hash} by hash`,
    hero: { image: uses.component.id, caption: `caption with ${uses.stringUrl.url}` },
    sections: [
      { __component: 'shared.gallery', image: uses.dynamicZone.id },
      {
        __component: 'shared.quote',
        text: `> quoted ![img](http://cdn.example${uses.richtextUrl.url})`,
      },
    ],
    attachment: uses.relation.id,
    content: [
      {
        type: 'image',
        // What the admin's blocks editor stores for an image: a copy of the file's fields.
        image: {
          name: 'blocks.txt',
          alternativeText: null,
          url: uses.blocksImage.url,
          caption: null,
          width: 10,
          height: 10,
          formats: {},
          hash: uses.blocksImage.hash,
          ext: '.txt',
          mime: 'text/plain',
          size: 1,
          previewUrl: null,
          provider: 'local',
          provider_metadata: null,
          createdAt: new Date().toISOString(),
          updatedAt: new Date().toISOString(),
        },
        children: [{ type: 'text', text: '' }],
      },
      {
        type: 'paragraph',
        children: [
          { type: 'text', text: `thumbnail: /uploads/thumbnail_${uses.formatUrl.hash}.txt` },
        ],
      },
    ],
    data: { download: { href: `https://example.test${uses.jsonUrl.url}?v=2` } },
  });

  const { run } = await runScript(
    app.current.strapi,
    'return (await ctx.media.findOrphans({ olderThanDays: 30, limit: 100 })).map((file) => file.id);'
  );
  if (run.status !== 'succeeded') throw new Error(JSON.stringify(run.error));
  reported = run.result as number[];
});

test('Given a file nothing uses, When orphans are looked for, Then it is reported (control)', () => {
  expect(reported).toContain(orphan.id);
});

test.each([
  ['a media field of a content type', 'mediaField'],
  ['a media field inside a component', 'component'],
  ['a media field inside a dynamic zone', 'dynamicZone'],
  ['a relation to files', 'relation'],
  ['its URL in a string field of a component', 'stringUrl'],
  ['its URL in a text (markdown) field', 'textUrl'],
  ['its URL in a rich-text field inside a dynamic zone', 'richtextUrl'],
  ['an image block of a blocks field', 'blocksImage'],
  ['its URL in a JSON field', 'jsonUrl'],
  ['its hash alone in a string field', 'hashOnly'],
  ['the URL of one of its formats', 'formatUrl'],
])(
  'Given a file used by %s, When orphans are looked for, Then it is not reported',
  (_label, kind) => {
    expect(reported).not.toContain(uses[kind].id);
  }
);
