import type { Health } from '../../../admin/src/api/types';
import {
  distinctSchedules,
  healthProblems,
  needsSchedules,
  shortestInterval,
} from '../../../admin/src/components/health/decision';

const NOW = Date.UTC(2027, 2, 1, 12, 0, 0);
const MIN = 60_000;

const health = (overrides: Partial<Health> = {}): Health => ({
  now: NOW,
  instanceId: 'web-1:1:abc',
  lastWakeUp: { at: NOW - 2 * MIN, trigger: 'route', instanceId: 'web-1:1:abc' },
  overdue: [],
  scripts: { integrityProblems: [] },
  ...overrides,
});

const slots = (...epochs: number[]) => ({
  valid: true,
  next: epochs.map((epochMs) => ({ epochMs })),
});

describe('health banner: shortest schedule interval', () => {
  test('Given previews of several schedules, when compared, then the smallest gap wins', () => {
    expect(
      shortestInterval([slots(0, 60 * MIN), slots(0, 5 * MIN), slots(10, 10 + 24 * 60 * MIN)])
    ).toBe(5 * MIN);
  });

  test('Given invalid or one-slot previews, when compared, then they are ignored', () => {
    expect(shortestInterval([{ valid: false }, slots(5), null, slots(0, 15 * MIN)])).toBe(15 * MIN);
    expect(shortestInterval([])).toBeNull();
  });

  test('Given tasks, when their schedules are listed, then each expression and zone once, enabled only', () => {
    expect(
      distinctSchedules([
        { schedule: '*/5 * * * *', timezone: 'UTC' },
        { schedule: '*/5 * * * *', timezone: 'UTC' },
        { schedule: '*/5 * * * *', timezone: 'Europe/Paris' },
        { schedule: '0 * * * *', timezone: 'UTC', enabled: false },
      ]).map(({ expression, timezone }) => `${expression}@${timezone}`)
    ).toEqual(['*/5 * * * *@UTC', '*/5 * * * *@Europe/Paris']);
  });
});

