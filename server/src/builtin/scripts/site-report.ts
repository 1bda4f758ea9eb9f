import { defineScript } from '../compose';

export default defineScript({
  key: 'site-report',
  name: 'Site report',
  summary:
    "A read-only report for a weekly task: entries per content type, media files and their total size, the database's size, and this plugin's recent runs. Logged line by line and returned.",
  returns:
    'summary, generatedAt, contentTypes [{ uid, name, entries, published? }], media { files, totalBytes }, database { client, sizeBytes, tables }, tasks { total, enabled }, runs { sinceDays, byStatus, last }.',
  params: [
    {
      name: 'sinceDays',
      type: 'integer',
      min: 1,
      max: 366,
      default: 7,
      description: 'runs are counted by status over this many days',
    },
    {
      name: 'lastRuns',
      type: 'integer',
      min: 0,
      max: 100,
      default: 10,
      description: 'how many of the latest runs are listed',
    },
  ],
  changes: { sentences: {}, pick: () => null },
  main: String.raw`
const report = await ctx.site.report({ sinceDays: params.sinceDays, lastRuns: params.lastRuns });
const entries = report.contentTypes.reduce((sum, type) => sum + type.entries, 0);
const runs = Object.values(report.runs.byStatus).reduce((sum, count) => sum + count, 0);
const failed = Object.keys(report.runs.byStatus)
  .filter((status) => status !== 'succeeded' && status !== 'skipped' && status !== 'running')
  .reduce((sum, status) => sum + report.runs.byStatus[status], 0);

console.log('Site report, ' + report.generatedAt);
for (const type of report.contentTypes) {
  console.log(
    '  ' + type.name + ' (' + type.uid + '): ' + plural(type.entries, 'entry', 'entries') +
      (type.published === undefined ? '' : ', ' + type.published + ' published')
  );
}
console.log('  media: ' + plural(report.media.files, 'file') + ', ' + formatBytes(report.media.totalBytes));
console.log(
  '  database (' + report.database.client + '): ' + formatBytes(report.database.sizeBytes) +
    ', ' + plural(report.database.tables, 'table')
);
console.log(
  '  maintenance: ' + report.tasks.enabled + ' of ' + plural(report.tasks.total, 'task') +
    ' enabled; ' + plural(runs, 'run') + ' in the last ' + plural(report.runs.sinceDays, 'day') + ', ' +
    failed + ' failed'
);
for (const run of report.runs.last) {
  console.log('    ' + run.startedAt + ' ' + run.taskName + ': ' + run.status + (run.dryRun ? ' (dry run)' : ''));
}

const summary =
  plural(report.contentTypes.length, 'content type') + ', ' + plural(entries, 'entry', 'entries') +
  '; ' + plural(report.media.files, 'media file') + ' (' + formatBytes(report.media.totalBytes) +
  '); database ' + formatBytes(report.database.sizeBytes) + '; ' + plural(runs, 'run') +
  ' in ' + plural(report.runs.sinceDays, 'day') + ', ' + failed + ' failed';
return Object.assign({ summary, dryRun: ctx.dryRun }, report);
`,
});
