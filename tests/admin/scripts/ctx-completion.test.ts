import { CompletionContext } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';

import { CTX_MEMBERS, childrenOf, referenceGroups } from '../../../admin/src/editor/ctxApi';
import { ctxCompletionSource, matchCtx } from '../../../admin/src/editor/ctxCompletion';
import { buildHostApi } from '../../../server/src/context-api';

/** Completion at the `|` in `text`. */
const completeAt = (text: string, explicit = false) => {
  const pos = text.indexOf('|');
  const doc = text.slice(0, pos) + text.slice(pos + 1);
  const state = EditorState.create({ doc, selection: { anchor: pos } });
  return { pos, result: ctxCompletionSource(new CompletionContext(state, pos, explicit)) };
};

const labels = (text: string, explicit = false) =>
  completeAt(text, explicit).result?.options.map((option) => option.label) ?? null;

describe('ctx completion data', () => {
  test('Given the server context API, when compared, then every host method has a completion entry', () => {
    const methods = [
      ...buildHostApi({ strapi: {}, task: {}, run: {}, dryRun: true } as never).keys(),
    ];
    expect(methods.length).toBeGreaterThan(10);
    const paths = new Set(CTX_MEMBERS.map((member) => member.path));
    for (const method of methods) expect(paths).toContain(`ctx.${method}`);
  });

  test('Given the completion data, when read, then every member has a doc and a known parent', () => {
    const paths = new Set(CTX_MEMBERS.map((member) => member.path));
    expect(paths.size).toBe(CTX_MEMBERS.length);
    for (const member of CTX_MEMBERS) {
      expect(member.doc.length).toBeGreaterThan(3);
      const dot = member.path.lastIndexOf('.');
      if (dot > 0) expect(paths).toContain(member.path.slice(0, dot));
      if (member.kind === 'function') expect(member.signature).toMatch(/^\(.*\)$/);
    }
  });

  test('Given the reference groups, when built, then they list calls and data but not bare namespaces', () => {
    const listed = referenceGroups().flatMap((group) => group.members.map((m) => m.path));
    expect(listed).toContain('ctx.entries.deleteOlderThan');
    expect(listed).toContain('console.warn');
    expect(listed).toContain('ctx.task');
    expect(listed).not.toContain('ctx.entries');
  });
});

describe('ctx completion source', () => {
  test('Given `ctx.`, when completing, then the roots of ctx are offered from the cursor', () => {
    const { pos, result } = completeAt('const n = await ctx.|');
    expect(result?.from).toBe(pos);
    expect(result?.options.map((o) => o.label)).toEqual(
      expect.arrayContaining([
        'params',
        'dryRun',
        'task',
        'log',
        'state',
        'entries',
        'db',
        'media',
        'runs',
        'auth',
        'history',
        'site',
        'fetch',
      ])
    );
  });

  test('Given `ctx.entries.co`, when completing, then the entries calls replace the typed part', () => {
    const { pos, result } = completeAt('await ctx.entries.co|');
    expect(result?.from).toBe(pos - 2);
    expect(result?.options.map((o) => o.label).sort()).toEqual(
      ['count', 'deleteMany', 'deleteOlderThan', 'find', 'unpublish'].sort()
    );
    const count = result?.options.find((o) => o.label === 'count');
    expect(count).toMatchObject({ type: 'method', info: expect.any(String) });
    expect(count?.detail).toContain('(uid');
  });

  test('Given `ctx.task.` and `console.`, when completing, then their members are offered', () => {
    expect(labels('if (ctx.task.|')).toEqual(
      expect.arrayContaining(['id', 'name', 'slot', 'trigger', 'attempt', 'lastRun'])
    );
    expect(labels('  console.|')?.sort()).toEqual(['debug', 'error', 'info', 'log', 'warn']);
  });

  test('Given a bare word that starts a root, when completing, then ctx and console are offered', () => {
    expect(labels('return c|')).toEqual(expect.arrayContaining(['ctx', 'console']));
    expect(labels('return ct|')).toEqual(['ctx']);
  });

  test('Given text that is not about ctx, when completing, then nothing is offered', () => {
    expect(labels('const result = other.|')).toBeNull();
    expect(labels('myctx.|')).toBeNull();
    expect(labels('ctx.params.|')).toBeNull();
    expect(labels('ctx.nothing.|')).toBeNull();
    expect(labels('return resu|')).toBeNull();
    expect(labels('x = |')).toBeNull();
  });

  test('Given an explicit request (Ctrl-Space) on nothing, when completing, then the roots are offered', () => {
    expect(labels('x = |', true)).toEqual(['ctx', 'console']);
  });

  test('Given a second line, when completing, then only that line matters', () => {
    expect(labels('const a = ctx.db\n  .|')).toBeNull();
    expect(labels('const a = 1;\nctx.db.|')?.sort()).toEqual(['optimize', 'stats']);
  });

  test('Given matchCtx, when called on a path, then it reports the prefix length', () => {
    expect(matchCtx('ctx.media.find')).toMatchObject({ prefixLength: 4 });
    expect(matchCtx('ctx.media.find')?.members.map((m) => m.path)).toEqual([
      'ctx.media.findOrphans',
      'ctx.media.remove',
    ]);
    expect(childrenOf('ctx.site').map((m) => m.path)).toEqual(['ctx.site.report']);
  });
});
