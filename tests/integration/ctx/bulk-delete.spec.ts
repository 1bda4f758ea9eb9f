/**
 * ctx.entries.deleteMany / deleteOlderThan delete set-based by default (server/src/context-api/
 * bulk-delete.ts). These tests hold it to what Strapi's own Document Service delete leaves behind,
 * table by table, for a type with every kind of attached row and for one with none.
 */
import { useStrapi } from '../../helpers/strapi';
import {
  ARTICLE,
  GUIDE,
  callEntries,
  census,
  ensureFrench,
  neighbours,
  seedGuide,
  wholeGuide,
} from './bulk-delete-fixtures';

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false' });
const TIMEOUT = 180_000;

beforeAll(() => ensureFrench(app.current.strapi));

const oldGuides = { days: 30, filters: { title: { $startsWith: 'old-' } } };

test(
  'Given old guides with nested components, a dynamic zone, media, relations both ways and two locales, When they are deleted set-based, Then every table holds what it held before they were created',
  async () => {
    const { strapi } = app.current;
    const refs = await neighbours(strapi, 'set-refs');
    const before = await census(strapi);
    await seedGuide(strapi, 'old-set-1', refs, { ageDays: 60 });
    await seedGuide(strapi, 'old-set-2', refs, { ageDays: 60 });
    // Featuring topics outlive the guides they point at.
    const topics = await census(strapi);
    const grown = Object.keys(topics).filter((table) => topics[table] > before[table]);
    // Every kind of attached row is there to be cleaned.
    expect(grown).toEqual([
      'components_shared_cards',
      'components_shared_cards_cmps',
      'components_shared_cards_link_lnk',
      'components_shared_galleries',
      'components_shared_quotes',
      'components_shared_sections',
      'components_shared_sections_cmps',
      'files_related_mph',
      'guides',
      'guides_cmps',
      'guides_see_also_lnk',
      'guides_topics_lnk',
      'topics',
      'topics_featured_lnk',
    ]);

    const result = await callEntries(strapi, 'deleteOlderThan', GUIDE, oldGuides);

    expect(result).toMatchObject({ path: 'bulk', deleted: 2, remaining: 0 });
    expect(result.rows).toMatchObject({ entries: 8 });
    expect(await census(strapi)).toEqual({ ...before, topics: topics.topics });
  },
  TIMEOUT
);

test(
  'Given the same guides, When they are deleted through the Document Service (perDocument), Then it leaves the very same tables as the set-based delete',
  async () => {
    const { strapi } = app.current;
    const refs = await neighbours(strapi, 'ds-refs');
    const before = await census(strapi);
    await seedGuide(strapi, 'old-ds-1', refs, { ageDays: 60 });
    await seedGuide(strapi, 'old-ds-2', refs, { ageDays: 60 });
    const topics = await census(strapi);

    const result = await callEntries(strapi, 'deleteOlderThan', GUIDE, {
      ...oldGuides,
      perDocument: true,
    });

    expect(result).toMatchObject({ path: 'perDocument', deleted: 2, remaining: 0 });
    expect(await census(strapi)).toEqual({ ...before, topics: topics.topics });
  },
  TIMEOUT
);

test(
  'Given a recent guide sharing files, articles and topics with old ones, When the old ones are deleted, Then the recent one reads exactly as before in every locale and version',
  async () => {
    const { strapi } = app.current;
    const refs = await neighbours(strapi, 'keep-refs');
    const kept = await seedGuide(strapi, 'keep-recent', refs);
    await seedGuide(strapi, 'old-beside', refs, { ageDays: 60 });
    const before = await wholeGuide(strapi, kept);
    expect(before.every(Boolean)).toBe(true);

    await callEntries(strapi, 'deleteOlderThan', GUIDE, {
      days: 30,
      filters: { title: { $startsWith: 'old-beside' } },
    });

    expect(await wholeGuide(strapi, kept)).toEqual(before);
  },
  TIMEOUT
);

