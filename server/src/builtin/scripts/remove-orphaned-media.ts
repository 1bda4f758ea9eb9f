import { defineScript } from '../compose';

export default defineScript({
  key: 'remove-orphaned-media',
  name: 'Remove orphaned media',
  summary:
    'Finds media files that no entry uses, uploaded more than a number of days ago, and removes them through the upload plugin, so the storage provider deletes the files too. A file counts as used when an entry links to it (a media field) or mentions it in a text, rich-text, blocks or JSON field (an image in a blocks or markdown body). Only reports until the param remove is true.',
  returns:
    'summary, found, foundBytes, removed (or wouldRemove), freedBytes (or wouldFreeBytes), kept (ids of files used again since they were found), files (the first 20 names).',
  params: [
    {
      name: 'olderThanDays',
      type: 'number',
      min: 0,
      max: 36500,
      default: 30,
      description:
        'only files uploaded more than this many days ago (a fresh upload may not be linked yet)',
    },
    {
      name: 'remove',
      type: 'boolean',
      default: false,
      description: 'really remove the files; until then the script only reports what it finds',
    },
    {
      name: 'maxFiles',
      type: 'integer',
      min: 1,
      max: 10000,
      default: 1000,
      description:
        'files removed per run; the rest waits for the next run (a report without remove counts them all)',
    },
  ],
  changes: {
    sentences: {
      remove:
        'Removes media files that no entry uses, uploaded more than {olderThanDays} days ago, and deletes them from the storage provider.',
    },
    pick: (params) => (params.remove ? 'remove' : null),
  },
  main: String.raw`
// A report counts every orphan (only the first 20 names are kept); a removal handles at most
// maxFiles of them per run, the rest waiting for the next run.
const found = [];
let count = 0;
let foundBytes = 0;
let afterId = 0;
while (!params.remove || found.length < params.maxFiles) {
  const page = await ctx.media.findOrphans({
    olderThanDays: params.olderThanDays,
    limit: params.remove ? Math.min(100, params.maxFiles - found.length) : 100,
    afterId,
  });
  if (page.length === 0) break;
  count += page.length;
  foundBytes += page.reduce((sum, file) => sum + Math.round(file.size * 1024), 0);
  if (params.remove) found.push(...page);
  else if (found.length < 20) found.push(...page.slice(0, 20 - found.length));
  afterId = page[page.length - 1].id;
}
const files = found.slice(0, 20).map((file) => file.name);
const more = params.remove && found.length >= params.maxFiles ? ' (maxFiles reached: more may remain)' : '';
const what =
  plural(count, 'orphaned file') + ' (' + formatBytes(foundBytes) + ') uploaded more than ' +
  plural(params.olderThanDays, 'day') + ' ago';

if (!params.remove) {
  const summary = 'found ' + what + more + '; nothing removed: set the param remove to true to remove them';
  console.log(summary);
  return { summary, dryRun: ctx.dryRun, found: count, foundBytes, removed: 0, freedBytes: 0, kept: [], files };
}

let removed = 0;
let freedBytes = 0;
const kept = [];
for (let index = 0; index < found.length; index += 100) {
  const ids = found.slice(index, index + 100).map((file) => file.id);
  const result = await ctx.media.remove(ids);
  removed += result.dryRun ? result.wouldRemove.length : result.removed.length;
  freedBytes += result.dryRun ? result.wouldFreeBytes : result.freedBytes;
  kept.push(...result.kept);
}
const summary =
  (ctx.dryRun ? 'would remove ' : 'removed ') + removed + ' of ' + what + ', ' +
  (ctx.dryRun ? 'freeing ' : 'freed ') + formatBytes(freedBytes) +
  (kept.length > 0 ? '; kept ' + kept.length + ' used again since they were found' : '') + more;
console.log(summary);
return ctx.dryRun
  ? { summary, dryRun: true, found: found.length, foundBytes, wouldRemove: removed, wouldFreeBytes: freedBytes, kept, files }
  : { summary, dryRun: false, found: found.length, foundBytes, removed, freedBytes, kept, files };
`,
});
