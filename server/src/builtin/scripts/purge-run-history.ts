import { defineScript } from '../compose';

export default defineScript({
  key: 'purge-run-history',
  name: 'Purge maintenance run history',
  summary:
    "Deletes this plugin's run records older than a number of days, except each task's most recent runs and its last failure, which stay however old they are. Works in batches, in the order the runs were recorded, each batch one DELETE: a run stopped by its time limit keeps what it deleted, and the next run goes on with what is left.",
  returns:
    'summary, deleted (or wouldDelete in a dry run), kept: old runs that stayed, batches, and before: the cutoff (runs that started before it were old).',
  params: [
    {
      name: 'olderThanDays',
      type: 'number',
      min: 0,
      max: 36500,
      default: 90,
      description: 'runs that started more than this many days ago are deleted',
    },
    {
      name: 'keepLast',
      type: 'integer',
      min: 0,
      max: 10000,
      default: 20,
      description: "each task's most recent runs that stay, whatever their age",
    },
    {
      name: 'batchSize',
      type: 'integer',
      min: 1,
      max: 10000,
      default: 5000,
      description: 'old runs read (and at most deleted) per batch',
    },
  ],
  changes: {
    sentences: {
      purge:
        "Deletes maintenance runs older than {olderThanDays} days, keeping each task's last {keepLast} and its last failure.",
    },
    pick: () => 'purge',
  },
  main: String.raw`
const options = { keepLast: params.keepLast, limit: params.batchSize };
let result = await ctx.runs.purge(Object.assign({ olderThanDays: params.olderThanDays }, options));
let count = 0;
let kept = 0;
let batches = 0;
for (;;) {
  count += result.dryRun ? result.wouldDelete : result.deleted;
  kept += result.kept;
  batches += 1;
  if (!result.next) break;
  if (batches % 20 === 0) console.log('batch ' + batches + ': ' + count + ' so far');
  result = await ctx.runs.purge(Object.assign({ after: result.next }, options));
}
const summary =
  (result.dryRun ? 'would delete ' : 'deleted ') + plural(count, 'run') + ' older than ' +
  plural(params.olderThanDays, 'day') + '; kept ' + kept + ' old ' + (kept === 1 ? 'one' : 'ones') +
  " (each task's last " + params.keepLast + ' and its last failure)';
console.log(summary);
// The cutoff the first call took from its clock (every batch keeps it): runs that started before.
const before = result.cutoff;
return result.dryRun
  ? { summary, dryRun: true, wouldDelete: count, kept, batches, before }
  : { summary, dryRun: false, deleted: count, kept, batches, before };
`,
});
