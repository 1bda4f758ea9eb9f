import type { MaintenanceConfig } from '../../../server/src/config';
import {
  checkConsistency,
  overridesOf,
  withChanges,
} from '../../../server/src/services/settings-rules';

const LIMITS = { timeLimitMs: 10_000, memoryLimitMb: 64, wallTimeLimitMs: 60_000 };
const file = {
  triggerMode: 'open',
  defaults: LIMITS,
  caps: { ...LIMITS, memoryLimitMb: 128 },
} as unknown as MaintenanceConfig;

const problemsOf = (action: () => void) => {
  try {
    action();
  } catch (error) {
    return (error as { details: { errors: Array<{ path: string[] }> } }).details.errors;
  }
  return [];
};

describe('changing the stored settings', () => {
  test('Given stored settings, When a change names a key, Then that key takes the new value', () => {
    expect(withChanges({ concurrency: 2 }, { concurrency: 4 })).toEqual({ concurrency: 4 });
  });

  test('Given a stored setting, When a change sets it to null, Then it is dropped (back to config/plugins)', () => {
    expect(withChanges({ concurrency: 2, autoRun: true }, { concurrency: null })).toEqual({
      autoRun: true,
    });
  });

  test('Given stored tokens, When the settings change, Then the tokens are kept', () => {
    const tokens = [{ id: 'a' }] as never;
    expect(withChanges({ tokens }, { autoRun: false })).toEqual({ tokens, autoRun: false });
  });
});

describe('what overrides config/plugins', () => {
  test('Given stored settings and tokens, When the overrides are taken, Then only the editable settings are', () => {
    expect(overridesOf({ concurrency: 3, tokens: [] })).toEqual({ concurrency: 3 });
  });
});

describe('settings as a whole', () => {
  test('Given defaults within the caps, When checked, Then they pass', () => {
    expect(() => checkConsistency({}, file)).not.toThrow();
  });

  test('Given a default above its cap, When checked, Then that default is named', () => {
    const next = { defaults: { ...LIMITS, memoryLimitMb: 256 } };
    expect(problemsOf(() => checkConsistency(next, file)).map((p) => p.path)).toEqual([
      ['defaults', 'memoryLimitMb'],
    ]);
  });

  test('Given token mode and no token, When checked, Then the trigger mode is named', () => {
    expect(
      problemsOf(() => checkConsistency({ triggerMode: 'token' }, file)).map((p) => p.path)
    ).toEqual([['triggerMode']]);
  });
});
