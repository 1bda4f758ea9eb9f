/**
 * A task's params, edited as JSON text: parsing with a reason the field can show, and printing.
 * Pure: no React, no Strapi.
 */

export type ParamsError =
  | { kind: 'syntax'; message: string; line: number | null; column: number | null }
  | { kind: 'not-object'; type: 'array' | 'null' | 'string' | 'number' | 'boolean' };

export type ParamsResult =
  { ok: true; value: Record<string, unknown> } | { ok: false; error: ParamsError };

/** Line and column (1-based) of a character offset in a text. */
export const lineAndColumn = (text: string, position: number) => {
  const before = text.slice(0, Math.max(0, Math.min(position, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
};

/**
 * The offset where a JSON text stops being valid, found by walking it (browsers word and place
 * JSON.parse errors differently, and some messages give no position at all). -1 when valid.
 */
export const jsonErrorOffset = (text: string): number => {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i += 1;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string) => {
    for (const char of word) {
      if (text[i] !== char) fail();
      i += 1;
    }
  };
  const string = () => {
    i += 1;
    while (i < text.length && text[i] !== '"') {
      const code = text.charCodeAt(i);
      if (code < 0x20) fail();
      if (text[i] === '\\') {
        i += 1;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? '')) fail();
      }
      i += 1;
    }
    if (text[i] !== '"') fail();
    i += 1;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) fail();
    i += (match as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    ws();
    const char = text[i];
    if (char === '{') {
      i += 1;
      ws();
      if (text[i] === '}') {
        i += 1;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i += 1;
        value();
        ws();
        if (text[i] === ',') {
          i += 1;
          continue;
        }
        if (text[i] !== '}') fail();
        i += 1;
        return;
      }
    }
    if (char === '[') {
      i += 1;
      ws();
      if (text[i] === ']') {
        i += 1;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i += 1;
          continue;
        }
        if (text[i] !== ']') fail();
        i += 1;
        return;
      }
    }
    if (char === '"') return string();
    if (char === 't') return literal('true');
    if (char === 'f') return literal('false');
    if (char === 'n') return literal('null');
    return number();
  };
  try {
    value();
    ws();
    return i < text.length ? i : -1;
  } catch (offset) {
    return typeof offset === 'number' ? offset : 0;
  }
};

const errorPosition = (text: string) => {
  const offset = jsonErrorOffset(text);
  return offset < 0 ? { line: null, column: null } : lineAndColumn(text, offset);
};

const typeName = (value: unknown): Extract<ParamsError, { kind: 'not-object' }>['type'] => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as 'string' | 'number' | 'boolean';
};

/**
 * Params text → a JSON object. Blank text is `{}`. Anything else must parse as JSON and be an
 * object (not an array, null, or a bare value), as the server requires.
 */
export const parseParams = (text: string): ParamsResult => {
  if (text.trim() === '') return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error))
      .replace(/\s*\(line \d+ column \d+\)$/, '')
      .replace(/\s*in JSON at position \d+$/, '');
    return { ok: false, error: { kind: 'syntax', message, ...errorPosition(text) } };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: { kind: 'not-object', type: typeName(value) } };
  }
  return { ok: true, value: value as Record<string, unknown> };
};

/** Params as the editor shows them: pretty JSON, `{}` for none. */
export const formatParams = (params: unknown): string => {
  if (params === null || params === undefined) return '{}';
  if (typeof params === 'object' && !Array.isArray(params) && Object.keys(params).length === 0) {
    return '{}';
  }
  return JSON.stringify(params, null, 2);
};
