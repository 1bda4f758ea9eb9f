import {
  jitterOffsetMs,
  jitterProblem,
  MAX_JITTER_SECONDS,
  nextSlot,
  nextSlotInWindow,
  parseSchedule,
  previewSchedule,
  withOffset,
} from '../../../server/src/scheduling';
import type { Schedule } from '../../../server/src/scheduling';

const at = (iso: string) => Date.parse(iso);

function schedule(expression: string): Schedule {
  const parsed = parseSchedule(expression);
  if (!parsed.ok) throw parsed.error;
  return parsed.schedule;
}

const keys = (count: number) => Array.from({ length: count }, (_, index) => `task-key-${index}`);

describe('jitterOffsetMs', () => {
  test('Given the same key and jitter, When computed twice, Then the offset is the same', () => {
    expect(jitterOffsetMs('x8v2k1q0wz3m4n5b6c7d8e9f', 600)).toBe(
      jitterOffsetMs('x8v2k1q0wz3m4n5b6c7d8e9f', 600)
    );
  });

  test('Given no jitter (0 or null), When computed, Then the offset is 0', () => {
    expect(jitterOffsetMs('any', 0)).toBe(0);
    expect(jitterOffsetMs('any', null)).toBe(0);
  });

  test('Given a jitter of 300 s, When computed for 2,000 keys, Then each offset is whole seconds within 0-300 s', () => {
    for (const key of keys(2000)) {
      const offset = jitterOffsetMs(key, 300);
      expect(offset % 1000).toBe(0);
      expect(offset).toBeGreaterThanOrEqual(0);
      expect(offset).toBeLessThanOrEqual(300_000);
    }
  });

  test('Given 3,600 keys and a jitter of 3,599 s, When computed, Then they spread over the hour (each tenth holds 7-13 %)', () => {
    const tenths = new Array<number>(10).fill(0);
    for (const key of keys(3600)) tenths[Math.floor(jitterOffsetMs(key, 3599) / 360_000)] += 1;
    for (const count of tenths) {
      expect(count).toBeGreaterThan(252);
      expect(count).toBeLessThan(468);
    }
  });

  test('Given 100 tasks on 0 * * * * with a jitter of 3,599 s, When computed, Then at most 3 share a second', () => {
    const seconds = new Map<number, number>();
    for (const key of keys(100)) {
      const offset = jitterOffsetMs(key, 3599);
      seconds.set(offset, (seconds.get(offset) ?? 0) + 1);
    }
    expect(Math.max(...seconds.values())).toBeLessThanOrEqual(3);
    expect(seconds.size).toBeGreaterThan(90);
  });

  test('Given a jitter above the maximum, When computed, Then a RangeError is thrown', () => {
    expect(() => jitterOffsetMs('any', MAX_JITTER_SECONDS + 1)).toThrow(RangeError);
  });
});

describe('a jittered schedule', () => {
  const hourly = schedule('0 * * * *');

  test('Given an offset of 17 min, When the next slots are asked, Then each is the expression’s slot 17 min later', () => {
    const jittered = withOffset(hourly, 17 * 60_000);
    const first = nextSlot(jittered, 'UTC', at('2027-03-01T10:05:00Z'));
    expect(new Date(first).toISOString()).toBe('2027-03-01T10:17:00.000Z');
    expect(new Date(nextSlot(jittered, 'UTC', first)).toISOString()).toBe(
      '2027-03-01T11:17:00.000Z'
    );
  });

  test('Given an offset, When asked just before a jittered slot, Then that slot is next (none is lost)', () => {
    const jittered = withOffset(hourly, 17 * 60_000);
    expect(new Date(nextSlot(jittered, 'UTC', at('2027-03-01T10:16:59Z'))).toISOString()).toBe(
      '2027-03-01T10:17:00.000Z'
    );
  });

  test('Given an active window, When a jittered slot falls after its end, Then there is none', () => {
    const jittered = withOffset(hourly, 17 * 60_000);
    const endAt = at('2027-03-01T10:10:00Z');
    expect(nextSlotInWindow(jittered, 'UTC', at('2027-03-01T09:30:00Z'), { endAt })).toBeNull();
  });

  test('Given an offset, When previewed, Then the listed runs are moved by it', () => {
    const preview = previewSchedule('0 3 * * *', 'Europe/Paris', at('2027-01-10T00:00:00Z'), 2, {
      offsetMs: 95_000,
    });
    expect(preview.valid && preview.next.map((slot) => slot.local)).toEqual([
      '2027-01-10 03:01:35',
      '2027-01-11 03:01:35',
    ]);
  });
});

describe('jitterProblem', () => {
  const now = at('2027-03-01T00:00:00Z');

  test('Given an hourly schedule and 3,599 s, When checked, Then it is accepted', () => {
    expect(jitterProblem(3599, schedule('0 * * * *'), 'UTC', now)).toBeNull();
  });

  test('Given an hourly schedule and 3,600 s, When checked, Then it is refused: not less than the interval', () => {
    expect(jitterProblem(3600, schedule('0 * * * *'), 'UTC', now)).toContain(
      "less than the schedule's shortest interval between runs (3600 s)"
    );
  });

  test('Given a schedule every 5 minutes, When 300 s is asked, Then it is refused', () => {
    expect(jitterProblem(300, schedule('*/5 * * * *'), 'UTC', now)).toContain('(300 s)');
  });

  test('Given a daily schedule and more than the maximum, When checked, Then it is refused naming the maximum', () => {
    expect(jitterProblem(3601, schedule('0 3 * * *'), 'UTC', now)).toBe(
      'jitterSeconds must be at most 3600'
    );
  });

  test('Given a one-off schedule, When a jitter is asked, Then it is refused', () => {
    expect(jitterProblem(10, schedule('@once 2027-03-02T12:00'), 'UTC', now)).toContain('one-off');
  });

  test('Given no jitter, When checked, Then anything is accepted', () => {
    expect(jitterProblem(0, schedule('@once 2027-03-02T12:00'), 'UTC', now)).toBeNull();
  });
});
