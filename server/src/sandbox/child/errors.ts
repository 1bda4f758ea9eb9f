import { SCRIPT_FILENAME } from '../protocol';
import { clipUtf8 } from '../text';
import type { SandboxError } from '../types';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const FILE = escapeRegExp(SCRIPT_FILENAME);
/** isolated-vm appends the location to a compile error's message: `… [script.js:2:9]`. */
const COMPILE_LOCATION = new RegExp(` \\[${FILE}:(\\d+):(\\d+)\\]$`);
const FRAME_LOCATION = new RegExp(`${FILE}:(\\d+):(\\d+)`);
const FRAME = /^\s+at /;

const MAX_MESSAGE_BYTES = 8 * 1024;
const MAX_STACK_BYTES = 16 * 1024;

export interface Location {
  line: number;
  column: number;
}

/**
 * The wrapper adds a closing line after the body; an error reported there (an unclosed brace)
 * belongs at the end of the body's last line.
 */
const clampToBody = (code: string, location: Location): Location => {
  const lines = code.split('\n');
  if (location.line <= lines.length) return location;
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
};

export const compileFailure = (code: string, error: unknown): SandboxError => {
  const raw = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : 'SyntaxError';
  const match = COMPILE_LOCATION.exec(raw);
  const message = clipUtf8(match ? raw.slice(0, match.index) : raw, MAX_MESSAGE_BYTES).text;
  if (!match) return { name, message };
  const reported = { line: Number(match[1]), column: Number(match[2]) };
  const location = clampToBody(code, reported);
  // Past the body, the parser met the wrapper's own closing `})`: what it names is not in the
  // script, so say what is (something opened and never closed).
  const pastBody = location.line !== reported.line;
  return {
    name,
    message: pastBody
      ? `The script ends before something it opened is closed (a bracket, brace, parenthesis, string or comment); the parser said: ${message}`
      : message,
    ...location,
  };
};

/**
 * Keeps only the frames that point into the script, so a stack never shows the bootstrap or
 * the sandbox process, and takes the error's position from the innermost of them.
 */
export const scriptError = (name: string, message: string, stack: string): SandboxError => {
  const safeName = clipUtf8(name, 200).text;
  const safeMessage = clipUtf8(message, MAX_MESSAGE_BYTES).text;
  const frames = clipUtf8(stack, MAX_STACK_BYTES)
    .text.split('\n')
    .filter((line) => FRAME.test(line) && FRAME_LOCATION.test(line))
    .map((line) => `    ${line.trim()}`);
  const result: SandboxError = { name: safeName, message: safeMessage };
  if (frames.length === 0) return result;
  result.stack = [`${safeName}: ${safeMessage}`, ...frames].join('\n');
  const location = FRAME_LOCATION.exec(frames[0]);
  if (location) {
    result.line = Number(location[1]);
    result.column = Number(location[2]);
  }
  return result;
};
