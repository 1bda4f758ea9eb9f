import { CompletionContext } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';

import type { ReachableContentType } from '../../../server/src/contracts';
import { matchUid, uidCompletionSource, UID_CALLS } from '../../../admin/src/editor/uidCompletion';

const TYPES: ReachableContentType[] = [
  { uid: 'api::article.article', displayName: 'Article', kind: 'collectionType' },
  { uid: 'api::global.global', displayName: 'Global', kind: 'singleType' },
  { uid: 'plugin::upload.file', displayName: 'File', kind: 'collectionType' },
];

const uids = (before: string) => matchUid(before, TYPES)?.types.map((type) => type.uid) ?? null;

/** Completion at the `|` in `text`. */
const completeAt = (text: string, types: ReachableContentType[] = TYPES) => {
  const pos = text.indexOf('|');
  const doc = text.slice(0, pos) + text.slice(pos + 1);
  const state = EditorState.create({ doc, selection: { anchor: pos } });
  const source = uidCompletionSource(() => types);
  return { pos, result: source(new CompletionContext(state, pos, false)) };
};

describe('content-type uid completion', () => {
  test('Given the ctx API, when the uid calls are read, then they are the ctx.entries calls', () => {
    expect([...UID_CALLS].sort()).toEqual(
      [
        'ctx.entries.count',
        'ctx.entries.deleteMany',
        'ctx.entries.deleteOlderThan',
        'ctx.entries.find',
        'ctx.entries.unpublish',
      ].sort()
    );
  });

  test.each(UID_CALLS.map((call) => [call]))(
    'Given `%s(` and an opening quote, when completing, then every reachable uid is offered',
    (call) => {
      expect(uids(`const found = await ${call}('`)).toEqual(TYPES.map((type) => type.uid));
    }
  );

  test('Given part of a uid in double quotes, when completing, then the uids it starts are offered and it is replaced', () => {
    expect(uids('await ctx.entries.find("api::')).toEqual([
      'api::article.article',
      'api::global.global',
    ]);
    expect(matchUid('await ctx.entries.find("api::', TYPES)?.prefixLength).toBe(5);
  });

  test('Given a uid typed in full, when completing, then it is not offered again', () => {
    expect(uids("ctx.entries.count('plugin::upload.file")).toEqual([]);
  });

  test.each([
    ["ctx.entries.find(uid, '"],
    ["ctx.log('"],
    ["myctx.entries.find('"],
    ["ctx.entries.find('api::article.article', { sort: '"],
    ['ctx.entries.find('],
  ])('Given `%s`, when completing, then no uid is offered', (before) => {
    expect(matchUid(before, TYPES)).toBeNull();
  });

  test('Given no content types (not loaded yet), when completing, then nothing is offered', () => {
    expect(matchUid("ctx.entries.find('", [])).toBeNull();
  });

  test('Given the editor, when completing inside the quote, then the options start at the uid and show the type names', () => {
    const { pos, result } = completeAt(
      "await ctx.entries.deleteOlderThan('api::ar|', { days: 30 })"
    );

    expect(result?.from).toBe(pos - 'api::ar'.length);
    expect(result?.options).toEqual([
      expect.objectContaining({ label: 'api::article.article', detail: 'Article' }),
    ]);
  });
});
