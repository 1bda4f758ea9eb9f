import {
  formatParams,
  jsonErrorOffset,
  lineAndColumn,
  parseParams,
} from '../../../admin/src/components/tasks/params';

describe('JSON params validation', () => {
  test('Given a JSON object, when parsed, then it is the params', () => {
    expect(parseParams('{ "days": 90, "dryRun": true }')).toEqual({
      ok: true,
      value: { days: 90, dryRun: true },
    });
  });

  test('Given blank text, when parsed, then the params are empty', () => {
    expect(parseParams('')).toEqual({ ok: true, value: {} });
    expect(parseParams('  \n ')).toEqual({ ok: true, value: {} });
  });

  test('Given broken JSON on line 3, when parsed, then the error names the line and column', () => {
    const result = parseParams('{\n  "days": 90,\n  "keep": }');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('syntax');
    if (result.error.kind !== 'syntax') return;
    expect(result.error.line).toBe(3);
    expect(result.error.column).toBe(11);
    expect(result.error.message).not.toMatch(/line \d+ column/);
  });

  test('Given JSON cut short, when parsed, then the error points at the end', () => {
    const result = parseParams('{ "days": 90');
    expect(result).toMatchObject({ ok: false, error: { kind: 'syntax', line: 1 } });
  });

  test.each([
    ['[1, 2]', 'array'],
    ['null', 'null'],
    ['"days"', 'string'],
    ['42', 'number'],
    ['true', 'boolean'],
  ])(
    'Given valid JSON that is not an object (%s), when parsed, then it is refused as %s',
    (text, type) => {
      expect(parseParams(text)).toEqual({ ok: false, error: { kind: 'not-object', type } });
    }
  );

  test('Given params, when shown in the editor, then they are pretty JSON and none is {}', () => {
    expect(formatParams({ days: 90 })).toBe('{\n  "days": 90\n}');
    expect(formatParams({})).toBe('{}');
    expect(formatParams(null)).toBe('{}');
  });

  test('Given an offset, when located, then line and column are 1-based', () => {
    expect(lineAndColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });

  test.each([
    ['{"a": 1}', -1],
    ['{a: 1}', 1],
    ['[1, ]', 4],
    ['{"a": 1} x', 9],
    ['{"a": tru}', 9],
    ['{"a": "\\q"}', 8],
  ])('Given %p, when the error is located, then it is at offset %p', (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
  });
});
