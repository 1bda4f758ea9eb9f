import config from '../../../server/src/config';

describe('plugin config validator', () => {
  test('Given the defaults, When validated, Then they pass', () => {
    expect(() => config.validator(config.default())).not.toThrow();
  });

  test('Given an unknown time zone, When validated, Then the error names the option and an example', () => {
    expect(() => config.validator({ ...config.default(), timezone: 'Mars/Olympus' })).toThrow(
      /timezone must be an IANA time zone such as Europe\/Paris/
    );
  });

  test('Given an option the plugin does not have, When validated, Then the error names it', () => {
    expect(() => config.validator({ ...config.default(), autorun: false })).toThrow(
      /unknown option "autorun"/
    );
  });

  test('Given autoRun as a string, When validated, Then it is refused', () => {
    expect(() => config.validator({ ...config.default(), autoRun: 'yes' })).toThrow(/autoRun/);
  });

  test('Given the defaults, When read, Then an instance runs four scheduled runs at once', () => {
    expect(config.default().concurrency).toBe(4);
  });

  test('Given a concurrency of 0, When validated, Then it is refused', () => {
    expect(() => config.validator({ ...config.default(), concurrency: 0 })).toThrow(/concurrency/);
  });

  test('Given a concurrency that is not a whole number, When validated, Then it is refused', () => {
    expect(() => config.validator({ ...config.default(), concurrency: 2.5 })).toThrow(
      /concurrency/
    );
  });

  test('Given a concurrency of 1, When validated, Then it passes (one run after another)', () => {
    expect(() => config.validator({ ...config.default(), concurrency: 1 })).not.toThrow();
  });
});