test(
  'Given old guides, When a dry run comes first, Then it changes nothing and names exactly the documents the real run deletes',
  async () => {
    const { strapi } = app.current;
    const refs = await neighbours(strapi, 'dry-refs');
    const ids = [
      await seedGuide(strapi, 'old-dry-1', refs, { ageDays: 60 }),
      await seedGuide(strapi, 'old-dry-2', refs, { ageDays: 60 }),
    ];
    const before = await census(strapi);

    const dry = await callEntries(strapi, 'deleteOlderThan', GUIDE, oldGuides, { dryRun: true });
    expect(dry).toMatchObject({ wouldDelete: 2, matching: 2 });
    expect(await census(strapi)).toEqual(before);

    const real = await callEntries(strapi, 'deleteOlderThan', GUIDE, oldGuides);
    expect(real.documentIds).toEqual(dry.documentIds);
    expect([...real.documentIds].sort()).toEqual([...ids].sort());
    expect(await strapi.db.query(GUIDE).count({ where: { documentId: { $in: ids } } })).toBe(0);
  },
  TIMEOUT
);

test(
  'Given old articles, some published, and recent ones, When the old ones are deleted set-based in batches, Then their draft and published rows go and every other row stays',
  async () => {
    const { strapi } = app.current;
    const articles = strapi.documents(ARTICLE);
    const keep = await articles.create({ data: { title: 'batch-keep' } } as never);
    const before = await census(strapi);
    for (let index = 0; index < 5; index += 1) {
      const doc = await articles.create({ data: { title: `batch-old-${index}` } } as never);
      if (index % 2 === 0) await articles.publish({ documentId: doc.documentId } as never);
    }
    await strapi.db.query(ARTICLE).updateMany({
      where: { title: { $startsWith: 'batch-old-' } },
      data: { createdAt: new Date(Date.now() - 60 * 24 * 3600 * 1000) },
    });
    const options = { days: 30, filters: { title: { $startsWith: 'batch-' } }, limit: 2 };

    const batches = [];
    for (let last = { remaining: 1 }; last.remaining;) {
      last = await callEntries(strapi, 'deleteOlderThan', ARTICLE, options).then((result) => ({
        remaining: result.remaining ?? 0,
        deleted: result.deleted,
      }));
      batches.push(last);
    }

    expect(batches.map((batch) => batch)).toEqual([
      { deleted: 2, remaining: 3 },
      { deleted: 2, remaining: 1 },
      { deleted: 1, remaining: 0 },
    ]);
    expect(await census(strapi)).toEqual(before);
    expect(await strapi.db.query(ARTICLE).count({ where: { documentId: keep.documentId } })).toBe(
      1
    );
  },
  TIMEOUT
);

test(
  'Given a lifecycle subscriber and an event listener, When guides are deleted set-based, Then no lifecycle or entry.delete event fires and one maintenance.entries.deleted event comes per batch',
  async () => {
    const { strapi } = app.current;
    const refs = await neighbours(strapi, 'event-refs');
    await seedGuide(strapi, 'old-event-1', refs, { ageDays: 60 });
    await seedGuide(strapi, 'old-event-2', refs, { ageDays: 60 });
    const seen: string[] = [];
    strapi.db.lifecycles.subscribe({
      models: [GUIDE],
      afterDelete: () => void seen.push('afterDelete'),
      afterDeleteMany: () => void seen.push('afterDeleteMany'),
    });
    strapi.eventHub.on('entry.delete', async () => {
      seen.push('entry.delete');
    });
    strapi.eventHub.on('maintenance.entries.deleted', async (...args: unknown[]) => {
      const event = args[0] as { documentIds: string[] };
      seen.push(`batch of ${event.documentIds.length}`);
    });

    await callEntries(strapi, 'deleteOlderThan', GUIDE, { ...oldGuides, limit: 1 });
    await callEntries(strapi, 'deleteOlderThan', GUIDE, { ...oldGuides, limit: 1 });

    expect(seen).toEqual(['batch of 1', 'batch of 1']);
  },
  TIMEOUT
);
