import {
  MAX_SCRIPT_NAME,
  conflictTasks,
  copyName,
  formatLog,
  isLockedScript,
  parseParams,
  prettyJson,
} from '../../../admin/src/editor/scriptHelpers';

describe('copy names', () => {
  test('Given a free name, when copied, then " (copy)" is added', () => {
    expect(copyName('Optimise the database', ['Optimise the database'])).toBe(
      'Optimise the database (copy)'
    );
  });

  test('Given copies already there, when copied again, then the next free number is used', () => {
    const existing = ['Purge', 'Purge (copy)', 'purge (COPY 2)', 'Purge (copy 4)'];
    expect(copyName('Purge', existing)).toBe('Purge (copy 3)');
  });

  test('Given a copy, when copied, then suffixes do not stack', () => {
    expect(copyName('Purge (copy)', ['Purge', 'Purge (copy)'])).toBe('Purge (copy 2)');
    expect(copyName('Purge (copy 7)', ['Purge (copy 7)'])).toBe('Purge (copy)');
  });

  test('Given a long name, when copied, then the result stays within the server limit', () => {
    const long = 'x'.repeat(MAX_SCRIPT_NAME);
    const copy = copyName(long, [long]);
    expect(copy.length).toBeLessThanOrEqual(MAX_SCRIPT_NAME);
    expect(copy.endsWith(' (copy)')).toBe(true);
  });

  test('Given a translated suffix, when copied, then it is used', () => {
    expect(copyName('Rapport', ['Rapport', 'Rapport (copie)'], 'copie')).toBe('Rapport (copie 2)');
  });
});

describe('test-run params', () => {
  test('Given empty text or an object, when parsed, then it is accepted', () => {
    expect(parseParams('')).toEqual({ ok: true, value: {} });
    expect(parseParams(' { "days": 30 } ')).toEqual({ ok: true, value: { days: 30 } });
  });

  test('Given invalid JSON or a non-object, when parsed, then it is refused with the reason', () => {
    expect(parseParams('{ days: 30 }')).toMatchObject({ ok: false, error: 'json' });
    expect(parseParams('[1]')).toEqual({ ok: false, error: 'object' });
    expect(parseParams('null')).toEqual({ ok: false, error: 'object' });
    expect(parseParams('3')).toEqual({ ok: false, error: 'object' });
  });
});

describe('outcome formatting', () => {
  test('Given log entries, when formatted, then each is a line with time and level', () => {
    const at = Date.UTC(2027, 0, 1, 12, 3, 4, 120);
    expect(
      formatLog([
        { at, level: 'log', message: 'checking' },
        { at, level: 'warn', message: 'careful' },
      ])
    ).toBe('12:03:04.120 LOG   checking\n12:03:04.120 WARN  careful');
    expect(formatLog('already text')).toBe('already text');
    expect(formatLog(undefined)).toBe('');
  });

  test('Given results, when formatted, then they read as pretty JSON', () => {
    expect(prettyJson({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(prettyJson(null)).toBeUndefined();
    expect(prettyJson(0)).toBe('0');
  });
});

describe('delete conflicts and locks', () => {
  test('Given a 409 naming tasks, when read, then the tasks come out', () => {
    const error = {
      response: {
        status: 409,
        data: {
          error: {
            status: 409,
            name: 'ConflictError',
            message: 'script 3 is used by tasks: Nightly',
            details: { tasks: [{ id: 4, name: 'Nightly' }] },
          },
        },
      },
    };
    expect(conflictTasks(error)).toEqual([{ id: 4, name: 'Nightly' }]);
    expect(conflictTasks(new Error('x'))).toEqual([]);
  });

  test('Given built-in and managed-in-code scripts, when checked, then both are locked', () => {
    expect(isLockedScript({ builtIn: true, managedInCode: false })).toBe(true);
    expect(isLockedScript({ builtIn: false, managedInCode: true })).toBe(true);
    expect(isLockedScript({ builtIn: false, managedInCode: false })).toBe(false);
  });
});
