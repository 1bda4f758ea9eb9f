import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';

import type { ReachableContentType } from '../../../server/src/contracts';
import { CTX_MEMBERS } from './ctxApi';

/** The ctx calls whose first argument is a content-type uid: their signature says so. */
export const UID_CALLS: readonly string[] = CTX_MEMBERS.filter(
  (member) => member.kind === 'function' && member.signature?.startsWith('(uid')
).map((member) => member.path);

/** `ctx.entries.find('api::ar` at the end of the text: the call and the uid typed in its quote. */
const FIRST_STRING_ARGUMENT = /(?:^|[^\w$.])(ctx(?:\.[A-Za-z_$][\w$]*)+)\(\s*(['"`])([\w:.-]*)$/;

export interface UidMatch {
  /** How many characters before the cursor the completion replaces (the uid typed so far). */
  prefixLength: number;
  types: ReachableContentType[];
}

/**
 * What to offer for the text before the cursor: the content types a script may reach, when the
 * cursor is inside the opening string of a call that takes a uid first. Null otherwise.
 */
export const matchUid = (
  before: string,
  types: readonly ReachableContentType[]
): UidMatch | null => {
  const call = FIRST_STRING_ARGUMENT.exec(before);
  if (!call || !UID_CALLS.includes(call[1]) || types.length === 0) return null;
  const typed = call[3];
  return {
    prefixLength: typed.length,
    types: types.filter((type) => type.uid.startsWith(typed) && type.uid !== typed),
  };
};

/** A CodeMirror completion for one content type: its uid, with its name beside it. */
export const toUidCompletion = (type: ReachableContentType): Completion => ({
  label: type.uid,
  type: 'constant',
  detail: type.displayName,
  // Single types are named apart: most maintenance calls are about collections.
  info: type.kind === 'singleType' ? 'single type' : undefined,
});

/**
 * The completion source for uids, reading the content types when asked (they arrive from the
 * server after the editor is made). It runs inside strings, where the ctx source does not.
 */
export const uidCompletionSource =
  (types: () => readonly ReachableContentType[]) =>
  (context: CompletionContext): CompletionResult | null => {
    const line = context.state.doc.lineAt(context.pos);
    const match = matchUid(context.state.sliceDoc(line.from, context.pos), types());
    if (!match || match.types.length === 0) return null;
    return {
      from: context.pos - match.prefixLength,
      options: match.types.map(toUidCompletion),
      validFor: /^[\w:.-]*$/,
    };
  };
