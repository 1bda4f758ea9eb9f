import { defineScript } from '../compose';

export default defineScript({
  key: 'purge-expired-auth',
  name: 'Purge expired sessions and tokens',
  summary:
    "Deletes what Strapi keeps after it has expired: admin and users-permissions sessions that can no longer be used, past their idle expiry or a day past their absolute expiry (Strapi only cleans those up now and then, on logins), and API and transfer tokens whose expiry date passed more than a grace period ago (Strapi keeps them, refused, for ever). Live sessions and tokens without an expiry are never touched; tokens go through Strapi's own revoke, permissions included.",
  returns:
    'summary, deleted (or wouldDelete) as { sessions: count, apiTokens: names, transferTokens: names }, remaining per kind, tokenCutoff.',
  params: [
    {
      name: 'sessions',
      type: 'boolean',
      default: true,
      description: 'purge expired sessions',
    },
    {
      name: 'apiTokens',
      type: 'boolean',
      default: true,
      description: 'purge API tokens that expired before the grace period',
    },
    {
      name: 'transferTokens',
      type: 'boolean',
      default: true,
      description: 'purge transfer tokens that expired before the grace period',
    },
    {
      name: 'tokenGraceDays',
      type: 'number',
      min: 0,
      max: 3650,
      default: 30,
      description:
        'tokens stay this many days after they expire, so the admin panel shows them as expired for a while',
    },
    {
      name: 'batchSize',
      type: 'integer',
      min: 1,
      max: 1000,
      default: 1000,
      description: 'rows deleted per batch',
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
  changes: (params) =>
    `Deletes expired sessions, and API and transfer tokens that expired more than ${String(params.tokenGraceDays)} days ago.`,
  main: String.raw`
if (!params.sessions && !params.apiTokens && !params.transferTokens) {
  throw new Error('params sessions, apiTokens and transferTokens are all false: there is nothing to purge');
}
const purge = (kinds) =>
  ctx.auth.purgeExpired(
    Object.assign({ tokenGraceDays: params.tokenGraceDays, limit: params.batchSize }, kinds)
  );
const wanted = {
  sessions: params.sessions,
  apiTokens: params.apiTokens,
  transferTokens: params.transferTokens,
};
const first = await purge(wanted);
const cap = params.batchSize * params.maxBatches;
const describe = (counts) =>
  plural(counts.sessions, 'expired session') + ', ' +
  plural(counts.apiTokens.length, 'API token') +
  (counts.apiTokens.length ? ' (' + counts.apiTokens.join(', ') + ')' : '') + ' and ' +
  plural(counts.transferTokens.length, 'transfer token') +
  (counts.transferTokens.length ? ' (' + counts.transferTokens.join(', ') + ')' : '') +
  ' (tokens that expired before ' + first.tokenCutoff + ')';

if (first.dryRun) {
  const wouldDelete = { sessions: 0, apiTokens: [], transferTokens: [] };
  const remaining = { sessions: 0, apiTokens: 0, transferTokens: 0 };
  if (first.sessions) {
    wouldDelete.sessions = Math.min(first.sessions.matching, cap);
    remaining.sessions = first.sessions.matching - wouldDelete.sessions;
  }
  for (const kind of ['apiTokens', 'transferTokens']) {
    if (!first[kind]) continue;
    wouldDelete[kind] = first[kind].wouldDelete.map((token) => token.name);
    remaining[kind] = first[kind].matching - wouldDelete[kind].length;
  }
  const summary = 'would delete ' + describe(wouldDelete);
  console.log(summary);
  return { summary, dryRun: true, tokenCutoff: first.tokenCutoff, wouldDelete, remaining };
}

const deleted = { sessions: 0, apiTokens: [], transferTokens: [] };
const remaining = { sessions: 0, apiTokens: 0, transferTokens: 0 };
let result = first;
for (let batch = 1; ; batch += 1) {
  const again = { sessions: false, apiTokens: false, transferTokens: false };
  if (result.sessions) {
    deleted.sessions += result.sessions.deleted;
    remaining.sessions = result.sessions.remaining;
    again.sessions = result.sessions.remaining > 0 && result.sessions.deleted > 0;
  }
  for (const kind of ['apiTokens', 'transferTokens']) {
    if (!result[kind]) continue;
    deleted[kind].push(...result[kind].deleted.map((token) => token.name));
    remaining[kind] = result[kind].remaining;
    again[kind] = result[kind].remaining > 0 && result[kind].deleted.length > 0;
  }
  if (!again.sessions && !again.apiTokens && !again.transferTokens) break;
  if (batch >= params.maxBatches) break;
  result = await purge(again);
}
const left = remaining.sessions + remaining.apiTokens + remaining.transferTokens;
const summary = 'deleted ' + describe(deleted) + (left > 0 ? '; ' + left + ' left for the next run' : '');
console.log(summary);
return { summary, dryRun: false, tokenCutoff: first.tokenCutoff, deleted, remaining };
`,
});
