import type { SandboxOptions } from './types';

export type Settings = Required<Omit<SandboxOptions, 'childFile' | 'logger'>>;

const DEFAULTS: Settings = {
  idleMs: 60_000,
  heartbeatMs: 1_000,
  heartbeatTimeoutMs: 5_000,
  wallGraceMs: 3_000,
  startTimeoutMs: 15_000,
  niceness: 10,
};

export const resolveSettings = (options: SandboxOptions): Settings => {
  const settings = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS) as (keyof Settings)[]) {
    const value = options[key];
    if (value === undefined) continue;
    const min = key === 'niceness' ? 0 : 1;
    const max = key === 'niceness' ? 19 : 2 ** 31 - 1;
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new RangeError(`Sandbox option ${key} must be an integer from ${min} to ${max}`);
    }
    settings[key] = value;
  }
  return settings;
};
