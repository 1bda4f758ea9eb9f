import { defineScript } from '../compose';

export default defineScript({
  key: 'purge-expired-auth',
  name: 'Purge expired sessions and tokens',
  summary:
    "Deletes what Strapi keeps after it has expired: admin and users-permissions sessions that can no longer be used, past their idle expiry or a day past their absolute expiry (Strapi only cleans those up now and then, on logins), and API and transfer tokens whose expiry date passed more than a grace period ago (Strapi keeps them, refused, for ever). Live sessions and tokens without an expiry are never touched; tokens go through Strapi's own revoke, permissions included.",
  returns:
    'summary, deleted (or wouldDelete) as { sessions: count, apiTokenCount, transferTokenCount, apiTokens and transferTokens: the first 50 names }, remaining per kind, tokenCutoff.',
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
  changes: {
    sentences: {
      purge:
        'Deletes expired sessions, and API and transfer tokens that expired more than {tokenGraceDays} days ago.',
    },
    pick: () => 'purge',
  },
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
// Token names: at most 50 kept in the result and 20 written in the summary, with the counts, so
// that a site purging thousands of tokens gets a run record of bounded size (resultBytes).
const KEPT_NAMES = 50;
const SHOWN_NAMES = 20;
const keepNames = (list, names) => {
  list.push(...names.slice(0, Math.max(0, KEPT_NAMES - list.length)));
};
const names = (list, count) =>
  list.length === 0
    ? ''
    : ' (' + list.slice(0, SHOWN_NAMES).join(', ') +
      (count > SHOWN_NAMES ? ' and ' + (count - SHOWN_NAMES) + ' more' : '') + ')';
const describe = (counts) =>
  plural(counts.sessions, 'expired session') + ', ' +
  plural(counts.apiTokenCount, 'API token') + names(counts.apiTokens, counts.apiTokenCount) + ' and ' +
  plural(counts.transferTokenCount, 'transfer token') +
  names(counts.transferTokens, counts.transferTokenCount) +
  ' (tokens that expired before ' + first.tokenCutoff + ')';
const COUNT_OF = { apiTokens: 'apiTokenCount', transferTokens: 'transferTokenCount' };

if (first.dryRun) {
  const wouldDelete = { sessions: 0, apiTokens: [], apiTokenCount: 0, transferTokens: [], transferTokenCount: 0 };
  const remaining = { sessions: 0, apiTokens: 0, transferTokens: 0 };
  if (first.sessions) {
    wouldDelete.sessions = Math.min(first.sessions.matching, cap);
    remaining.sessions = first.sessions.matching - wouldDelete.sessions;
  }
  for (const kind of ['apiTokens', 'transferTokens']) {
    if (!first[kind]) continue;
    keepNames(wouldDelete[kind], first[kind].wouldDelete.map((token) => token.name));
    wouldDelete[COUNT_OF[kind]] = first[kind].wouldDelete.length;
    remaining[kind] = first[kind].matching - first[kind].wouldDelete.length;
  }
  const summary = 'would delete ' + describe(wouldDelete);
  console.log(summary);
  return { summary, dryRun: true, tokenCutoff: first.tokenCutoff, wouldDelete, remaining };
}

const deleted = { sessions: 0, apiTokens: [], apiTokenCount: 0, transferTokens: [], transferTokenCount: 0 };
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
    keepNames(deleted[kind], result[kind].deleted.map((token) => token.name));
    deleted[COUNT_OF[kind]] += result[kind].deleted.length;
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
