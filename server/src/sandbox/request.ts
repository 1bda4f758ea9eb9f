import { MAX_CODE_LENGTH, resolveLimits } from './limits';
import { clipUtf8 } from './text';
import type { SandboxLimits, SandboxRunRequest, SandboxRunResult } from './types';

const SEGMENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** Names that would reach or shadow prototype machinery if used as a ctx key. */
const RESERVED = new Set(['__proto__', 'prototype', 'constructor']);

export interface PreparedRun {
  code: string;
  dataJson: string;
  methods: string[];
  limits: SandboxLimits;
  fenceMs?: number;
}

const checkKey = (key: string, what: string) => {
  if (!SEGMENT.test(key) || RESERVED.has(key)) {
    throw new TypeError(`Sandbox ${what} "${key}" is not a plain identifier`);
  }
};

/**
 * Checks what the plugin (not the script author) passes in; a mistake here is a bug in the
 * caller and throws, where anything the script does becomes a run status instead.
 */
export const prepareRun = (request: SandboxRunRequest): PreparedRun => {
  if (typeof request.code !== 'string') throw new TypeError('Sandbox code must be a string');
  const limits = resolveLimits(request.limits);
  const data = request.data ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new TypeError('Sandbox data must be an object');
  }
  const taken = new Set<string>();
  for (const key of Object.keys(data)) {
    checkKey(key, 'data key');
    taken.add(key);
  }
  const methods = [...request.methods];
  const namespaces = new Set<string>();
  for (const path of methods) {
    if (typeof path !== 'string') throw new TypeError('Sandbox method paths must be strings');
    const segments = path.split('.');
    segments.forEach((segment) => checkKey(segment, 'method path segment'));
    for (let i = 1; i < segments.length; i += 1) namespaces.add(segments.slice(0, i).join('.'));
  }
  for (const path of methods) {
    if (taken.has(path) || namespaces.has(path)) {
      throw new TypeError(`Sandbox method "${path}" collides with another ctx key`);
    }
    taken.add(path);
  }
  for (const namespace of namespaces) {
    if (!namespace.includes('.') && Object.prototype.hasOwnProperty.call(data, namespace)) {
      throw new TypeError(`Sandbox method namespace "${namespace}" collides with a data key`);
    }
  }
  const dataJson = JSON.stringify(data);
  if (Buffer.byteLength(dataJson) > limits.argBytes) {
    throw new RangeError(`Sandbox data exceeds ${limits.argBytes} bytes as JSON (argBytes limit)`);
  }
  const { fenceMs } = request;
  if (fenceMs !== undefined && (!Number.isSafeInteger(fenceMs) || fenceMs <= 0)) {
    throw new TypeError('Sandbox fenceMs must be a positive integer');
  }
  return { code: request.code, dataJson, methods, limits, ...(fenceMs ? { fenceMs } : {}) };
};

export const codeTooLong = (code: string): string | undefined =>
  code.length > MAX_CODE_LENGTH
    ? `The script is longer than ${MAX_CODE_LENGTH} characters`
    : undefined;

/** The outcome of a run refused before it reached the sandbox process. */
export const refusedRun = (message: string): SandboxRunResult => ({
  status: 'failed',
  error: { name: 'RangeError', message },
  log: [],
  logTruncated: false,
  hostCalls: 0,
  cpuMs: 0,
  wallMs: 0,
  endedAt: Date.now(),
});

/** How other runs' logs name this run; see SandboxRunRequest.label. */
export const runLabel = (request: SandboxRunRequest, fallback: string): string => {
  if (request.label === undefined) return fallback;
  if (typeof request.label !== 'string') throw new TypeError('Sandbox run label must be a string');
  return clipUtf8(request.label, 200).text;
};
