import type { Health, WatchdogReport } from '../../../server/src/contracts';
import { healthProblems } from '../../../admin/src/components/health/decision';

const NOW = Date.UTC(2027, 2, 1, 12, 0, 0);
const MIN = 60_000;

const watchdog = (overrides: Partial<WatchdogReport> = {}): WatchdogReport => ({
  status: 'ok',
  checkedAt: NOW,
  lastWakeUpAt: NOW - 2 * MIN,
  wakeUpsStopped: false,
  dueSince: null,
  thresholdMs: 10 * MIN,
  overdue: [],
  paused: [],
  changedOutside: [],
  ...overrides,
});

const health = (overrides: Partial<Health> = {}): Health => ({
  now: NOW,
  instanceId: 'web-1:1:abc',
  lastWakeUp: { at: NOW - 2 * MIN, trigger: 'route', instanceId: 'web-1:1:abc' },
  wakeUps: { route: null, timer: null },
  timer: { autoRun: false, running: false, firesAt: null, waking: false, recheckMs: 60_000 },
  runs: { running: 0, concurrency: 4 },
  triggerMode: 'token',
  overdue: [],
  leases: [],
  scripts: { integrityProblems: [] },
  tasks: { integrityProblems: [] },
  sandbox: null,
  watchdog: watchdog(),
  ...overrides,
});

describe('health banner: decision', () => {
  test('Given nothing wrong, when decided, then no banner', () => {
    expect(healthProblems(health()).any).toBe(false);
    expect(healthProblems(null).any).toBe(false);
  });

  test('Given the maintenance hold is on, when decided, then the banner shows it with who and why', () => {
    const hold = { held: true, since: NOW - MIN, by: { id: 1, name: 'Ada' }, reason: 'migration' };
    const problems = healthProblems(health({ hold }));
    expect(problems.any).toBe(true);
    expect(problems.hold).toEqual(hold);
  });

  test('Given a hold that was lifted, when decided, then no banner for it', () => {
    const lifted = { held: false, since: NOW - MIN, by: { id: 1, name: 'Ada' }, reason: null };
    const problems = healthProblems(health({ hold: lifted }));
    expect(problems).toMatchObject({ any: false, hold: null });
  });

  test('Given the watchdog says wake-ups stopped, when decided, then how long ago the last came and its threshold', () => {
    const problems = healthProblems(
      health({
        lastWakeUp: { at: NOW - 11 * MIN, trigger: 'timer', instanceId: 'x' },
        watchdog: watchdog({ wakeUpsStopped: true, status: 'failing' }),
      })
    );
    expect(problems.any).toBe(true);
    expect(problems.wakeUps).toEqual({
      lastWakeUpAt: NOW - 11 * MIN,
      sinceMs: 11 * MIN,
      thresholdMs: 10 * MIN,
    });
  });

  test('Given an old wake-up the watchdog does not call stopped, when decided, then no wake-up warning', () => {
    const old = { at: NOW - 1000 * MIN, trigger: 'route', instanceId: 'x' };
    expect(healthProblems(health({ lastWakeUp: old })).wakeUps).toBeNull();
  });

  test('Given wake-ups stopped and none ever recorded, when decided, then the verdict without times', () => {
    const problems = healthProblems(
      health({
        lastWakeUp: null,
        watchdog: watchdog({ lastWakeUpAt: null, wakeUpsStopped: true, thresholdMs: 0 }),
      })
    );
    expect(problems.wakeUps).toEqual({ lastWakeUpAt: null, sinceMs: null, thresholdMs: null });
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

  test('Given a task changed outside the plugin, when decided, then it is listed', () => {
    const problems = healthProblems(
      health({ tasks: { integrityProblems: [{ id: 5, name: 'Reindex', integrity: 'unsigned' }] } })
    );
    expect(problems.any).toBe(true);
    expect(problems.taskIntegrity).toEqual([{ id: 5, name: 'Reindex', integrity: 'unsigned' }]);
  });

  test("Given the watchdog's report, when decided, then its verdict, overdue and paused tasks are used", () => {
    const h = health({
      lastWakeUp: { at: NOW - 3 * MIN, trigger: 'timer', instanceId: 'x' },
      overdue: [{ id: 1, name: 'A', nextRunAt: NOW - 5 * MIN, lateMs: 5 * MIN }],
      watchdog: watchdog({
        status: 'failing',
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
      }),
    });
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
    expect(healthProblems({ ...h, overdue: [], watchdog: watchdog() }).any).toBe(false);
  });
});
