import { defineScript } from '../compose';

export default defineScript({
  key: 'delete-old-entries',
  name: 'Delete old entries',
  summary:
    'Deletes entries of one content type whose date field is more than a number of days in the past, optionally only those matching filters or never published. A document goes whole (every locale, draft and published) with its components, relation links and media links. By default in SQL, a batch per transaction (no lifecycles, no entry.delete webhooks; one maintenance.entries.deleted event per batch); perDocument deletes through the Document Service instead, one document at a time, for sites whose lifecycles or webhooks must see each deletion. What a run leaves (its batch limit, or its time limit) is deleted by the next.',
  returns:
    'summary, uid, cutoff, matching, deleted (or wouldDelete), batches (entries per batch), remaining, firstDocumentIds (the first 20).',
  params: [
    {
      name: 'uid',
      type: 'string',
      required: true,
      pattern: '^(api|plugin)::[\\w-]+\\.[\\w-]+$',
      expected: "a content-type uid such as 'api::article.article'",
      description: 'the content type to clean up',
    },
    {
      name: 'olderThanDays',
      type: 'number',
      min: 0,
      max: 36500,
      required: true,
      description: 'entries whose date field is more than this many days in the past are deleted',
    },
    {
      name: 'field',
      type: 'string',
      default: 'createdAt',
      expected: 'the name of a date attribute',
      description:
        'the date attribute that measures age (createdAt, updatedAt, or one of your own)',
    },
    {
      name: 'filters',
      type: 'object',
      description:
        'only entries matching these Strapi filters as well, e.g. { "title": { "$startsWith": "tmp-" } }',
    },
    {
      name: 'draftsOnly',
      type: 'boolean',
      default: false,
      description:
        'only documents that were never published (draft & publish types); published ones stay',
    },
    {
      name: 'perDocument',
      type: 'boolean',
      default: false,
      description:
        'delete through the Document Service, one document at a time (lifecycles and entry.delete webhooks fire for each; about 300 documents a second), with batches of at most 1000',
    },
    {
      name: 'batchSize',
      type: 'integer',
      min: 1,
      max: 5000,
      default: 1000,
      description:
        'documents deleted per batch (each batch is one transaction; on SQLite one per 250 documents)',
    },
    {
      name: 'maxBatches',
      type: 'integer',
      min: 1,
      max: 1000,
      default: 200,
      description: 'batches per run; the rest waits for the next run',
    },
  ],
  changes: {
    sentences: {
      all: 'Deletes entries of {uid} whose {field} is more than {olderThanDays} days old, with their components and links.',
      draftsOnly:
        'Deletes entries of {uid} whose {field} is more than {olderThanDays} days old (never published ones only), with their components and links.',
    },
    pick: (params) => (params.draftsOnly ? 'draftsOnly' : 'all'),
  },
  main: String.raw`
const options = {
  field: params.field,
  filters: params.filters,
  neverPublished: params.draftsOnly,
  limit: params.perDocument ? Math.min(params.batchSize, 1000) : params.batchSize,
  perDocument: params.perDocument,
};
const what =
  params.uid + ' entries whose ' + params.field + ' is more than ' +
  plural(params.olderThanDays, 'day') + ' old' + (params.draftsOnly ? ' and that were never published' : '');
const batchSize = options.limit;
const first = await ctx.entries.deleteOlderThan(
  params.uid,
  Object.assign({ days: params.olderThanDays }, options)
);
const firstDocumentIds = first.documentIds.slice(0, 20);

if (first.dryRun) {
  const wouldDelete = Math.min(first.matching, batchSize * params.maxBatches);
  const remaining = first.matching - wouldDelete;
  const summary =
    'would delete ' + wouldDelete + ' of ' + first.matching + ' ' + what +
    (remaining > 0 ? '; ' + remaining + ' would be left for the next run' : '');
  console.log(summary);
  return {
    summary, dryRun: true, uid: params.uid, cutoff: first.cutoff, matching: first.matching,
    wouldDelete, remaining, firstDocumentIds,
  };
}

// Later batches keep the first batch's cutoff, so one run deletes one well-defined set; they skip
// the count (a read of every candidate row per batch), since the first batch's count and what
// each batch deleted say what is left, and a batch short of batchSize means nothing is.
const later = Object.assign({ before: first.cutoff, count: false }, options);
const batches = [first.deleted];
let remaining = first.deleted < batchSize ? 0 : first.remaining;
while (remaining > 0 && batches.length < params.maxBatches) {
  const last = await ctx.entries.deleteOlderThan(params.uid, later);
  batches.push(last.deleted);
  remaining = last.deleted < batchSize ? 0 : Math.max(0, remaining - last.deleted);
  console.log('batch ' + batches.length + ': deleted ' + last.deleted + ', ' + remaining + ' left');
}
const deleted = batches.reduce((sum, count) => sum + count, 0);
const summary =
  'deleted ' + deleted + ' of ' + first.matching + ' ' + what + ' in ' +
  plural(batches.length, 'batch', 'batches') +
  (remaining > 0 ? '; ' + remaining + ' left for the next run' : '');
console.log(summary);
return {
  summary, dryRun: false, uid: params.uid, cutoff: first.cutoff, matching: first.matching,
  deleted, batches, remaining, firstDocumentIds,
};
`,
});
