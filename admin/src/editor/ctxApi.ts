/**
 * The surface a maintenance script sees: `ctx` (docs/ctx-api.md, server/src/context-api) and the
 * run-log `console`. One pure list feeds both the editor's completion and the reference panel, so
 * the two can never disagree. Keep it in step with the server's context API. It is long because
 * it is the whole API, one entry per member, and one list is what keeps it complete.
 */

export type CtxGroup =
  | 'data'
  | 'console'
  | 'state'
  | 'entries'
  | 'db'
  | 'media'
  | 'runs'
  | 'auth'
  | 'history'
  | 'site'
  | 'http';

export type CtxKind = 'namespace' | 'function' | 'property';

export interface CtxMember {
  /** Full dotted path from the root object: `ctx.entries.count`, `console.warn`. */
  path: string;
  kind: CtxKind;
  group: CtxGroup;
  /** Arguments, for functions: `(uid, { filters?, status? })`. */
  signature?: string;
  /** What a call returns (async calls resolve to it), or a property's type. */
  returns?: string;
  /** One sentence. */
  doc: string;
}

/** Groups in the order the reference panel shows them. */
export const CTX_GROUPS: ReadonlyArray<CtxGroup> = [
  'data',
  'console',
  'state',
  'entries',
  'db',
  'media',
  'runs',
  'auth',
  'history',
  'site',
  'http',
];

const LIMIT = 'limit?';

