import { defineScript } from '../compose';

export default defineScript({
  key: 'unpublish-expired-content',
  name: 'Unpublish expired content',
  summary:
    "Content expiry: published entries of one content type whose expiry date field lies in the past are unpublished through the Document Service, as the admin panel's Unpublish does; the draft stays, so an editor can give it a new date and publish it again. Works in batches.",
  returns:
    'summary, uid, before (the instant compared with), matching, unpublished (or wouldUnpublish), batches, remaining, firstDocumentIds (the first 20).',
  params: [
    {
      name: 'uid',
      type: 'string',
      required: true,
      pattern: '^(api|plugin)::[\\w-]+\\.[\\w-]+$',
      expected: "a content-type uid such as 'api::article.article'",
      description: 'the content type (with draft & publish) to check',
    },
    {
      name: 'field',
      type: 'string',
      default: 'expiresAt',
      expected: 'the name of a date attribute',
      description: 'the date or datetime attribute that says when an entry expires',
    },
    {
      name: 'filters',
      type: 'object',
      description: 'only entries matching these Strapi filters as well',
    },
    {
      name: 'batchSize',
      type: 'integer',
      min: 1,
      max: 1000,
      default: 100,
      description: 'entries unpublished per batch',
    },
    {
      name: 'maxBatches',
      type: 'integer',
      min: 1,
      max: 1000,
      default: 10,
      description: 'batches per run; the rest waits for the next run',
    },
  ],
  changes: {
    sentences: {
      unpublish:
        'Unpublishes the published entries of {uid} whose {field} is past (their drafts stay).',
    },
    pick: () => 'unpublish',
  },
  main: String.raw`
const options = { field: params.field, filters: params.filters, limit: params.batchSize };
const what = 'published ' + params.uid + ' entries whose ' + params.field + ' is past';
const first = await ctx.entries.unpublish(params.uid, options);
const firstDocumentIds = first.documentIds.slice(0, 20);

if (first.dryRun) {
  const wouldUnpublish = Math.min(first.matching, params.batchSize * params.maxBatches);
  const remaining = first.matching - wouldUnpublish;
  const summary =
    'would unpublish ' + wouldUnpublish + ' of ' + first.matching + ' ' + what +
    (remaining > 0 ? '; ' + remaining + ' would be left for the next run' : '');
  console.log(summary);
  return {
    summary, dryRun: true, uid: params.uid, before: first.before, matching: first.matching,
    wouldUnpublish, remaining, firstDocumentIds,
  };
}

// Later batches compare with the same instant as the first.
const batches = [first.unpublished];
let last = first;
while (last.remaining > 0 && last.unpublished > 0 && batches.length < params.maxBatches) {
  last = await ctx.entries.unpublish(params.uid, Object.assign({ before: first.before }, options));
  batches.push(last.unpublished);
}
const unpublished = batches.reduce((sum, count) => sum + count, 0);
const summary =
  'unpublished ' + unpublished + ' of ' + first.matching + ' ' + what +
  (last.remaining > 0 ? '; ' + last.remaining + ' left for the next run' : '');
console.log(summary);
return {
  summary, dryRun: false, uid: params.uid, before: first.before, matching: first.matching,
  unpublished, batches, remaining: last.remaining, firstDocumentIds,
};
`,
});
