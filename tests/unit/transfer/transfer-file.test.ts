import { errors } from '@strapi/utils';
import {
  TASK_ITEM_FIELDS,
  definition,
  planProblems,
  problemsOf,
  summarize,
  taskChanges,
  unknownFields,
  type ExportedTask,
} from '../../../server/src/services/transfer-file';
import type { TaskRecord } from '../../../server/src/services/tasks';

const task = (fields: Partial<ExportedTask> = {}): ExportedTask => ({
  name: 'Nightly',
  script: { name: 'Clean' },
  enabled: true,
  schedule: '0 3 * * *',
  timezone: 'Europe/Paris',
  params: { days: 7 },
  ...fields,
});

const current = (fields: Partial<TaskRecord> = {}) =>
  ({
    id: 4,
    script: 9,
    schedule: '0 3 * * *',
    timezone: 'Europe/Paris',
    params: { days: 7 },
    ...fields,
  }) as unknown as TaskRecord;

describe('unknown fields of an item', () => {
  test('Given a task item with a field no export writes, When it is read, Then that field is named', () => {
    expect(unknownFields({ name: 'x', leaseOwner: 'me' }, TASK_ITEM_FIELDS)).toEqual([
      { path: ['leaseOwner'], message: 'unknown field "leaseOwner"' },
    ]);
  });

  test('Given a task item with only exported fields, When it is read, Then nothing is named', () => {
    expect(unknownFields(task(), TASK_ITEM_FIELDS)).toEqual([]);
  });
});

describe('the definition of an exported task', () => {
  test('Given an exported task, When its definition is taken, Then its name, script and enabled flag are left out', () => {
    expect(definition(task())).toEqual({
      schedule: '0 3 * * *',
      timezone: 'Europe/Paris',
      params: { days: 7 },
    });
  });
});

describe('what importing a task would change', () => {
  test('Given the same definition, When compared, Then nothing changes', () => {
    expect(taskChanges(task(), current(), 9)).toEqual([]);
  });

  test('Given params whose keys come in another order, When compared, Then they are the same', () => {
    const stored = current({ params: { b: 2, a: 1 } as TaskRecord['params'] });
    expect(taskChanges(task({ params: { a: 1, b: 2 } }), stored, 9)).toEqual([]);
  });

  test('Given another schedule and another script, When compared, Then both are named', () => {
    expect(taskChanges(task({ schedule: '0 4 * * *' }), current(), 10)).toEqual([
      'schedule',
      'script',
    ]);
  });

  test('Given a field the file leaves out, When compared, Then it is not a change', () => {
    const { params: _params, ...withoutParams } = task();
    expect(taskChanges(withoutParams as ExportedTask, current({ params: { x: 1 } }), 9)).toEqual(
      []
    );
  });

  test('Given a script not created yet (no id), When compared, Then the script is not named', () => {
    expect(taskChanges(task(), current(), null)).toEqual([]);
  });
});

describe('the plan of a file', () => {
  const created = { name: 'a', action: 'create' as const };
  const invalid = {
    name: 'b',
    action: 'create' as const,
    errors: [{ path: ['schedule'], message: 'schedule is required' }],
  };

  test('Given items without errors, When summarized, Then the plan is valid and counts each action', () => {
    const plan = summarize([created], [{ name: 't', action: 'skip' }]);
    expect(plan.valid).toBe(true);
    expect(plan.summary).toEqual({ create: 1, update: 0, unchanged: 0, skip: 1, invalid: 0 });
  });

  test('Given an invalid item, When summarized, Then the plan is invalid and the item counts only as invalid', () => {
    const plan = summarize([created], [invalid]);
    expect(plan.valid).toBe(false);
    expect(plan.summary).toEqual({ create: 1, update: 0, unchanged: 0, skip: 0, invalid: 1 });
  });

  test('Given an invalid task, When its problems are listed, Then each names the list, the item and the field', () => {
    expect(planProblems(summarize([created], [invalid]))).toEqual([
      {
        path: ['tasks', 'b', 'schedule'],
        message: 'task "b": schedule is required',
        name: 'ValidationError',
      },
    ]);
  });
});

describe('the problems of a failed check', () => {
  test('Given a validation error with details, When read, Then each problem keeps its path', () => {
    const error = new errors.ValidationError('2 errors', {
      errors: [{ path: ['name'], message: 'name is required' }],
    });
    expect(problemsOf(error)).toEqual([{ path: ['name'], message: 'name is required' }]);
  });

  test('Given any other error, When read, Then its message is one problem without a path', () => {
    expect(problemsOf(new Error('boom'))).toEqual([{ path: [], message: 'boom' }]);
  });
});
