import type { SandboxLimits } from './types';

const KIB = 1024;
const MIB = 1024 * KIB;

export const DEFAULT_LIMITS: Readonly<SandboxLimits> = Object.freeze({
  memoryMb: 64,
  cpuMs: 30_000,
  wallMs: 300_000,
  logLines: 1_000,
  logLineBytes: 4 * KIB,
  logBytes: 256 * KIB,
  resultBytes: 64 * KIB,
  hostCalls: 10_000,
  hostCallsInFlight: 32,
  argBytes: 1 * MIB,
});

/**
 * Bounds keep a misconfigured site from disarming a limit (or from making the sandbox process
 * itself run out of memory). isolated-vm refuses isolates under 8 MiB.
 */
export const LIMIT_BOUNDS: Readonly<Record<keyof SandboxLimits, readonly [number, number]>> =
  Object.freeze({
    memoryMb: [8, 4096],
    cpuMs: [10, 24 * 3_600_000],
    wallMs: [10, 24 * 3_600_000],
    logLines: [0, 100_000],
    logLineBytes: [64, 1 * MIB],
    logBytes: [0, 64 * MIB],
    resultBytes: [16, 64 * MIB],
    hostCalls: [0, 10_000_000],
    hostCallsInFlight: [1, 10_000],
    argBytes: [16, 64 * MIB],
  });

/** Largest script body accepted, in UTF-16 code units; bigger ones are not even compiled. */
export const MAX_CODE_LENGTH = 1 * MIB;

export const resolveLimits = (overrides: Partial<SandboxLimits> = {}): SandboxLimits => {
  const limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof SandboxLimits)[]) {
    const value = overrides[key];
    if (value === undefined) continue;
    const [min, max] = LIMIT_BOUNDS[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new RangeError(`Sandbox limit ${key} must be an integer from ${min} to ${max}`);
    }
    limits[key] = value;
  }
  for (const key of Object.keys(overrides)) {
    if (!(key in DEFAULT_LIMITS)) throw new RangeError(`Unknown sandbox limit ${key}`);
  }
  return limits;
};
