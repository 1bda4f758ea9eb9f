/*
 * Guest-side code. These functions are turned into source text with Function.prototype.toString
 * and evaluated inside a run's isolate, so they may use nothing but their parameters and the
 * guest's own built-ins: no imports, no helpers from this module, no closures over host values.
 *
 * The bootstrap runs before any script code and captures every built-in it needs later, so a
 * script that replaces JSON, String.prototype.slice, Promise or the like only breaks its own
 * run. Its checks are a fast path: the sandbox process checks every host call and log entry again.
 * Strict mode hides these functions from CallSite#getFunction / #getThis. One file, longer than
 * most: each function here must stand alone in its source text, so none can be shared or moved
 * to a helper module.
 */

export interface GuestDescription {
  data: Record<string, unknown>;
  methods: string[];
  limits: {
    logLines: number;
    logLineBytes: number;
    logBytes: number;
    resultBytes: number;
    hostCalls: number;
    hostCallsInFlight: number;
    argBytes: number;
  };
  /** Texts of host-call refusals, made by the sandbox process so both sides say the same. */
  refusals: { budget: string; inFlight: string; argBytes: string; ended: string };
}

export type GuestFinishKind = 'value' | 'undefined' | 'error';

export interface GuestControl {
  run(script: (ctx: unknown, console: unknown) => Promise<unknown>): void;
  settle(callId: number, ok: boolean, payload: string | undefined, name: string): void;
}

