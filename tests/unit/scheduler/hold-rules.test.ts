import {
  NOT_HELD,
  holdWarning,
  liftOf,
  putOn,
  readHold,
  watchdogVerdict,
} from '../../../server/src/services/hold-rules';

const ADA = { id: 1, name: 'Ada' };
const BOB = { id: 2, name: 'Bob' };
const AT = Date.parse('2027-03-01T10:00:00Z');

describe('reading the stored hold', () => {
  test('Given nothing stored, When it is read, Then there is no hold', () => {
    expect(readHold(null)).toEqual(NOT_HELD);
  });

  test('Given a stored value of the wrong shape, When it is read, Then it reads as no hold rather than failing', () => {
    expect(readHold({ held: 'yes', since: 'today', by: 3, reason: 7 })).toEqual(NOT_HELD);
  });

  test('Given a stored hold, When it is read, Then who, when and why come back', () => {
    const stored = { held: true, since: AT, by: ADA, reason: 'migration' };
    expect(readHold(stored)).toEqual(stored);
  });
});

describe('putting on and lifting', () => {
  test('Given no hold, When it is put on, Then it records who, when and why', () => {
    expect(putOn(NOT_HELD, { now: AT, by: ADA, reason: 'migration' })).toEqual({
      held: true,
      since: AT,
      by: ADA,
      reason: 'migration',
    });
  });

  test('Given a hold already on, When someone puts it on again, Then the first who and when are kept', () => {
    const first = putOn(NOT_HELD, { now: AT, by: ADA, reason: 'migration' });
    expect(putOn(first, { now: AT + 1000, by: BOB, reason: 'other' })).toBe(first);
  });

  test('Given a hold, When it is lifted, Then who lifted it and when are kept and the reason goes', () => {
    const on = putOn(NOT_HELD, { now: AT, by: ADA, reason: 'migration' });
    expect(liftOf(on, { now: AT + 5000, by: BOB })).toEqual({
      held: false,
      since: AT + 5000,
      by: BOB,
      reason: null,
    });
  });

  test('Given no hold, When it is lifted, Then nothing changes', () => {
    expect(liftOf(NOT_HELD, { now: AT, by: BOB })).toBe(NOT_HELD);
  });
});

describe('the warning run now gives', () => {
  test('Given no hold, Then there is no warning', () => {
    expect(holdWarning(NOT_HELD)).toBeNull();
  });

  test('Given a hold, Then the warning says since when, by whom and why', () => {
    const on = putOn(NOT_HELD, { now: AT, by: ADA, reason: 'migration' });
    expect(holdWarning(on)).toBe(
      'maintenance is on hold since 2027-03-01T10:00:00.000Z by Ada (migration): scheduled runs are stopped on every instance; this run was asked for by hand'
    );
  });
});

describe('the watchdog while held', () => {
  const quiet = { paused: 0, changedOutside: 0, wakeUpsStopped: false, overdue: 0 };

  test('Given the hold and tasks overdue with wake-ups stopped, Then the status is warning and nothing counts as overdue or stopped', () => {
    expect(watchdogVerdict({ ...quiet, held: true, wakeUpsStopped: true, overdue: 3 })).toEqual({
      status: 'warning',
      wakeUpsStopped: false,
      countOverdue: false,
    });
  });

  test('Given no hold and overdue tasks, Then the status is failing', () => {
    expect(watchdogVerdict({ ...quiet, held: false, overdue: 1 }).status).toBe('failing');
  });

  test('Given no hold and a paused task, Then the status is warning', () => {
    expect(watchdogVerdict({ ...quiet, held: false, paused: 1 }).status).toBe('warning');
  });

  test('Given no hold and nothing wrong, Then the status is ok', () => {
    expect(watchdogVerdict({ ...quiet, held: false })).toEqual({
      status: 'ok',
      wakeUpsStopped: false,
      countOverdue: true,
    });
  });
});
