import { defineScript } from '../compose';

export default defineScript({
  key: 'optimize-database',
  name: 'Optimise the database',
  summary:
    'The seed\'s "pack the ZODB": compacts the database and refreshes its statistics. SQLite: VACUUM then PRAGMA optimize; PostgreSQL: VACUUM (ANALYZE); MySQL/MariaDB: OPTIMIZE TABLE over every table. Reports the size before and after where the database can tell. Run it at a quiet hour: SQLite\'s VACUUM holds the database while it runs.',
  returns:
    'summary, client, statements, sizeBefore, sizeAfter and reclaimedBytes (bytes, null where the database cannot tell), durationMs.',
  params: [
    {
      name: 'analyzeOnly',
      type: 'boolean',
      default: false,
      description:
        'only refresh the query planner statistics (PRAGMA optimize, ANALYZE, ANALYZE TABLE), without rewriting tables',
    },
  ],
  changes: {
    sentences: {
      compact:
        'Compacts the database and rebuilds its tables; the database may be held (SQLite) or tables locked while it runs.',
    },
    pick: (params) => (params.analyzeOnly ? null : 'compact'),
  },
  main: String.raw`
const result = await ctx.db.optimize({ analyzeOnly: params.analyzeOnly });
const before = result.before;
// MySQL's statement names every table; the summary names the statement.
const statements = (result.dryRun ? result.wouldRun : result.ran).map(
  (statement) => statement.split(' ' + String.fromCharCode(96))[0]
);
let summary;
if (result.dryRun) {
  summary =
    'would run ' + (statements.join('; ') || 'nothing') + ' on ' + before.client +
    ' (' + plural(before.tables, 'table') + ', ' + formatBytes(before.sizeBytes) + ')';
} else {
  summary =
    'ran ' + (statements.join('; ') || 'nothing') + ' on ' + before.client + ' in ' +
    result.durationMs + ' ms: ' + formatBytes(before.sizeBytes) + ' before, ' +
    formatBytes(result.after.sizeBytes) + ' after';
  if (result.reclaimedBytes > 0) summary += ' (' + formatBytes(result.reclaimedBytes) + ' reclaimed)';
}
console.log(summary);
return {
  summary,
  dryRun: result.dryRun,
  client: before.client,
  statements,
  sizeBefore: before.sizeBytes,
  sizeAfter: result.dryRun ? null : result.after.sizeBytes,
  reclaimedBytes: result.dryRun ? null : result.reclaimedBytes,
  durationMs: result.dryRun ? 0 : result.durationMs,
};
`,
});
