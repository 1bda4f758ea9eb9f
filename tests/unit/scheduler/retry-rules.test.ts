import {
  NO_RETRY,
  abandonsRetry,
  afterFailedRun,
  retryAfterGivingUp,
  retryDelay,
  retryPolicyOf,
} from '../../../server/src/services/retry-rules';

const NOW = Date.parse('2027-03-01T10:00:00Z');
const SLOT = Date.parse('2027-03-01T09:00:00Z');
const EARLIER = Date.parse('2027-03-01T08:00:00Z');
const policy = { retries: 2, backoffMs: 30_000, maxBackoffMs: 600_000 };

describe('the delay before a retry', () => {
  test('Given the first attempt failed, When the delay is computed, Then it is the base', () => {
    expect(retryDelay(30_000, 1, 600_000)).toBe(30_000);
  });

  test('Given later attempts failed, When the delay is computed, Then it doubles per attempt', () => {
    expect([2, 3, 4].map((attempt) => retryDelay(30_000, attempt, 600_000))).toEqual([
      60_000, 120_000, 240_000,
    ]);
  });

  test('Given many attempts failed, When the delay is computed, Then it stops at the maximum', () => {
    expect(retryDelay(30_000, 20, 600_000)).toBe(600_000);
  });

  test('Given an attempt number below one, When the delay is computed, Then it is the base, never less', () => {
    expect(retryDelay(30_000, 0, 600_000)).toBe(30_000);
  });
});

describe('the retry policy of a task', () => {
  const config = { backoffMs: 5000, maxBackoffMs: 60_000 };

  test('Given a task without its own settings, When its policy is read, Then it never retries and uses the plugin backoff', () => {
    expect(retryPolicyOf({ retries: null, retryBackoffMs: null }, config)).toEqual({
      retries: 0,
      backoffMs: 5000,
      maxBackoffMs: 60_000,
    });
  });

  test('Given a task with its own retries and backoff, When its policy is read, Then they win over the plugin defaults', () => {
    expect(retryPolicyOf({ retries: 3, retryBackoffMs: 1000 }, config)).toEqual({
      retries: 3,
      backoffMs: 1000,
      maxBackoffMs: 60_000,
    });
  });
});

describe('after a failed run', () => {
  test('Given the first attempt of the batch last slot failed with retries left, When it is decided, Then attempt 2 of that slot is due after the base delay', () => {
    expect(afterFailedRun({ slot: SLOT, attempt: 1, lastOfBatch: true }, policy, NOW)).toEqual({
      kind: 'retry',
      retry: { retryAt: NOW + 30_000, retrySlot: SLOT, retryAttempt: 2 },
    });
  });

  test('Given the second attempt failed, When it is decided, Then attempt 3 waits twice as long', () => {
    const verdict = afterFailedRun({ slot: SLOT, attempt: 2, lastOfBatch: true }, policy, NOW);
    expect(verdict).toEqual({
      kind: 'retry',
      retry: { retryAt: NOW + 60_000, retrySlot: SLOT, retryAttempt: 3 },
    });
  });

  test('Given the last attempt allowed failed, When it is decided, Then the slot has failed for good', () => {
    expect(afterFailedRun({ slot: SLOT, attempt: 3, lastOfBatch: true }, policy, NOW)).toEqual({
      kind: 'slot-failed',
    });
  });

  test('Given a task without retries, When its slot fails, Then the slot has failed for good at once', () => {
    const none = { ...policy, retries: 0 };
    expect(afterFailedRun({ slot: SLOT, attempt: 1, lastOfBatch: true }, none, NOW)).toEqual({
      kind: 'slot-failed',
    });
  });

  test('Given a slot that is not the last of its batch, When it fails with retries left, Then it is not retried: the later slot supersedes it', () => {
    expect(afterFailedRun({ slot: EARLIER, attempt: 1, lastOfBatch: false }, policy, NOW)).toEqual({
      kind: 'slot-failed',
    });
  });

  test('Given a run outside the schedule (no slot), When it fails, Then nothing is retried or counted', () => {
    expect(afterFailedRun({ slot: null, attempt: 1, lastOfBatch: true }, policy, NOW)).toEqual({
      kind: 'unscheduled',
    });
  });
});

describe('a pending retry and a newer slot', () => {
  test('Given a retry pending for a slot, When a batch starts with a newer slot, Then the retry is abandoned', () => {
    expect(abandonsRetry(EARLIER, [{ slot: SLOT }])).toBe(true);
  });

  test('Given a retry pending for a slot, When the batch is that slot (the retry itself), Then it is not abandoned', () => {
    expect(abandonsRetry(SLOT, [{ slot: SLOT }])).toBe(false);
  });

  test('Given a retry pending, When the batch is empty, Then it is not abandoned', () => {
    expect(abandonsRetry(SLOT, [])).toBe(false);
  });

  test('Given no retry pending, When a batch starts, Then nothing is abandoned', () => {
    expect(abandonsRetry(null, [{ slot: SLOT }])).toBe(false);
  });
});

describe('a retry when its slot fails by other means', () => {
  test('Given a retry pending for the slot given up, When it is decided, Then the retry is cleared', () => {
    expect(retryAfterGivingUp(SLOT, SLOT)).toEqual(NO_RETRY);
  });

  test('Given a retry pending for another slot, When a slot is given up, Then that retry is kept', () => {
    expect(retryAfterGivingUp(EARLIER, SLOT)).toEqual({});
  });

  test('Given no slot given up, When it is decided, Then a pending retry is kept', () => {
    expect(retryAfterGivingUp(SLOT, null)).toEqual({});
  });
});
