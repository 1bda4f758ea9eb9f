import type { ImportPlan } from '../../../server/src/contracts';
import {
  exportFileName,
  parseImportFile,
  planChangesSomething,
  previewGroups,
  tasksArrivingDisabled,
} from '../../../admin/src/components/transfer/plan';

const plan = (overrides: Partial<ImportPlan> = {}): ImportPlan => ({
  valid: true,
  scripts: [
    { name: 'Count drafts', action: 'unchanged', id: 3 },
    { name: 'Purge', action: 'update', id: 4, changes: ['body', 'description'] },
  ],
  tasks: [
    { name: 'Nightly count', action: 'create' },
    { name: 'Weekly purge', action: 'skip', id: 9, reason: 'managed in code (key "weekly")' },
    { name: 'Hourly', action: 'update', id: 2, changes: ['schedule'] },
    { name: 'Same', action: 'unchanged', id: 5 },
  ],
  summary: { create: 1, update: 2, unchanged: 2, skip: 1, invalid: 0 },
  ...overrides,
});

describe('import preview', () => {
  test('Given a plan, when grouped, then creates, updates, skips and unchanged items follow in that order, scripts before tasks', () => {
    const groups = previewGroups(plan());
    expect(groups.map((group) => group.action)).toEqual(['create', 'update', 'skip', 'unchanged']);
    expect(groups[1].rows).toEqual([
      { kind: 'script', name: 'Purge', action: 'update', detail: 'body, description' },
      { kind: 'task', name: 'Hourly', action: 'update', detail: 'schedule' },
    ]);
    expect(groups[2].rows[0].detail).toBe('managed in code (key "weekly")');
    expect(groups[3].rows.map((row) => `${row.kind}:${row.name}`)).toEqual([
      'script:Count drafts',
      'task:Same',
    ]);
  });

  test('Given an item with errors, when grouped, then it is invalid, first, with each problem and its field', () => {
    const groups = previewGroups(
      plan({
        valid: false,
        tasks: [
          {
            name: 'Broken',
            action: 'create',
            errors: [
              { path: ['schedule'], message: 'schedule: is empty' },
              { path: [], message: 'no script' },
            ],
          },
        ],
      })
    );
    expect(groups[0]).toEqual({
      action: 'invalid',
      rows: [
        {
          kind: 'task',
          name: 'Broken',
          action: 'invalid',
          detail: 'schedule: schedule: is empty; no script',
        },
      ],
    });
  });

  test('Given plans, when asked, then confirming is offered only for a valid plan that changes something', () => {
    expect(planChangesSomething(plan())).toBe(true);
    expect(
      planChangesSomething(
        plan({ summary: { create: 0, update: 0, unchanged: 4, skip: 1, invalid: 0 } })
      )
    ).toBe(false);
    expect(planChangesSomething(plan({ valid: false }))).toBe(false);
    expect(tasksArrivingDisabled(plan())).toBe(2);
  });

  test('Given a host and an export date, when named, then the file says which site and which day', () => {
    expect(exportFileName('www.Example.com', '2027-03-01T23:59:00.000Z')).toBe(
      'maintenance-www-example-com-2027-03-01.json'
    );
    expect(exportFileName('127.0.0.1:1337', '2027-03-01T00:00:00.000Z')).toBe(
      'maintenance-127-0-0-1-1337-2027-03-01.json'
    );
    expect(exportFileName('', undefined, Date.UTC(2027, 0, 2, 12))).toBe(
      'maintenance-2027-01-02.json'
    );
    expect(exportFileName('intranet', 'garbage', Date.UTC(2027, 0, 2))).toBe(
      'maintenance-intranet-2027-01-02.json'
    );
  });

  test('Given picked files, when read, then JSON is passed on and anything else is named', () => {
    expect(parseImportFile('{"format":"x"}')).toEqual({ ok: true, value: { format: 'x' } });
    const broken = parseImportFile('not json');
    expect(broken.ok).toBe(false);
  });
});
