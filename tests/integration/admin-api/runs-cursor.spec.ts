/**
 * The run history read by cursor (issue 13): walked from the newest runs by next cursors, or from
 * the oldest by previous ones, every filter and sort gives each of its runs exactly once, in
 * order, nulls of the sort key included; runs recorded during a walk never repeat or hide a run
 * of the pages still to come; a cursor that is not one answers 400 on `cursor`.
 */
import { ACTIONS, UIDS, type RunStatus, type RunTrigger } from '../../../server/src/constants';
import { createAdminAgent, validationErrors, type AdminAgent } from '../../helpers/admin';
import { readSeededRuns, type SeededRun } from '../../helpers/seeded-runs';
import { useStrapi } from '../../helpers/strapi';
import { disableSeededTasks } from '../../helpers/wakeups';

const app = useStrapi({ MAINTENANCE_AUTO_RUN: 'false' });

const TASKS = [940001, 940002, 940003];
const STATUSES: RunStatus[] = ['succeeded', 'failed', 'skipped', 'timed-out'];
const TRIGGERS: RunTrigger[] = ['timer', 'route', 'manual'];
const COUNT = 300;
const PAGE_SIZE = 20;
const BASE = Date.parse('2026-03-01T00:00:00Z');
const MINUTE = 60_000;

type Seeded = SeededRun;

let reader: AdminAgent;
let seeded: Seeded[] = [];

const runRow = (index: number, startedAt: number) => ({
  taskId: TASKS[index % 3],
  taskName: 'cursor',
  status: STATUSES[index % 4],
  trigger: TRIGGERS[index % 3 === 0 ? index % 2 : 2],
  attempt: 1,
  slot: BASE + index,
  startedAt,
  // Some without a duration (a null sort key), the others often equal (the id breaks the tie).
  durationMs: index % 7 === 0 ? null : (index % 11) * 100,
});

const readSeeded = () => readSeededRuns(app.current.strapi);

beforeAll(async () => {
  const { strapi } = app.current;
  await disableSeededTasks(strapi);
  reader = await createAdminAgent(strapi, [ACTIONS.read], 'cursor-reader');
  const data = [];
  for (let index = 0; index < COUNT; index += 1) {
    // Minutes apart in an order unlike the ids', every fifth start shared with another run.
    data.push(
      runRow(index, BASE + ((index * 7919) % COUNT) * MINUTE - (index % 5 === 0 ? MINUTE : 0))
    );
  }
  for (let start = 0; start < data.length; start += 100) {
    await strapi.db.query(UIDS.run).createMany({ data: data.slice(start, start + 100) });
  }
  seeded = await readSeeded();
}, 120_000);

type Order = (a: Seeded, b: Seeded) => number;
const newestFirst: Order = (a, b) => b.startedAt - a.startedAt || b.id - a.id;
/** durationMs:asc, a missing duration counting as the smallest. */
const shortestFirst: Order = (a, b) => (a.durationMs ?? -1) - (b.durationMs ?? -1) || a.id - b.id;
const highestIdFirst: Order = (a, b) => b.id - a.id;

interface CursorPage {
  data: Array<{ id: number }>;
  meta: {
    pagination: {
      pageSize: number;
      total: number;
      totalCapped?: true;
      nextCursor: string | null;
      previousCursor: string | null;
    };
  };
}

const list = (query: string) => reader.request('get', `/maintenance/runs?${query}`);

const page = async (query: string, cursor: string) => {
  const response = await list(`${query}&pageSize=${PAGE_SIZE}&cursor=${cursor}`);
  expect(response.status).toBe(200);
  return response.body as CursorPage;
};

/**
 * The pages from the first by next cursors (`forward`) or from the last by previous ones, as one
 * list in the list's order; `between` is called after each page read, with its index.
 */
const walk = async (query: string, forward: boolean, between?: (read: number) => Promise<void>) => {
  const ids: number[] = [];
  let cursor: string | null = forward ? 'first' : 'last';
  for (let read = 0; cursor !== null; read += 1) {
    const { data, meta } = await page(query, cursor);
    const pageIds = data.map((run) => run.id);
    if (forward) ids.push(...pageIds);
    else ids.unshift(...pageIds);
    cursor = forward ? meta.pagination.nextCursor : meta.pagination.previousCursor;
    await between?.(read);
    if (read > COUNT) throw new Error('the walk does not end');
  }
  return ids;
};

const FROM = BASE + 60 * MINUTE;
const TO = BASE + 200 * MINUTE;

const FILTERS: Array<[string, string, (run: Seeded) => boolean]> = [
  ['no filter', '', () => true],
  ['a status', 'status=failed', (run) => run.status === 'failed'],
  ['a trigger', 'trigger=route', (run) => run.trigger === 'route'],
  ['a task', `task=${TASKS[1]}`, (run) => run.taskId === TASKS[1]],
  [
    'a task and a status',
    `task=${TASKS[2]}&status=skipped`,
    (run) => run.taskId === TASKS[2] && run.status === 'skipped',
  ],
  ['a date range', `from=${FROM}&to=${TO}`, (run) => run.startedAt >= FROM && run.startedAt <= TO],
];

