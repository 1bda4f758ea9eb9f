import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';

import { CTX_MEMBERS, childrenOf, memberName, type CtxMember } from './ctxApi';

/** `ctx.entries.co` at the end of the text: the object path and the partial member name. */
const MEMBER_ACCESS = /(?:^|[^\w$.])((?:ctx|console)(?:\.[A-Za-z_$][\w$]*)*)\.([\w$]*)$/;
/** An identifier being typed at the end of the text (not after a dot). */
const BARE_WORD = /(?:^|[^\w$.])([A-Za-z_$][\w$]*)$/;

const ROOTS = CTX_MEMBERS.filter((member) => !member.path.includes('.'));

export interface CtxMatch {
  /** How many characters before the cursor the completion replaces. */
  prefixLength: number;
  members: CtxMember[];
}

/**
 * What to offer for the text before the cursor (one line is enough): the members of `ctx…` or
 * `console` after a dot, or the roots while a bare word is typed. Null when nothing applies.
 * `explicit` (Ctrl-Space) offers the roots even before anything is typed.
 */
export const matchCtx = (before: string, explicit = false): CtxMatch | null => {
  const access = MEMBER_ACCESS.exec(before);
  if (access) {
    const members = childrenOf(access[1]);
    return members.length > 0 ? { prefixLength: access[2].length, members } : null;
  }
  const word = BARE_WORD.exec(before);
  if (word) {
    const typed = word[1];
    const members = ROOTS.filter((root) => root.path.startsWith(typed) && root.path !== typed);
    return members.length > 0 ? { prefixLength: typed.length, members } : null;
  }
  if (explicit && !/[\w$.]$/.test(before)) return { prefixLength: 0, members: [...ROOTS] };
  return null;
};

const TYPE_OF: Record<CtxMember['kind'], string> = {
  namespace: 'namespace',
  function: 'method',
  property: 'property',
};

/** A CodeMirror completion for one member. */
export const toCompletion = (member: CtxMember): Completion => ({
  label: memberName(member),
  type: TYPE_OF[member.kind],
  detail:
    member.kind === 'function'
      ? `${member.signature ?? '()'}${member.returns ? ` → ${member.returns}` : ''}`
      : member.returns,
  info: member.doc,
  // Calls first, then data, then namespaces, among equally good matches.
  boost: member.kind === 'function' ? 2 : member.kind === 'property' ? 1 : 0,
});

/** The completion source for the editor: `ctx.`, `ctx.entries.`, `console.` and the roots. */
export const ctxCompletionSource = (context: CompletionContext): CompletionResult | null => {
  const line = context.state.doc.lineAt(context.pos);
  const before = context.state.sliceDoc(line.from, context.pos);
  const match = matchCtx(before, context.explicit);
  if (!match) return null;
  return {
    from: context.pos - match.prefixLength,
    options: match.members.map(toCompletion),
    validFor: /^[\w$]*$/,
  };
};