export const CTX_MEMBERS: ReadonlyArray<CtxMember> = [
  // ---- roots ----
  {
    path: 'ctx',
    kind: 'namespace',
    group: 'data',
    doc: 'Everything a script can do to the site (frozen).',
  },
  {
    path: 'console',
    kind: 'namespace',
    group: 'console',
    doc: 'Writes to the run log, with a level and a timestamp.',
  },

  // ---- data ----
  {
    path: 'ctx.params',
    kind: 'property',
    group: 'data',
    returns: 'object',
    doc: "The task's params (a JSON object); in a test run, the params you enter.",
  },
  {
    path: 'ctx.dryRun',
    kind: 'property',
    group: 'data',
    returns: 'boolean',
    doc: 'True when nothing may change: calls report what they would do.',
  },
  {
    path: 'ctx.task',
    kind: 'namespace',
    group: 'data',
    returns: '{ id, name, slot, trigger, attempt, lastRun }',
    doc: 'The task running the script (id 0 in a test run).',
  },
  { path: 'ctx.task.id', kind: 'property', group: 'data', returns: 'number', doc: 'Task id.' },
  { path: 'ctx.task.name', kind: 'property', group: 'data', returns: 'string', doc: 'Task name.' },
  {
    path: 'ctx.task.slot',
    kind: 'property',
    group: 'data',
    returns: 'string | null',
    doc: 'The scheduled instant (ISO 8601), null for a manual run.',
  },
  {
    path: 'ctx.task.trigger',
    kind: 'property',
    group: 'data',
    returns: "'route' | 'timer' | 'manual' | 'catch-up'",
    doc: 'What started the run.',
  },
  {
    path: 'ctx.task.attempt',
    kind: 'property',
    group: 'data',
    returns: 'number',
    doc: 'Attempt of this slot, from 1.',
  },
  {
    path: 'ctx.task.lastRun',
    kind: 'property',
    group: 'data',
    returns: 'string | null',
    doc: 'When the task last ran (ISO 8601).',
  },
  {
    path: 'ctx.log',
    kind: 'function',
    group: 'console',
    signature: '(...values)',
    doc: 'Same as console.log.',
  },
  {
    path: 'ctx.progress',
    kind: 'function',
    group: 'console',
    signature: '(done, total?, message?)',
    returns: 'undefined',
    doc: 'Says how far the run has got (shown live on the run page and in the tasks list); the latest call counts.',
  },

  // ---- console ----
  ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((level): CtxMember => ({
    path: `console.${level}`,
    kind: 'function',
    group: 'console',
    signature: '(...values)',
    doc: `Appends a ${level} line to the run log (capped).`,
  })),

  // ---- state ----
  {
    path: 'ctx.state',
    kind: 'namespace',
    group: 'state',
    doc: "The task's own stored value, kept between runs.",
  },
  {
    path: 'ctx.state.get',
    kind: 'function',
    group: 'state',
    signature: '()',
    returns: 'value | null',
    doc: 'The value the task stored last, or null.',
  },
  {
    path: 'ctx.state.set',
    kind: 'function',
    group: 'state',
    signature: '(value)',
    returns: 'boolean',
    doc: 'Stores a JSON value (at most 64 KiB); false in a dry run.',
  },

  // ---- entries ----
  {
    path: 'ctx.entries',
    kind: 'namespace',
    group: 'entries',
    doc: "The site's api:: content types, through the Document Service.",
  },
  {
    path: 'ctx.entries.count',
    kind: 'function',
    group: 'entries',
    signature: '(uid, { filters?, status?, neverPublished? })',
    returns: 'number',
    doc: 'Counts the entries that match.',
  },
  {
    path: 'ctx.entries.find',
    kind: 'function',
    group: 'entries',
    signature: '(uid, { filters?, fields?, sort?, page?, pageSize?, status? })',
    returns: 'entries[]',
    doc: 'Finds entries (readable fields only, no relations); pageSize 1–100.',
  },
  {
    path: 'ctx.entries.deleteMany',
    kind: 'function',
    group: 'entries',
    signature: `(uid, { filters, status?, neverPublished?, ${LIMIT} })`,
    returns: '{ deleted, matching, remaining, documentIds }',
    doc: 'Deletes matching documents, at most limit (1–1000, default 100) per call.',
  },
  {
    path: 'ctx.entries.deleteOlderThan',
    kind: 'function',
    group: 'entries',
    signature: `(uid, { days | before, field?, status?, neverPublished?, filters?, ${LIMIT} })`,
    returns: '{ deleted, matching, remaining, documentIds, cutoff }',
    doc: 'Deletes documents whose date field (default createdAt) is older than the cutoff.',
  },
  {
    path: 'ctx.entries.unpublish',
    kind: 'function',
    group: 'entries',
    signature: `(uid, { field, before?, filters?, ${LIMIT} })`,
    returns: '{ unpublished, matching, remaining, documentIds, before }',
    doc: 'Unpublishes entries whose date field lies before `before` (default now).',
  },

  // ---- db ----
  { path: 'ctx.db', kind: 'namespace', group: 'db', doc: 'The database itself.' },
  {
    path: 'ctx.db.stats',
    kind: 'function',
    group: 'db',
    signature: '()',
    returns: '{ client, sizeBytes, tables }',
    doc: 'Database client, size and tables.',
  },
  {
    path: 'ctx.db.optimize',
    kind: 'function',
    group: 'db',
    signature: '({ analyzeOnly? })',
    returns: '{ ran, before, after, reclaimedBytes, durationMs }',
    doc: 'VACUUM / OPTIMIZE TABLE (or only refresh statistics); run it at a quiet hour.',
  },

  // ---- media ----
  { path: 'ctx.media', kind: 'namespace', group: 'media', doc: 'Uploaded files.' },
  {
    path: 'ctx.media.findOrphans',
    kind: 'function',
    group: 'media',
    signature: `({ olderThanDays?, ${LIMIT}, afterId? })`,
    returns: '[{ id, name, url, size, mime, createdAt }]',
    doc: 'Files no entry uses, in id order (limit 1–100).',
  },
  {
    path: 'ctx.media.remove',
    kind: 'function',
    group: 'media',
    signature: '(ids)',
    returns: '{ removed, kept, freedBytes }',
    doc: 'Removes orphaned files (checked again), at most 100 ids per call.',
  },

  // ---- runs ----
  { path: 'ctx.runs', kind: 'namespace', group: 'runs', doc: "This plugin's run history." },
  {
    path: 'ctx.runs.purge',
    kind: 'function',
    group: 'runs',
    signature: '({ olderThanDays, keepLast? })',
    returns: '{ deleted, kept }',
    doc: "Deletes old runs, keeping each task's last keepLast (default 10) and last failure.",
  },

  // ---- auth ----
  { path: 'ctx.auth', kind: 'namespace', group: 'auth', doc: 'Sessions and tokens.' },
  {
    path: 'ctx.auth.purgeExpired',
    kind: 'function',
    group: 'auth',
    signature: `({ sessions?, apiTokens?, transferTokens?, tokenGraceDays?, ${LIMIT} })`,
    returns: '{ now, tokenCutoff, sessions, apiTokens, transferTokens }',
    doc: 'Deletes dead sessions and revokes expired API and transfer tokens.',
  },

  // ---- history ----
  {
    path: 'ctx.history',
    kind: 'namespace',
    group: 'history',
    doc: 'Content history versions.',
  },
  {
    path: 'ctx.history.purge',
    kind: 'function',
    group: 'history',
    signature: `({ olderThanDays, ${LIMIT} })`,
    returns: '{ available, recording, stored, matching, deleted, remaining, cutoff }',
    doc: 'Trims content history versions older than olderThanDays.',
  },

  // ---- site ----
  { path: 'ctx.site', kind: 'namespace', group: 'site', doc: 'The site as a whole.' },
  {
    path: 'ctx.site.report',
    kind: 'function',
    group: 'site',
    signature: '({ sinceDays?, lastRuns? })',
    returns: '{ generatedAt, contentTypes, media, database, tasks, runs }',
    doc: 'A read-only report: content counts, media, database, tasks and recent runs.',
  },

  // ---- http ----
  {
    path: 'ctx.fetch',
    kind: 'function',
    group: 'http',
    signature: '(url, { method?, headers?, body? })',
    returns: '{ status, ok, headers, body, truncated }',
    doc: "HTTP to hosts in the plugin config's fetchAllowList only; 10 s timeout, 1 MiB bodies.",
  },
];

/** The last segment of a path: `count` for `ctx.entries.count`. */
export const memberName = (member: CtxMember) =>
  member.path.slice(member.path.lastIndexOf('.') + 1);

/** The direct children of a path (`ctx` → params, dryRun, task, …). */
export const childrenOf = (parent: string): CtxMember[] =>
  CTX_MEMBERS.filter(
    (member) =>
      member.path.startsWith(`${parent}.`) && !member.path.slice(parent.length + 1).includes('.')
  );

/** How a member reads in the reference: `ctx.entries.count(uid, { … })`. */
export const memberSignature = (member: CtxMember) =>
  member.kind === 'function' ? `${member.path}${member.signature ?? '()'}` : member.path;

/** Members grouped for the reference panel: calls and properties, not the namespaces. */
export const referenceGroups = (): Array<{ group: CtxGroup; members: CtxMember[] }> =>
  CTX_GROUPS.map((group) => ({
    group,
    members: CTX_MEMBERS.filter(
      (member) =>
        member.group === group && (member.kind !== 'namespace' || member.path === 'ctx.task')
    ),
  })).filter((entry) => entry.members.length > 0);
