import { earliest, summarise, type WakeOutcome } from '../../../server/src/services/wakeup-rules';

const outcome = (status: WakeOutcome['outcome'], taskId = 1): WakeOutcome => ({
  taskId,
  taskName: `chore ${taskId}`,
  outcome: status,
});

describe('the earliest of several instants', () => {
  test('Given instants and missing ones, When the earliest is taken, Then the missing ones are ignored', () => {
    expect(earliest(null, 3_000, 1_000, null)).toBe(1_000);
  });

  test('Given only missing instants, When the earliest is taken, Then there is none', () => {
    expect(earliest(null, null)).toBeNull();
    expect(earliest()).toBeNull();
  });
});

describe("a wake-up's summary", () => {
  test('Given one outcome of each kind, When summed, Then each counts where the route reports it', () => {
    const outcomes = [
      'succeeded',
      'failed',
      'timed-out',
      'memory-exceeded',
      'killed',
      'interrupted',
      'cancelled',
      'skipped',
      'lost',
      'running',
    ].map((status, index) => outcome(status as WakeOutcome['outcome'], index + 1));

    expect(summarise(outcomes)).toEqual({
      ran: 7,
      succeeded: 1,
      failed: 5,
      skipped: 1,
      running: 1,
    });
  });

  test('Given no outcome, When summed, Then every count is zero', () => {
    expect(summarise([])).toEqual({ ran: 0, succeeded: 0, failed: 0, skipped: 0, running: 0 });
  });
});