describe('health banner: decision', () => {
  test('Given nothing wrong, when decided, then no banner', () => {
    expect(healthProblems(health(), { shortestIntervalMs: 5 * MIN }).any).toBe(false);
    expect(healthProblems(null).any).toBe(false);
  });

  test('Given no wake-up for more than twice the shortest interval, when decided, then wake-ups are stale', () => {
    const problems = healthProblems(
      health({ lastWakeUp: { at: NOW - 11 * MIN, trigger: 'timer', instanceId: 'x' } }),
      { shortestIntervalMs: 5 * MIN }
    );
    expect(problems.any).toBe(true);
    expect(problems.wakeUps).toEqual({
      lastWakeUpAt: NOW - 11 * MIN,
      sinceMs: 11 * MIN,
      thresholdMs: 10 * MIN,
    });
  });

  test('Given a wake-up just within twice the interval, when decided, then all is well', () => {
    const problems = healthProblems(
      health({ lastWakeUp: { at: NOW - 10 * MIN, trigger: 'timer', instanceId: 'x' } }),
      { shortestIntervalMs: 5 * MIN }
    );
    expect(problems.wakeUps).toBeNull();
  });

  test('Given no enabled task (no interval) or no wake-up ever, when decided, then no wake-up warning', () => {
    const old = { at: NOW - 1000 * MIN, trigger: 'route', instanceId: 'x' };
    expect(healthProblems(health({ lastWakeUp: old })).wakeUps).toBeNull();
    expect(
      healthProblems(health({ lastWakeUp: null }), { shortestIntervalMs: MIN }).wakeUps
    ).toBeNull();
  });

  test('Given a threshold from the server, when decided, then it wins over the schedules', () => {
    const h = health({
      lastWakeUp: { at: NOW - 11 * MIN, trigger: 'route', instanceId: 'x' },
      watchdog: { thresholdMs: 30 * MIN },
    });
    expect(needsSchedules(h)).toBe(false);
    expect(healthProblems(h, { shortestIntervalMs: 5 * MIN }).wakeUps).toBeNull();
    expect(healthProblems({ ...h, watchdog: { thresholdMs: 10 * MIN } }).wakeUps?.thresholdMs).toBe(
      10 * MIN
    );
    expect(needsSchedules(health())).toBe(true);
  });

  test('Given the server says wake-ups stopped, when decided, then its verdict is shown', () => {
    const problems = healthProblems(health({ lastWakeUp: null, watchdog: { stopped: true } }));
    expect(problems.wakeUps).toEqual({ lastWakeUpAt: null, sinceMs: null, thresholdMs: null });
    expect(
      healthProblems(health({ watchdog: { stopped: false } }), { shortestIntervalMs: 1 }).any
    ).toBe(false);
  });

  test('Given overdue tasks, when decided, then they are listed', () => {
    const overdue = [
      { id: 7, name: 'Purge old drafts', nextRunAt: NOW - 20 * MIN, lateMs: 20 * MIN },
    ];
    const problems = healthProblems(health({ overdue }));
    expect(problems.any).toBe(true);
    expect(problems.overdue).toEqual(overdue);
  });

  test('Given a script whose signature does not match, when decided, then it is listed', () => {
    const problems = healthProblems(
      health({
        scripts: { integrityProblems: [{ id: 4, name: 'Cleanup', integrity: 'tampered' }] },
      })
    );
    expect(problems.any).toBe(true);
    expect(problems.integrity).toEqual([{ id: 4, name: 'Cleanup', integrity: 'tampered' }]);
  });

  test('Given paused tasks (issue 9), when decided, then they are listed whichever field carries them', () => {
    const paused = [
      { id: 3, name: 'Reindex', pausedAt: NOW - MIN, pausedReason: '5 failed slots' },
    ];
    expect(healthProblems(health({ paused })).paused).toEqual(paused);
    expect(healthProblems(health({ pausedTasks: paused })).paused).toEqual(paused);
    expect(healthProblems(health({ paused: [{ bogus: true } as never] })).any).toBe(false);
  });

  test("Given the watchdog's report (issue 9), when decided, then its verdict, overdue and paused tasks are used", () => {
    const h = health({
      lastWakeUp: { at: NOW - 3 * MIN, trigger: 'timer', instanceId: 'x' },
      overdue: [{ id: 1, name: 'A', nextRunAt: NOW - 5 * MIN, lateMs: 5 * MIN }],
      watchdog: {
        status: 'failing',
        checkedAt: NOW,
        lastWakeUpAt: NOW - 3 * MIN,
        wakeUpsStopped: true,
        dueSince: NOW - 40 * MIN,
        thresholdMs: 20 * MIN,
        overdue: [
          { id: 1, name: 'A', dueAt: NOW - 5 * MIN, lateMs: 5 * MIN },
          { id: 2, name: 'B', dueAt: NOW - 40 * MIN, lateMs: 40 * MIN },
        ],
        paused: [
          { id: 9, name: 'C', pausedAt: NOW - MIN, pausedReason: '5 failed slots in a row' },
        ],
      },
    });
    expect(needsSchedules(h)).toBe(false);
    const problems = healthProblems(h);
    expect(problems.wakeUps).toEqual({
      lastWakeUpAt: NOW - 3 * MIN,
      sinceMs: 3 * MIN,
      thresholdMs: 20 * MIN,
    });
    expect(problems.overdue.map((task) => task.id)).toEqual([1, 2]);
    expect(problems.overdue[1]).toEqual({
      id: 2,
      name: 'B',
      nextRunAt: NOW - 40 * MIN,
      lateMs: 40 * MIN,
    });
    expect(problems.paused.map((task) => task.name)).toEqual(['C']);
    expect(healthProblems({ ...h, overdue: [], watchdog: { wakeUpsStopped: false } }).any).toBe(
      false
    );
  });
});
