/**
 * The runs list's keyset paging alone (services/run-keyset.ts): what a cursor carries and when it
 * is refused, and which queries read the rows past it, nulls of the sort key included.
 */
import {
  decodeRunCursor,
  encodeRunCursor,
  keysetSteps,
  walkDirection,
} from '../../../server/src/services/run-keyset';

const newestFirst = { field: 'startedAt', direction: 'desc' } as const;
const encode = (payload: unknown) =>
  Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');

describe('run cursors', () => {
  test('Given a cursor a page handed out, When it comes back for the same sort, Then it names the same row and way', () => {
    const text = encodeRunCursor('before', newestFirst, { id: 42, key: 1_767_225_600_000 });
    expect(decodeRunCursor(text, newestFirst)).toEqual({
      cursor: {
        at: 'before',
        sort: 'startedAt:desc',
        row: { id: 42, key: 1_767_225_600_000 },
      },
    });
  });

  test('Given first or last, When read, Then they are the two ends of the list', () => {
    expect(decodeRunCursor('first', newestFirst)).toEqual({ cursor: { at: 'first' } });
    expect(decodeRunCursor('last', newestFirst)).toEqual({ cursor: { at: 'last' } });
  });

  test.each([
    ['text of no cursor', 'next page please'],
    ['no JSON', Buffer.from('{a:', 'utf8').toString('base64url')],
    ['an array', encode([1, 2])],
    ['no way', encode({ s: 'startedAt:desc', k: 1, i: 1 })],
    ['a fractional id', encode({ a: 'after', s: 'startedAt:desc', k: 1, i: 1.5 })],
    ['a key of text', encode({ a: 'after', s: 'startedAt:desc', k: '1', i: 1 })],
    ['a key beyond safe integers', encode({ a: 'after', s: 'startedAt:desc', k: 2 ** 60, i: 1 })],
  ])('Given %s, When read, Then it is refused with the reason', (_label, text) => {
    expect(decodeRunCursor(text, newestFirst)).toEqual({
      reason: expect.stringMatching(/^cursor must be/),
    });
  });

  test('Given a cursor of another sort, When read, Then it is refused saying which sort it was for', () => {
    const text = encodeRunCursor(
      'after',
      { field: 'durationMs', direction: 'asc' },
      { id: 3, key: null }
    );
    expect(decodeRunCursor(text, newestFirst)).toEqual({
      reason: expect.stringContaining('made for sort durationMs:asc, not startedAt:desc'),
    });
  });

  test('Given an id sort, When a cursor carries a key, Then it is refused', () => {
    const sort = { field: 'id', direction: 'desc' } as const;
    expect(decodeRunCursor(encode({ a: 'after', s: 'id:desc', k: 5, i: 5 }), sort)).toHaveProperty(
      'reason'
    );
    expect(
      decodeRunCursor(encode({ a: 'after', s: 'id:desc', k: null, i: 5 }), sort)
    ).toHaveProperty('cursor');
  });
});

describe('keyset queries', () => {
  test('Given next pages and previous ones, When walked, Then next reads in the list order and previous against it', () => {
    expect(walkDirection(newestFirst, { at: 'first' })).toBe('desc');
    expect(walkDirection(newestFirst, { at: 'last' })).toBe('asc');
    const row = { id: 1, key: 1 };
    expect(walkDirection(newestFirst, { at: 'after', sort: 'startedAt:desc', row })).toBe('desc');
    expect(walkDirection(newestFirst, { at: 'before', sort: 'startedAt:desc', row })).toBe('asc');
  });

  test('Given a row with a key, When the rows past it newest first are read, Then its values part seeks to it, then the nulls follow', () => {
    expect(keysetSteps('finishedAt', 'desc', { id: 9, key: 500 })).toEqual([
      {
        where: {
          finishedAt: { $notNull: true, $lte: 500 },
          $or: [{ finishedAt: { $lt: 500 } }, { id: { $lt: 9 } }],
        },
        orderBy: [{ finishedAt: 'desc' }, { id: 'desc' }],
      },
      { where: { finishedAt: { $null: true } }, orderBy: [{ id: 'desc' }] },
    ]);
  });

  test('Given a row without a key, When the rows past it are read, Then newest first only nulls are left, oldest first the values follow', () => {
    expect(keysetSteps('durationMs', 'desc', { id: 9, key: null })).toEqual([
      { where: { durationMs: { $null: true }, id: { $lt: 9 } }, orderBy: [{ id: 'desc' }] },
    ]);
    expect(keysetSteps('durationMs', 'asc', { id: 9, key: null })).toEqual([
      { where: { durationMs: { $null: true }, id: { $gt: 9 } }, orderBy: [{ id: 'asc' }] },
      {
        where: { durationMs: { $notNull: true } },
        orderBy: [{ durationMs: 'asc' }, { id: 'asc' }],
      },
    ]);
  });

  test('Given an id sort, When read from the start or past a row, Then it is one query on the id', () => {
    expect(keysetSteps('id', 'asc', null)).toEqual([{ where: {}, orderBy: [{ id: 'asc' }] }]);
    expect(keysetSteps('id', 'desc', { id: 7, key: null })).toEqual([
      { where: { id: { $lt: 7 } }, orderBy: [{ id: 'desc' }] },
    ]);
  });
});
