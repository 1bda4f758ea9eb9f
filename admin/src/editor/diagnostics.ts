/**
 * Server syntax errors → editor diagnostics. The server compiles a body as
 * `(async function (ctx, console) {\n<body>\n})` with a line offset, so the line and column it
 * reports (both from 1) are those of the body as typed; an error past the last line (an unclosed
 * brace) is already moved to the end of the body by the server.
 */
import { apiDetails } from '../api/errors';

export interface BodyError {
  message: string;
  line?: number;
  column?: number;
}

export interface TextDiagnostic {
  from: number;
  to: number;
  severity: 'error' | 'warning';
  message: string;
  source?: string;
}

interface DetailEntry {
  path?: unknown;
  message?: unknown;
  name?: unknown;
  line?: unknown;
  column?: unknown;
}

const LOCATION_SUFFIX = /\s*\(line \d+, column \d+\)$/;

const errorDetails = (error: unknown): DetailEntry[] => {
  const entries = apiDetails(error)?.errors;
  return Array.isArray(entries) ? (entries as DetailEntry[]) : [];
};

/**
 * The error on `body` in a failed save or validate call (a 400), or null when the body is not
 * what was refused. The "(line x, column y)" the server adds to its message is dropped: the
 * diagnostic sits on that spot.
 */
export const bodyErrorFrom = (error: unknown): BodyError | null => {
  const entry = errorDetails(error).find(
    (candidate) =>
      Array.isArray(candidate.path) && candidate.path.length === 1 && candidate.path[0] === 'body'
  );
  if (!entry) return null;
  const message = String(entry.message ?? '').replace(LOCATION_SUFFIX, '') || 'Syntax error';
  const line = typeof entry.line === 'number' && entry.line >= 1 ? entry.line : undefined;
  const column = typeof entry.column === 'number' && entry.column >= 1 ? entry.column : undefined;
  return { message, ...(line ? { line } : {}), ...(column ? { column } : {}) };
};

/** The offset where each line of `text` starts. */
const lineStarts = (text: string): number[] => {
  const starts = [0];
  for (let i = 0; i < text.length; i += 1) if (text[i] === '\n') starts.push(i + 1);
  return starts;
};

/**
 * The range a body error covers in `text`: from its column to the end of the token there (at
 * least one character when the line has one), on its line. An error without a line covers the
 * first line. Positions past the end of a line or of the text are clamped.
 */
export const diagnosticFor = (text: string, error: BodyError): TextDiagnostic => {
  const starts = lineStarts(text);
  const lineIndex = Math.min(Math.max((error.line ?? 1) - 1, 0), starts.length - 1);
  const lineFrom = starts[lineIndex];
  const lineTo = lineIndex + 1 < starts.length ? starts[lineIndex + 1] - 1 : text.length;
  if (error.line === undefined) {
    return { from: lineFrom, to: lineTo, severity: 'error', message: error.message };
  }
  const from = Math.min(lineFrom + Math.max((error.column ?? 1) - 1, 0), lineTo);
  let to = from;
  const word = /^[\w$]+/.exec(text.slice(from, lineTo));
  if (word) to = from + word[0].length;
  else if (from < lineTo) to = from + 1;
  else if (from > lineFrom) {
    // At the end of the line (an unclosed block): mark the line's last character.
    return { from: from - 1, to: from, severity: 'error', message: error.message };
  }
  return { from, to, severity: 'error', message: error.message };
};
