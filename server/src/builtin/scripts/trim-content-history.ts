import { defineScript } from '../compose';

export default defineScript({
  key: 'trim-content-history',
  name: 'Trim content history',
  summary:
    "Deletes content-history versions older than a number of days. Content history is a feature of Strapi's paid plans: on a site where it has never recorded anything the script says so and does nothing; versions kept from a time when it recorded are trimmed like any others.",
  returns:
    'summary, enabled (false when there is no history), recording, stored, matching, deleted (or wouldDelete), remaining, cutoff.',
  params: [
    {
      name: 'olderThanDays',
      type: 'number',
      min: 0,
      max: 36500,
      default: 90,
      description: 'versions saved more than this many days ago are deleted',
    },
    {
      name: 'batchSize',
      type: 'integer',
      min: 1,
      max: 1000,
      default: 1000,
      description: 'versions deleted per batch',
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
  changes: {
    sentences: { trim: 'Deletes content-history versions older than {olderThanDays} days.' },
    pick: () => 'trim',
  },
  main: String.raw`
const purge = () => ctx.history.purge({ olderThanDays: params.olderThanDays, limit: params.batchSize });
const first = await purge();
if (!first.available || (!first.recording && first.stored === 0)) {
  const summary = 'content history is not enabled on this site: nothing to trim';
  console.log(summary);
  return { summary, dryRun: first.dryRun, enabled: false, recording: false, stored: 0 };
}
const note = first.recording
  ? ''
  : ' (content history no longer records on this site; these versions are from when it did)';
const what = 'content-history versions older than ' + plural(params.olderThanDays, 'day');

if (first.dryRun) {
  const wouldDelete = Math.min(first.matching, params.batchSize * params.maxBatches);
  const remaining = first.matching - wouldDelete;
  const summary =
    'would delete ' + wouldDelete + ' of ' + first.stored + ' ' + what + note +
    (remaining > 0 ? '; ' + remaining + ' would be left for the next run' : '');
  console.log(summary);
  return {
    summary, dryRun: true, enabled: true, recording: first.recording, stored: first.stored,
    matching: first.matching, wouldDelete, remaining, cutoff: first.cutoff,
  };
}

let deleted = first.deleted;
let last = first;
let batches = 1;
while (last.remaining > 0 && last.deleted > 0 && batches < params.maxBatches) {
  last = await purge();
  deleted += last.deleted;
  batches += 1;
}
const summary =
  'deleted ' + deleted + ' of ' + first.stored + ' ' + what + note +
  (last.remaining > 0 ? '; ' + last.remaining + ' left for the next run' : '');
console.log(summary);
return {
  summary, dryRun: false, enabled: true, recording: first.recording, stored: first.stored,
  matching: first.matching, deleted, remaining: last.remaining, cutoff: first.cutoff,
};
`,
});
