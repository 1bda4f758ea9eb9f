import ivm from 'isolated-vm';
import { SCRIPT_FILENAME } from '../protocol';
import type { CompileResult, SandboxError } from '../types';
import { compileFailure } from './errors';
import { guestCheckBody } from './guest-bootstrap';

/**
 * The header sits on a line of its own and the script is compiled with a line offset of -1, so
 * line 1 of the body is line 1 in every position V8 reports, and columns need no correction.
 */
const wrap = (code: string) => `(async function (ctx, console) {\n${code}\n})`;

const CHECK_BODY_SOURCE = `return (${guestCheckBody.toString()})($0);`;
const CHECK_TIMEOUT_MS = 5_000;
/** Syntax checks run in an isolate of their own, which needs no more than this. */
const CHECK_MEMORY_MB = 64;

/**
 * Compiles a script body in `context` without running any of it. On success the returned Script
 * evaluates to the script's function and nothing else.
 */
export const compileBody = async (
  isolate: ivm.Isolate,
  context: ivm.Context,
  code: string,
  timeout: number
): Promise<{ script: ivm.Script } | { error: SandboxError }> => {
  let script: ivm.Script;
  try {
    script = await isolate.compileScript(wrap(code), {
      filename: SCRIPT_FILENAME,
      lineOffset: -1,
    });
  } catch (error) {
    if (isolate.isDisposed) throw error;
    return { error: compileFailure(code, error) };
  }
  const problem: unknown = await context.evalClosure(CHECK_BODY_SOURCE, [code], {
    timeout: Math.min(timeout, CHECK_TIMEOUT_MS),
    result: { copy: true },
  });
  if (problem !== '') {
    script.release();
    return {
      error: {
        name: 'SyntaxError',
        message: `The script closes its own function body early (${String(problem)})`,
      },
    };
  }
  return { script };
};

export const checkSyntax = async (code: string): Promise<CompileResult> => {
  const isolate = new ivm.Isolate({ memoryLimit: CHECK_MEMORY_MB });
  try {
    const context = await isolate.createContext();
    const outcome = await compileBody(isolate, context, code, CHECK_TIMEOUT_MS);
    if ('script' in outcome) return { ok: true };
    const { message, line, column } = outcome.error;
    return line === undefined ? { ok: false, message } : { ok: false, message, line, column };
  } catch (error) {
    return {
      ok: false,
      message: `The script could not be checked: ${error instanceof Error ? error.message : String(error)}`,
    };
  } finally {
    if (!isolate.isDisposed) isolate.dispose();
  }
};