const CASES = [
  ...FILTERS.map(
    ([label, query, matches]) => [label, 'startedAt:desc', query, matches, newestFirst] as const
  ),
  ['no filter', 'durationMs:asc', '', FILTERS[0][2], shortestFirst] as const,
  ['a status', 'durationMs:asc', FILTERS[1][1], FILTERS[1][2], shortestFirst] as const,
  ['a task', 'id:desc', FILTERS[3][1], FILTERS[3][2], highestIdFirst] as const,
];

describe.each([
  ['forward from the newest page by next cursors', true],
  ['backward from the oldest page by previous cursors', false],
])('walked %s', (_way, forward) => {
  test.each(CASES)(
    'Given %s sorted by %s, When every page is read in turn, Then together they hold each of its runs once, in order',
    async (_label, sort, query, matches, order) => {
      const expected = seeded.filter(matches).sort(order);
      expect(expected.length).toBeGreaterThan(PAGE_SIZE);
      expect(await walk(`sort=${sort}&${query}`, forward)).toEqual(expected.map((run) => run.id));
    }
  );
});

test('Given the first page, When it is read, Then it has no previous page and counts the runs', async () => {
  const { meta, data } = await page('status=failed', 'first');
  expect(data).toHaveLength(PAGE_SIZE);
  expect(meta.pagination).toEqual({
    pageSize: PAGE_SIZE,
    total: seeded.filter((run) => run.status === 'failed').length,
    nextCursor: expect.any(String),
    previousCursor: null,
  });
});

describe('runs recorded during a walk', () => {
  const more: Seeded[] = [];
  afterAll(async () => {
    await app.current.strapi.db
      .query(UIDS.run)
      .deleteMany({ where: { id: { $in: more.map((run) => run.id) } } });
  });

  /** Runs newer than every other, older than every other and among the rest, then read back. */
  const record = async (from: number) => {
    const { strapi } = app.current;
    const before = new Set((await readSeeded()).map((run) => run.id));
    const starts = [BASE + 10 * COUNT * MINUTE, BASE - 10 * MINUTE, BASE + 150 * MINUTE + 1];
    await strapi.db.query(UIDS.run).createMany({
      data: starts.flatMap((startedAt, index) => [
        runRow(from + index, startedAt),
        runRow(from + index + 3, startedAt),
      ]),
    });
    const added = (await readSeeded()).filter((run) => !before.has(run.id));
    more.push(...added);
    return added;
  };

  test.each([
    ['forward', true],
    ['backward', false],
  ])(
    'Given a walk %s, When runs are recorded after its third page, Then no run repeats and every run of the pages still to come is there, in order',
    async (_way, forward) => {
      const before = [...seeded, ...more].sort(newestFirst);
      let added: Seeded[] = [];
      let edge: Seeded | undefined;
      const walked = await walk('sort=startedAt:desc', forward, async (read) => {
        if (read !== 2) return;
        // The edge of the part walked so far: the last run of the third page.
        edge = forward ? before[3 * PAGE_SIZE - 1] : before[before.length - 3 * PAGE_SIZE];
        added = await record(COUNT + more.length);
      });
      expect(new Set(walked).size).toBe(walked.length);
      // Those recorded past the edge in the walk's direction belong to the pages still to come.
      const still = added.filter((run) =>
        forward ? newestFirst(edge!, run) < 0 : newestFirst(run, edge!) < 0
      );
      expect(still.length).toBeGreaterThan(0);
      expect(still.length).toBeLessThan(added.length);
      expect(walked).toEqual([...before, ...still].sort(newestFirst).map((run) => run.id));
    }
  );
});

describe('a cursor that is not one', () => {
  const encode = (payload: unknown) =>
    Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');

  test.each([
    ['text of no cursor', 'cursor=not%20a%20cursor'],
    ['base64 of no JSON', `cursor=${Buffer.from('{id:', 'utf8').toString('base64url')}`],
    ['a row id below 1', `cursor=${encode({ a: 'after', s: 'startedAt:desc', k: 5, i: 0 })}`],
    [
      'a key that is no number',
      `cursor=${encode({ a: 'after', s: 'startedAt:desc', k: 'x', i: 4 })}`,
    ],
    ['no way (after or before)', `cursor=${encode({ a: 'up', s: 'startedAt:desc', k: 5, i: 4 })}`],
    [
      'a cursor of another sort',
      `sort=finishedAt:desc&cursor=${encode({ a: 'after', s: 'startedAt:desc', k: 5, i: 4 })}`,
    ],
    ['a cursor and a page', 'cursor=first&page=2'],
  ])(
    'Given %s, When the runs are asked for, Then it answers 400 naming cursor',
    async (_label, query) => {
      const errors = validationErrors(await list(query));
      expect(errors.map((error) => error.path)).toContainEqual(['cursor']);
    }
  );

  test('Given a cursor made for another sort, When it is sent, Then the reason says so', async () => {
    const cursor = (await page('sort=startedAt:desc', 'first')).meta.pagination.nextCursor;
    const response = await list(`sort=startedAt:asc&cursor=${cursor}`);
    expect(response.status).toBe(400);
    expect(response.body.error.details.errors[0]).toMatchObject({
      path: ['cursor'],
      message: expect.stringContaining('made for sort startedAt:desc'),
    });
  });
});
