/**
 * The run-history rules alone (services/run-retention.ts): which old runs of a purge batch go,
 * the purge's resume cursor, and the runs list's capped count.
 */
import {
  COUNT_LOOKAHEAD,
  cappedPagination,
  countLimit,
  decodePurgeCursor,
  encodePurgeCursor,
  purgeVerdicts,
  type TaskKeep,
} from '../../../server/src/services/run-retention';

const old = (id: number, taskId = 1, failed = false) => ({ id, taskId, failed });
const keeps = (entries: Array<[number, TaskKeep]>) => new Map(entries);

describe('purgeVerdicts', () => {
  test("Given old runs below their task's last K, When judged, Then they all go", () => {
    const verdict = purgeVerdicts(
      [old(1), old(2), old(3)],
      keeps([[1, { lastKeptId: 10, lastFailureId: null }]]),
      2
    );
    expect(verdict).toEqual({ doomed: [1, 2, 3], kept: 0 });
  });

  test("Given old runs among their task's last K, When judged, Then those stay", () => {
    const verdict = purgeVerdicts(
      [old(8), old(9), old(10)],
      keeps([[1, { lastKeptId: 9, lastFailureId: null }]]),
      2
    );
    expect(verdict).toEqual({ doomed: [8], kept: 2 });
  });

  test("Given a task's last failure among old runs, When judged, Then it stays however old", () => {
    const verdict = purgeVerdicts(
      [old(1), old(2), old(3)],
      keeps([[1, { lastKeptId: 50, lastFailureId: 2 }]]),
      5
    );
    expect(verdict).toEqual({ doomed: [1, 3], kept: 1 });
  });

  test('Given a task with no more than K runs (no K-th latest), When judged, Then every run of it stays', () => {
    const verdict = purgeVerdicts(
      [old(1), old(2)],
      keeps([[1, { lastKeptId: null, lastFailureId: null }]]),
      3
    );
    expect(verdict).toEqual({ doomed: [], kept: 2 });
  });

  test('Given old failures before the last one, When judged, Then they go', () => {
    const verdict = purgeVerdicts(
      [old(1, 1, true), old(2, 1, true), old(3, 1, true)],
      keeps([[1, { lastKeptId: 50, lastFailureId: 3 }]]),
      5
    );
    expect(verdict).toEqual({ doomed: [1, 2], kept: 1 });
  });

  test('Given a failure later than the one looked up (it failed since), When judged, Then it stays', () => {
    const verdict = purgeVerdicts(
      [old(4, 1, true), old(6, 1, true)],
      keeps([
        [1, { lastKeptId: 50, lastFailureId: 5 }],
        [2, { lastKeptId: 50, lastFailureId: null }],
      ]),
      5
    );
    expect(verdict).toEqual({ doomed: [4], kept: 1 });
    expect(
      purgeVerdicts([old(7, 2, true)], keeps([[2, { lastKeptId: 50, lastFailureId: null }]]), 5)
    ).toEqual({ doomed: [], kept: 1 });
  });

  test('Given keepLast 0, When judged, Then only the last failure stays', () => {
    const verdict = purgeVerdicts(
      [old(1), old(2), old(3)],
      keeps([[1, { lastKeptId: null, lastFailureId: 3 }]]),
      0
    );
    expect(verdict).toEqual({ doomed: [1, 2], kept: 1 });
  });

  test('Given runs of several tasks, When judged, Then each task is judged by its own keep', () => {
    const verdict = purgeVerdicts(
      [old(1, 1), old(2, 2), old(3, 1), old(4, 2)],
      keeps([
        [1, { lastKeptId: 3, lastFailureId: null }],
        [2, { lastKeptId: 100, lastFailureId: 2 }],
      ]),
      1
    );
    expect(verdict).toEqual({ doomed: [1, 4], kept: 2 });
  });

  test('Given a run whose task was not looked up, When judged, Then it stays (nothing goes on a guess)', () => {
    expect(purgeVerdicts([old(1, 7)], keeps([]), 1)).toEqual({ doomed: [], kept: 1 });
  });
});

describe('purge cursor', () => {
  test('Given a cursor, When encoded then decoded, Then it comes back the same', () => {
    const cursor = { cutoff: 1_760_000_000_000, id: 42 };
    expect(decodePurgeCursor(encodePurgeCursor(cursor))).toEqual(cursor);
  });

  test.each([[''], ['abc'], ['1'], ['1.0'], ['1.2.3'], [42], [null], ['1.x']])(
    'Given %j, When decoded, Then it is no cursor',
    (text) => {
      expect(decodePurgeCursor(text)).toBeNull();
    }
  );
});

describe('capped pagination', () => {
  test('Given page 1 of 25, When the count limit is asked, Then it is the lookahead and one more', () => {
    expect(countLimit(1, 25)).toBe(COUNT_LOOKAHEAD + 1);
  });

  test('Given page 2000 of 25, When the count limit is asked, Then it reaches past the page by the lookahead', () => {
    expect(countLimit(2000, 25)).toBe(1999 * 25 + COUNT_LOOKAHEAD + 1);
  });

  test('Given a count below its limit, When paginated, Then the total is exact and not capped', () => {
    expect(cappedPagination({ page: 2, pageSize: 10 }, 35, countLimit(2, 10))).toEqual({
      page: 2,
      pageSize: 10,
      pageCount: 4,
      total: 35,
    });
  });

  test('Given a count that reached its limit, When paginated, Then the total is "at least" and says so', () => {
    const limit = countLimit(3, 25);
    expect(cappedPagination({ page: 3, pageSize: 25 }, limit, limit)).toEqual({
      page: 3,
      pageSize: 25,
      pageCount: Math.ceil((50 + COUNT_LOOKAHEAD) / 25),
      total: 50 + COUNT_LOOKAHEAD,
      totalCapped: true,
    });
  });

  test('Given no run, When paginated, Then there is no page', () => {
    expect(cappedPagination({ page: 1, pageSize: 25 }, 0, countLimit(1, 25))).toEqual({
      page: 1,
      pageSize: 25,
      pageCount: 0,
      total: 0,
    });
  });
});
