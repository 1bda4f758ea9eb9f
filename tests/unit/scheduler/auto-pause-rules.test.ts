import {
  PAUSED_REASON_LENGTH,
  autoPause,
  autoPauseThreshold,
  countFailedSlot,
  countRun,
} from '../../../server/src/services/auto-pause-rules';

const NOW = Date.parse('2027-03-01T10:00:00Z');
const failing = { consecutiveFailures: 2, consecutiveFailedSlots: 2 };
const clean = { consecutiveFailures: 0, consecutiveFailedSlots: 0 };

describe('counting a finished run', () => {
  test('Given runs failing in a row, When another fails, Then one more failure is counted and the failed slots wait for the retry decision', () => {
    expect(countRun(failing, 'failed')).toEqual({
      counts: { consecutiveFailures: 3, consecutiveFailedSlots: 2 },
      recoveredAfter: null,
    });
  });

  test.each(['timed-out', 'memory-exceeded', 'killed', 'interrupted'] as const)(
    'Given a clean task, When a run ends %s, Then it counts as a failure',
    (status) => {
      expect(countRun(clean, status).counts.consecutiveFailures).toBe(1);
    }
  );

  test('Given failed slots in a row, When a run succeeds, Then both counts start again and the success says how many slots it ends', () => {
    expect(countRun(failing, 'succeeded')).toEqual({ counts: clean, recoveredAfter: 2 });
  });

  test('Given a clean task, When a run succeeds, Then there is nothing to recover from', () => {
    expect(countRun(clean, 'succeeded')).toEqual({ counts: clean, recoveredAfter: null });
  });

  test('Given failures in a row, When a run is cancelled on request, Then the counts stay as they were (no failure, no reset)', () => {
    expect(countRun(failing, 'cancelled')).toEqual({ counts: failing, recoveredAfter: null });
  });

  test('Given failures in a row, When a run is replaced by a newer slot, Then the counts stay as they were', () => {
    expect(countRun(failing, 'replaced')).toEqual({ counts: failing, recoveredAfter: null });
  });

  test('Given failures in a row, When a run is skipped, Then the runs in a row start again but the failed slots stay counted', () => {
    expect(countRun(failing, 'skipped')).toEqual({
      counts: { consecutiveFailures: 0, consecutiveFailedSlots: 2 },
      recoveredAfter: null,
    });
  });
});

describe('counting a failed slot', () => {
  test('Given two failed slots in a row, When another slot fails for good, Then three are counted and the runs count is untouched', () => {
    expect(countFailedSlot(failing)).toEqual({ consecutiveFailures: 2, consecutiveFailedSlots: 3 });
  });
});

describe('the threshold', () => {
  test('Given a task without its own threshold, When it is read, Then the plugin default applies', () => {
    expect(autoPauseThreshold({ autoPauseAfter: null }, { autoPauseAfter: 5 })).toBe(5);
  });

  test('Given a task with its own threshold (0 included), When it is read, Then it wins', () => {
    expect(autoPauseThreshold({ autoPauseAfter: 0 }, { autoPauseAfter: 5 })).toBe(0);
  });
});

describe('pausing', () => {
  const lastRun = { status: 'failed' as const, error: { message: 'boom' } };
  const at = { threshold: 3, pausedAt: null, lastRun, now: NOW };

  test('Given fewer failed slots than the threshold, When it is decided, Then the task is not paused', () => {
    expect(autoPause({ ...at, failedSlots: 2 })).toBeNull();
  });

  test('Given the threshold reached, When it is decided, Then the task pauses now, the reason naming the count and how the last run ended', () => {
    expect(autoPause({ ...at, failedSlots: 3 })).toEqual({
      pausedAt: NOW,
      pausedReason: 'paused after 3 consecutive failed slots; last: failed (boom)',
    });
  });

  test('Given the threshold passed, When it is decided, Then the task pauses too', () => {
    expect(autoPause({ ...at, failedSlots: 7 })?.pausedAt).toBe(NOW);
  });

  test('Given a threshold of 0, When any number of slots failed, Then the task never pauses', () => {
    expect(autoPause({ ...at, threshold: 0, failedSlots: 100 })).toBeNull();
  });

  test('Given a task paused already, When the threshold is reached again, Then the first pause is kept', () => {
    expect(autoPause({ ...at, pausedAt: NOW - 1000, failedSlots: 4 })).toBeNull();
  });

  test('Given no last run is known (an abandoned retry without its record), When it pauses, Then the reason names the count only', () => {
    expect(autoPause({ ...at, lastRun: null, failedSlots: 3 })?.pausedReason).toBe(
      'paused after 3 consecutive failed slots'
    );
  });

  test('Given a last run without an error message, When it pauses, Then the reason names its status only', () => {
    const timedOut = { status: 'timed-out' as const, error: null };
    expect(autoPause({ ...at, lastRun: timedOut, failedSlots: 3 })?.pausedReason).toBe(
      'paused after 3 consecutive failed slots; last: timed-out'
    );
  });

  test('Given a very long error message, When it pauses, Then the reason is cut to what the column holds', () => {
    const long = { status: 'failed' as const, error: { message: 'x'.repeat(2000) } };
    const reason = autoPause({ ...at, lastRun: long, failedSlots: 3 })?.pausedReason ?? '';
    expect(reason).toHaveLength(PAUSED_REASON_LENGTH);
    expect(reason.startsWith('paused after 3 consecutive failed slots; last: failed (xxx')).toBe(
      true
    );
  });
});
