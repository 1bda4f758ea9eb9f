import { defineScript } from '../compose';

export default defineScript({
  key: 'delete-old-entries',
  name: 'Delete old entries',
  summary:
    'Deletes entries of one content type whose date field is more than a number of days in the past, optionally only those matching filters or never published, through the Document Service (lifecycles, webhooks and media links behave as when an editor deletes). Works in batches, so that a million rows never load at once; what a run leaves is deleted by the next.',
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
      name: 'batchSize',
      type: 'integer',
      min: 1,
      max: 1000,
      default: 500,
      description: 'entries deleted per batch',
    },
    {
      name: 'maxBatches',
      type: 'integer',
      min: 1,
      max: 1000,
      default: 20,
      description: 'batches per run; the rest waits for the next run',
    },
  ],
  main: String.raw`
const options = {
  field: params.field,
  filters: params.filters,
  neverPublished: params.draftsOnly,
  limit: params.batchSize,
};
const what =
  params.uid + ' entries whose ' + params.field + ' is more than ' +
  plural(params.olderThanDays, 'day') + ' old' + (params.draftsOnly ? ' and that were never published' : '');
const first = await ctx.entries.deleteOlderThan(
  params.uid,
  Object.assign({ days: params.olderThanDays }, options)
);
const firstDocumentIds = first.documentIds.slice(0, 20);

if (first.dryRun) {
  const wouldDelete = Math.min(first.matching, params.batchSize * params.maxBatches);
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

// Later batches keep the first batch's cutoff, so one run deletes one well-defined set.
const batches = [first.deleted];
let last = first;
while (last.remaining > 0 && last.deleted > 0 && batches.length < params.maxBatches) {
  last = await ctx.entries.deleteOlderThan(params.uid, Object.assign({ before: first.cutoff }, options));
  batches.push(last.deleted);
  console.log('batch ' + batches.length + ': deleted ' + last.deleted + ', ' + last.remaining + ' left');
}
const deleted = batches.reduce((sum, count) => sum + count, 0);
const summary =
  'deleted ' + deleted + ' of ' + first.matching + ' ' + what + ' in ' +
  plural(batches.length, 'batch', 'batches') +
  (last.remaining > 0 ? '; ' + last.remaining + ' left for the next run' : '');
console.log(summary);
return {
  summary, dryRun: false, uid: params.uid, cutoff: first.cutoff, matching: first.matching,
  deleted, batches, remaining: last.remaining, firstDocumentIds,
};
`,
});