export function guestBootstrap(
  send: (callId: number, method: string, argsJson: string) => string,
  emit: (level: string, message: string, clipped: boolean) => void,
  noteDropped: (dropped: number) => void,
  finish: (kind: GuestFinishKind, a: string, b: string, c: string, dropped: number) => void,
  report: (done: number, total: number | null, message: string | null) => void,
  describeJson: string
): GuestControl {
  'use strict';
  const global = globalThis as unknown as Record<string, unknown>;
  for (const name of ['WebAssembly', 'SharedArrayBuffer', 'Atomics', 'console']) {
    delete global[name];
  }

  const parse = JSON.parse;
  const stringify = JSON.stringify;
  const ObjectCreate = Object.create;
  const ObjectFreeze = Object.freeze;
  const ObjectKeys = Object.keys;
  const ObjectDefineProperty = Object.defineProperty;
  const ReflectApply = Reflect.apply;
  const StringCtor = String;
  const ErrorCtor = Error;
  const TypeErrorCtor = TypeError;
  const RangeErrorCtor = RangeError;
  const PromiseCtor = Promise;
  const DateNow = Date.now;
  const charCodeAt = String.prototype.charCodeAt;
  const stringSlice = String.prototype.slice;
  const stringSplit = String.prototype.split;

  const description = parse(describeJson) as GuestDescription;
  const limits = description.limits;
  const refusals = description.refusals;

  const slice = (text: string, start: number, end: number): string =>
    ReflectApply(stringSlice, text, [start, end]);

  /** Index at which `text` must be cut to fit in `maxBytes` of UTF-8, or -1 when it fits. */
  const cutIndex = (text: string, maxBytes: number): number => {
    if (text.length * 3 <= maxBytes) return -1;
    let bytes = 0;
    for (let i = 0; i < text.length; i += 1) {
      const code: number = ReflectApply(charCodeAt, text, [i]);
      let size = code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
      let width = 1;
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
        const next: number = ReflectApply(charCodeAt, text, [i + 1]);
        if (next >= 0xdc00 && next <= 0xdfff) {
          size = 4;
          width = 2;
        }
      }
      if (bytes + size > maxBytes) return i;
      bytes += size;
      i += width - 1;
    }
    return -1;
  };

  const utf8Length = (text: string): number => {
    let bytes = 0;
    for (let i = 0; i < text.length; i += 1) {
      const code: number = ReflectApply(charCodeAt, text, [i]);
      if (code < 0x80) bytes += 1;
      else if (code < 0x800) bytes += 2;
      else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
        const next: number = ReflectApply(charCodeAt, text, [i + 1]);
        if (next >= 0xdc00 && next <= 0xdfff) {
          bytes += 4;
          i += 1;
        } else bytes += 3;
      } else bytes += 3;
    }
    return bytes;
  };

  const clip = (text: string, maxLength: number): string =>
    text.length > maxLength ? slice(text, 0, maxLength) : text;

  const isObjectLike = (value: unknown): value is Record<string, unknown> =>
    value !== null && (typeof value === 'object' || typeof value === 'function');

  const safeString = (value: unknown): string => {
    try {
      return StringCtor(value);
    } catch {
      return '[unprintable]';
    }
  };

  const nameOf = (error: unknown): string => {
    if (!isObjectLike(error)) return 'Error';
    try {
      const name = error.name;
      if (typeof name === 'string' && name !== '') return clip(name, 200);
    } catch {
      // A throwing getter leaves the default name.
    }
    return 'Error';
  };

  const messageOf = (error: unknown): string => {
    if (isObjectLike(error)) {
      try {
        const message = error.message;
        if (typeof message === 'string') return clip(message, 8192);
      } catch {
        // Fall through to other renderings.
      }
      try {
        const json = stringify(error);
        if (typeof json === 'string') return clip(json, 8192);
      } catch {
        // Fall through.
      }
    }
    return clip(safeString(error), 8192);
  };

  const stackOf = (error: unknown): string => {
    if (!isObjectLike(error)) return '';
    try {
      const stack = error.stack;
      if (typeof stack === 'string') return clip(stack, 32768);
    } catch {
      // No stack then.
    }
    return '';
  };

  const deepFreeze = <T>(value: T): T => {
    if (isObjectLike(value)) {
      const keys = ObjectKeys(value);
      for (let i = 0; i < keys.length; i += 1) deepFreeze(value[keys[i]]);
      ObjectFreeze(value);
    }
    return value;
  };

  // ---- run state -------------------------------------------------------------------------
  let ended = false;
  let hostCalls = 0;
  let inFlight = 0;
  let nextCallId = 0;
  let logLines = 0;
  let logBytes = 0;
  let dropped = 0;
  let lastDropNote = -Infinity;
  type Settle = (ok: boolean, payload: string | undefined, name: string) => void;
  const pending = ObjectCreate(null) as Record<number, Settle>;

  const refuse = (method: string, text: string): Error =>
    new ErrorCtor('ctx.' + method + ': ' + text);

  // No `await` here: awaiting consults Promise.prototype.constructor and .then, which the script
  // may have replaced. The promise is settled directly by the host's reply.
  const awaitReply = (callId: number): Promise<unknown> =>
    new PromiseCtor((resolve, reject) => {
      pending[callId] = (ok, payload, name) => {
        if (!ok) {
          const error = new ErrorCtor(payload);
          ObjectDefineProperty(error, 'name', { value: name, writable: true, configurable: true });
          reject(error);
          return;
        }
        try {
          resolve(payload === undefined ? undefined : parse(payload));
        } catch (error) {
          reject(error);
        }
      };
    });

  /**
   * Refusals throw synchronously rather than reject: a script that starts 100k calls at once
   * would otherwise leave 100k rejected promises, and isolated-vm's bookkeeping of rejections
   * handled late is quadratic. A failure of the host operation itself rejects.
   */
  const callHost = (method: string, args: unknown[]): Promise<unknown> => {
    if (ended) throw refuse(method, refusals.ended);
    let json: string;
    try {
      json = stringify(args);
    } catch (error) {
      throw new TypeErrorCtor(
        'ctx.' + method + ': arguments are not JSON-serialisable (' + messageOf(error) + ')'
      );
    }
    if (cutIndex(json, limits.argBytes) !== -1) {
      throw new RangeErrorCtor('ctx.' + method + ': ' + refusals.argBytes);
    }
    if (hostCalls >= limits.hostCalls) throw refuse(method, refusals.budget);
    if (inFlight >= limits.hostCallsInFlight) throw refuse(method, refusals.inFlight);
    nextCallId += 1;
    const callId = nextCallId;
    const refusal = send(callId, method, json);
    if (refusal !== '') throw new ErrorCtor(refusal);
    hostCalls += 1;
    inFlight += 1;
    return awaitReply(callId);
  };

  const settle = (callId: number, ok: boolean, payload: string | undefined, name: string) => {
    const handle = pending[callId];
    if (handle === undefined) return;
    delete pending[callId];
    inFlight -= 1;
    handle(ok, payload, name);
  };

  // ---- console ---------------------------------------------------------------------------
  const formatArg = (value: unknown): string => {
    if (typeof value === 'string') return value;
    if (!isObjectLike(value)) return safeString(value);
    if (typeof value === 'function') return '[function]';
    if (value instanceof ErrorCtor) {
      const stack = stackOf(value);
      return stack !== '' ? stack : nameOf(value) + ': ' + messageOf(value);
    }
    try {
      const json = stringify(value);
      if (typeof json === 'string') return json;
    } catch {
      // Cycles, BigInt: fall back to String().
    }
    return safeString(value);
  };

  const drop = () => {
    dropped += 1;
    const now = DateNow();
    if (now - lastDropNote >= 100) {
      lastDropNote = now;
      noteDropped(dropped);
    }
  };

  const write = (level: string, args: unknown[]) => {
    if (ended) return;
    if (logLines >= limits.logLines || logBytes >= limits.logBytes) {
      drop();
      return;
    }
    let message = '';
    let clipped = false;
    for (let i = 0; i < args.length; i += 1) {
      message = i === 0 ? formatArg(args[i]) : message + ' ' + formatArg(args[i]);
      if (message.length > limits.logLineBytes && i < args.length - 1) {
        clipped = true;
        break;
      }
    }
    const cut = cutIndex(message, limits.logLineBytes);
    if (cut !== -1) {
      message = slice(message, 0, cut);
      clipped = true;
    }
    const size = utf8Length(message);
    if (logBytes + size > limits.logBytes) {
      drop();
      return;
    }
    logLines += 1;
    logBytes += size;
    emit(level, message, clipped);
  };

  const guestConsole = ObjectCreate(null) as Record<string, (...args: unknown[]) => void>;
  const levels = ['log', 'info', 'warn', 'error', 'debug'];
  for (let i = 0; i < levels.length; i += 1) {
    const level = levels[i];
    const method = (...args: unknown[]) => {
      write(level, args);
    };
    ObjectDefineProperty(method, 'name', { value: level });
    guestConsole[level] = method;
  }
  deepFreeze(guestConsole);

  // ---- ctx -------------------------------------------------------------------------------
  const ctx = ObjectCreate(null) as Record<string, unknown>;
  const data = description.data;
  const dataKeys = ObjectKeys(data);
  for (let i = 0; i < dataKeys.length; i += 1) {
    ObjectDefineProperty(ctx, dataKeys[i], { value: data[dataKeys[i]], enumerable: true });
  }
  const methods = description.methods;
  for (let i = 0; i < methods.length; i += 1) {
    const path = methods[i];
    const segments: string[] = ReflectApply(stringSplit, path, ['.']);
    let node = ctx;
    for (let j = 0; j < segments.length - 1; j += 1) {
      if (node[segments[j]] === undefined) {
        ObjectDefineProperty(node, segments[j], { value: ObjectCreate(null), enumerable: true });
      }
      node = node[segments[j]] as Record<string, unknown>;
    }
    // Not an async function: an async wrapper would adopt awaitReply's promise by calling its
    // `then`, and Promise.prototype.then is the script's to replace.
    const method = (...args: unknown[]) => callHost(path, args);
    ObjectDefineProperty(method, 'name', { value: segments[segments.length - 1] });
    ObjectDefineProperty(node, segments[segments.length - 1], { value: method, enumerable: true });
  }
  // ctx.log is console.log by another name, for scripts that only look at ctx; a data key or a
  // host method called `log` takes precedence.
  if (ctx.log === undefined) {
    ObjectDefineProperty(ctx, 'log', { value: guestConsole.log, enumerable: true });
  }
  // ctx.progress(done, total?, message?): how far the script has got, shown while it runs. The
  // arguments are checked here so that a mistake is a clear error at the call; only the latest
  // report is kept, so it may be called as often as the script likes (no host call is spent).
  if (ctx.progress === undefined) {
    const count = (value: unknown): value is number =>
      typeof value === 'number' && value === value && value >= 0 && value !== 1 / 0;
    const progress = (done?: unknown, total?: unknown, message?: unknown) => {
      if (!count(done)) {
        throw new TypeErrorCtor(
          'ctx.progress: done must be a finite number, 0 or more (got ' + formatArg(done) + ')'
        );
      }
      const hasTotal = total !== undefined && total !== null;
      if (hasTotal && (!count(total) || total === 0)) {
        throw new TypeErrorCtor(
          'ctx.progress: total must be a finite number above 0, or left out (got ' +
            formatArg(total) +
            ')'
        );
      }
      if (hasTotal && done > (total as number)) {
        throw new RangeErrorCtor(
          'ctx.progress: done (' + done + ') must not be more than total (' + total + ')'
        );
      }
      const hasMessage = message !== undefined && message !== null;
      if (hasMessage && typeof message !== 'string') {
        throw new TypeErrorCtor('ctx.progress: message must be a string, or left out');
      }
      if (ended) return;
      report(
        done,
        hasTotal ? (total as number) : null,
        hasMessage ? clip(message as string, 200) : null
      );
    };
    ObjectDefineProperty(progress, 'name', { value: 'progress' });
    ObjectDefineProperty(ctx, 'progress', { value: progress, enumerable: true });
  }
  deepFreeze(ctx);
  global.console = guestConsole;

  // ---- ending ----------------------------------------------------------------------------
  const fail = (name: string, message: string, stack: string) => {
    finish('error', name, message, stack, dropped);
  };

  const end = (ok: boolean, value: unknown) => {
    if (ended) return;
    ended = true;
    try {
      if (!ok) {
        fail(nameOf(value), messageOf(value), stackOf(value));
        return;
      }
      if (value === undefined) {
        finish('undefined', '', '', '', dropped);
        return;
      }
      let json: string | undefined;
      try {
        json = stringify(value);
      } catch (error) {
        fail('TypeError', 'The return value is not JSON-serialisable: ' + messageOf(error), '');
        return;
      }
      if (typeof json !== 'string') {
        fail('TypeError', 'The return value is not JSON-serialisable (' + typeof value + ')', '');
        return;
      }
      if (cutIndex(json, limits.resultBytes) !== -1) {
        fail(
          'RangeError',
          'The return value is larger than ' +
            limits.resultBytes +
            ' bytes as JSON (resultBytes limit)',
          ''
        );
        return;
      }
      finish('value', json, '', '', dropped);
    } catch (error) {
      fail('Error', 'The run could not be reported: ' + messageOf(error), '');
    }
  };

  const run = (script: (ctx: unknown, console: unknown) => Promise<unknown>) => {
    void (async () => {
      let value: unknown;
      try {
        value = await ReflectApply(script, undefined, [ctx, guestConsole]);
      } catch (error) {
        end(false, error);
        return;
      }
      end(true, value);
    })();
  };

  return ObjectFreeze({ run, settle });
}

/**
 * Parses the script body on its own, as the Function constructor does: a body that closes the
 * wrapper early (`}); evil(); (function () {`) compiles inside the wrapper but not alone, and
 * must be refused before the wrapper is evaluated. Runs in a context no script has touched.
 */
export function guestCheckBody(body: string): string {
  'use strict';
  const AsyncFunction = (async () => {}).constructor as FunctionConstructor;
  try {
    new AsyncFunction('ctx', 'console', body);
    return '';
  } catch (error) {
    return String((error as Error).message);
  }
}
