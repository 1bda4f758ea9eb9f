/**
 * The rules a lease's holder lives by (services/lease-rules.ts): how often it renews, how long it
 * waits for the database, how long others wait before taking a task over after an outage, and
 * what happens to a finished run's record that the database does not take.
 */
import {
  executionBoundMs,
  leaseHolderAlive,
  fenceAfterMs,
  leaseTimings,
  nextStoreStep,
  type StoreState,
} from '../../../server/src/services/lease-rules';

const timings = leaseTimings(15_000);

const failed = (overrides: Partial<StoreState> = {}): StoreState => ({
  attempt: 'failed',
  lease: 'unknown',
  failures: 1,
  refusals: 0,
  closing: false,
  ...overrides,
});

test('Given a lease, When its timings are derived, Then the holder renews three times per lease and retries a failed renewal within a second', () => {
  expect(timings.renewEveryMs).toBe(5000);
  expect(timings.renewRetryMs).toBe(1000);
  expect(timings.renewCallMs).toBeLessThanOrEqual(timings.renewEveryMs);
});

test('Given a lease, When its timings are derived, Then a holder back from an outage renews well inside the grace others give it before a take-over', () => {
  for (const leaseMs of [1000, 2000, 15_000, 60_000, 600_000]) {
    const derived = leaseTimings(leaseMs);
    expect(derived.renewRetryMs * 2).toBeLessThanOrEqual(derived.takeoverGraceMs);
  }
});

test('Given a short lease, When its timings are derived, Then a database call is still waited for at least five seconds', () => {
  expect(leaseTimings(2000).callMs).toBe(5000);
  expect(leaseTimings(60_000).callMs).toBe(60_000);
});

test('Given a run about to start, When the database fails its first steps, Then they are tried again for longer than a lease before its slot is given up', () => {
  for (const leaseMs of [2000, 15_000, 60_000]) {
    expect(leaseTimings(leaseMs).startWithinMs).toBeGreaterThan(leaseMs);
  }
});

test('Given a wall-time limit and the restarts the sandbox may make, When the execution bound is derived, Then every start of the run gets its full limit plus a lease period of grace', () => {
  expect(executionBoundMs(300_000, 60_000, 0)).toBe(360_000);
  expect(executionBoundMs(300_000, 60_000, 2)).toBe(3 * 360_000);
});

test('Given a short lease, When the execution bound is derived, Then the grace per start is still five seconds', () => {
  expect(executionBoundMs(10, 2000, 2)).toBe(3 * 5010);
});

test('Given a record the database stored, When the next step is decided, Then it is done', () => {
  expect(nextStoreStep({ ...failed(), attempt: 'stored' }, timings)).toEqual({ action: 'done' });
});

test('Given a record whose run was recorded interrupted by whoever took the task over, When the next step is decided, Then it is done', () => {
  expect(nextStoreStep({ ...failed(), attempt: 'taken' }, timings)).toEqual({ action: 'done' });
});

test('Given the database away and the lease not known lost, When the next step is decided, Then the record is kept and tried again', () => {
  expect(nextStoreStep(failed(), timings)).toEqual({ action: 'retry', delayMs: 1000 });
});

test('Given the database away for many attempts, When the next step is decided, Then the record is still kept, tried again at most every renewal period', () => {
  const step = nextStoreStep(failed({ failures: 30 }), timings);
  expect(step).toEqual({ action: 'retry', delayMs: timings.renewEveryMs });
});

test('Given a renewal that found the lease taken over, When the next step is decided, Then the holder gives up: the run is the new holder’s to record', () => {
  expect(nextStoreStep(failed({ lease: 'lost' }), timings)).toEqual({
    action: 'give-up',
    reason: 'lost',
  });
});

test('Given the plugin shutting down, When the database does not take the record, Then the holder gives up and leaves the lease to expire', () => {
  expect(nextStoreStep(failed({ closing: true }), timings)).toEqual({
    action: 'give-up',
    reason: 'closing',
  });
});

test('Given the database renewing the lease yet refusing the record twice, When the next step is decided, Then a smaller record saying why is stored instead', () => {
  const once = nextStoreStep(failed({ lease: 'held', refusals: 1 }), timings);
  expect(once.action).toBe('retry');
  const twice = nextStoreStep(failed({ lease: 'held', failures: 2, refusals: 2 }), timings);
  expect(twice).toEqual({ action: 'fallback' });
});

describe('whether a lease holder is alive (unlock)', () => {
  const NOW = 1_000_000;

  test('Given a lease that expires later, Then its holder is alive', () => {
    expect(leaseHolderAlive(NOW + 1, NOW)).toBe(true);
  });

  test('Given a lease that expires now, Then its holder is still alive (a take-over needs it past)', () => {
    expect(leaseHolderAlive(NOW, NOW)).toBe(true);
  });

  test('Given a lease that expired, Then its holder stopped renewing', () => {
    expect(leaseHolderAlive(NOW - 1, NOW)).toBe(false);
  });

  test('Given no expiry, Then nobody holds it alive', () => {
    expect(leaseHolderAlive(null, NOW)).toBe(false);
  });
});

describe('the fence of a run under a lease', () => {
  test('Given leases of 6 s and more, when the fence is computed, then it ends before the two thirds of the lease a frozen holder still has', () => {
    for (const leaseMs of [6000, 15_000, 60_000, 600_000]) {
      const { renewEveryMs } = leaseTimings(leaseMs);
      expect(fenceAfterMs(leaseMs)).toBeLessThan(leaseMs - renewEveryMs);
    }
  });

  test('Given a short lease, when the fence is computed, then it stays above three of the parent’s one-second pings', () => {
    expect(fenceAfterMs(2000)).toBe(3000);
    expect(fenceAfterMs(5000)).toBe(3000);
  });
});
