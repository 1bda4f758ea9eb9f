import type { Task } from '../../../server/src/contracts';
import {
  emptyTaskForm,
  formFieldOf,
  taskBody,
  taskFormFrom,
  toEpoch,
  validateTaskForm,
} from '../../../admin/src/components/tasks/form';

const task = (overrides: Partial<Task> = {}): Task => ({
  id: 7,
  name: 'Purge old drafts',
  description: null,
  script: 3,
  params: { days: 90 },
  schedule: '0 3 * * *',
  timezone: 'Europe/Paris',
  enabled: true,
  startAt: null,
  endAt: 1830297600000,
  maxRuns: null,
  misfirePolicy: 'skip',
  overlap: 'skip',
  timeLimitMs: 10_000,
  memoryLimitMb: null,
  wallTimeLimitMs: null,
  retries: 0,
  retryBackoffMs: null,
  autoPauseAfter: null,
  jitterSeconds: null,
  documentId: 'task-7',
  referenceAt: 0,
  nextRunAt: null,
  lastRunAt: null,
  lastStatus: null,
  runCount: 0,
  consecutiveFailures: 0,
  consecutiveFailedSlots: 0,
  retryAt: null,
  retrySlot: null,
  retryAttempt: null,
  pausedAt: null,
  pausedReason: null,
  codeKey: null,
  managedInCode: false,
  createdAt: '2027-01-01T00:00:00.000Z',
  updatedAt: '2027-01-01T00:00:00.000Z',
  running: false,
  integrity: 'valid',
  leaseOwner: null,
  leaseExpiresAt: null,
  ...overrides,
});

describe('task editor form', () => {
  test('Given a stored task, when edited and saved unchanged, then the body carries the same task', () => {
    const values = taskFormFrom(task());
    expect(values.paramsText).toBe('{\n  "days": 90\n}');
    expect(values.endAt).toBe(1830297600000);
    expect(validateTaskForm(values)).toEqual({});
    expect(taskBody(values)).toEqual({
      name: 'Purge old drafts',
      description: null,
      script: 3,
      params: { days: 90 },
      schedule: '0 3 * * *',
      timezone: 'Europe/Paris',
      enabled: true,
      startAt: null,
      endAt: 1830297600000,
      maxRuns: null,
      misfirePolicy: 'skip',
      overlap: 'skip',
      timeLimitMs: 10_000,
      memoryLimitMb: null,
      wallTimeLimitMs: null,
      retries: 0,
      retryBackoffMs: null,
      autoPauseAfter: null,
      jitterSeconds: null,
    });
  });

  test('Given failure handling, when read, edited and checked, then retries, delay and auto-pause go to the server and bad values are named', () => {
    const values = taskFormFrom(task({ retries: 3, retryBackoffMs: 5000, autoPauseAfter: 0 }));
    expect(values).toMatchObject({ retries: 3, retryBackoffMs: 5000, autoPauseAfter: 0 });
    expect(taskBody(values)).toMatchObject({ retries: 3, retryBackoffMs: 5000, autoPauseAfter: 0 });
    const errors = validateTaskForm(
      emptyTaskForm({ name: 'a', script: 1, retries: 11, retryBackoffMs: -1, autoPauseAfter: 2.5 })
    );
    expect(Object.keys(errors).sort()).toEqual(['autoPauseAfter', 'retries', 'retryBackoffMs']);
    expect(errors.retries).toMatchObject({ values: { min: 0, max: 10 } });
    expect(formFieldOf('retryBackoffMs')).toBe('retryBackoffMs');
  });

  test('Given a duplicate, when prefilled, then only the name changes', () => {
    const values = taskFormFrom(task(), {
      copyName: 'Purge old drafts (copy)',
    });
    expect(values.name).toBe('Purge old drafts (copy)');
    expect(values.script).toBe(3);
    expect(values.schedule).toBe('0 3 * * *');
  });

  test('Given an empty new task, when checked, then name and script are asked for', () => {
    const errors = validateTaskForm(emptyTaskForm());
    expect(Object.keys(errors).sort()).toEqual(['name', 'script']);
  });

  test('Given params that are not an object, when checked, then the params field says so', () => {
    const errors = validateTaskForm(emptyTaskForm({ name: 'a', script: 1, paramsText: '[1]' }));
    expect(errors.params?.id).toBe('tasks.editor.params.error.notObject');
    const broken = validateTaskForm(emptyTaskForm({ name: 'a', script: 1, paramsText: '{' }));
    expect(broken.params).toMatchObject({
      id: 'tasks.editor.params.error.syntaxAt',
      values: { line: 1, column: 2 },
    });
  });

  test('Given a window that ends before it starts, fractional limits and a preview error, when checked, then each field says so', () => {
    const errors = validateTaskForm(
      emptyTaskForm({
        name: 'a',
        script: 1,
        startAt: 2000,
        endAt: 1000,
        maxRuns: 0,
        timeLimitMs: 1.5,
      }),
      { scheduleError: 'schedule: minute field "60": 60 is out of range 0-59' }
    );
    expect(Object.keys(errors).sort()).toEqual(['endAt', 'maxRuns', 'schedule', 'timeLimitMs']);
    expect(errors.schedule?.values?.message).toMatch(/out of range/);
  });

  test('Given a blank time zone and description, when sent, then the site default applies and the description is null', () => {
    const body = taskBody(
      emptyTaskForm({ name: ' Nightly ', script: 2, paramsText: '', schedule: ' 0  3 * * * ' })
    );
    expect(body).not.toHaveProperty('timezone');
    expect(body).toMatchObject({
      name: 'Nightly',
      description: null,
      params: {},
      schedule: '0 3 * * *',
    });
  });

  test.each([
    ['schedule', 'schedule'],
    ['timeZone', 'timezone'],
    ['params.days', 'params'],
    ['wallTimeLimitMs', 'wallTimeLimitMs'],
    ['limits', 'form'],
  ])('Given a server error on %p, when placed in the form, then it lands on %p', (path, field) => {
    expect(formFieldOf(path)).toBe(field);
  });

  test('Given instants as the API sends them, when read, then they are epoch milliseconds', () => {
    expect(toEpoch(1000)).toBe(1000);
    expect(toEpoch('1000')).toBe(1000);
    expect(toEpoch('2027-01-01T00:00:00Z')).toBe(Date.UTC(2027, 0, 1));
    expect(toEpoch(null)).toBeNull();
    expect(toEpoch('soon')).toBeNull();
  });
});

describe('one-off and jitter in the form', () => {
  test('Given a one-off schedule with a spread left from a repeating one, when sent, then the spread is null', () => {
    const values = emptyTaskForm({
      name: 'once',
      script: 1,
      schedule: '@once 2027-03-01T12:00',
      jitterSeconds: 600,
    });
    expect(taskBody(values)).toMatchObject({
      schedule: '@once 2027-03-01T12:00',
      jitterSeconds: null,
    });
  });

  test('Given a spread over 3600 s, when checked, then jitterSeconds is named', () => {
    const errors = validateTaskForm(emptyTaskForm({ name: 'a', script: 1, jitterSeconds: 3601 }));
    expect(Object.keys(errors)).toEqual(['jitterSeconds']);
    expect(formFieldOf('jitterSeconds')).toBe('jitterSeconds');
  });
});
