import { defineScript } from '../compose';

export default defineScript({
  key: 'purge-run-history',
  name: 'Purge maintenance run history',
  summary:
    "Deletes this plugin's run records older than a number of days, except each task's most recent runs and its last failure, which stay however old they are.",
  returns: 'summary, deleted (or wouldDelete in a dry run) and kept: old runs that stayed.',
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
  ],
  main: String.raw`
const result = await ctx.runs.purge({
  olderThanDays: params.olderThanDays,
  keepLast: params.keepLast,
});
const count = result.dryRun ? result.wouldDelete : result.deleted;
const summary =
  (result.dryRun ? 'would delete ' : 'deleted ') + plural(count, 'run') + ' older than ' +
  plural(params.olderThanDays, 'day') + '; kept ' + result.kept + ' old ' + (result.kept === 1 ? 'one' : 'ones') +
  " (each task's last " + params.keepLast + ' and its last failure)';
console.log(summary);
return result.dryRun
  ? { summary, dryRun: true, wouldDelete: count, kept: result.kept }
  : { summary, dryRun: false, deleted: count, kept: result.kept };
`,
});
