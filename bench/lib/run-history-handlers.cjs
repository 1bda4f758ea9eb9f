'use strict';

/**
 * IPC handlers for bench/run-history.mjs, merged into bench/lib/host.cjs's: a run history seeded
 * at scale, the admin lists timed through their controllers against the bare SQL of the same
 * page, and the bare-SQL floor of the history purge (the same keep rule in one DELETE).
 */
const { changedRows, committedDelete, copyTables, restoreTables } = require('./floor.cjs');

const DAY = 24 * 3600 * 1000;
const RUN = 'plugin::maintenance.run';
const TASK = 'plugin::maintenance.task';
const FAILED = ['failed', 'timed-out', 'memory-exceeded', 'killed', 'interrupted'];

module.exports = (strapi) => {
  const knex = () => strapi.db.connection;
  const client = () => strapi.db.dialect.client;
  const runTable = () => strapi.db.metadata.get(RUN).tableName;
  let statements = 0;
  strapi.db.connection.on('query', () => {
    statements += 1;
  });

  /** The table's statistics (and on PostgreSQL its visibility map), as autovacuum would leave them. */
  const analyze = async (table) => {
    if (client() === 'postgres') await knex().raw('VACUUM ANALYZE ??', [table]);
    else if (client() === 'sqlite') await knex().raw('ANALYZE');
    else await knex().raw('ANALYZE TABLE ??', [table]);
  };

  /** p50 and p95 of `repeat` timed calls of `fn`, after two untimed ones. */
  const timed = async (fn, repeat) => {
    await fn();
    await fn();
    const times = [];
    for (let index = 0; index < repeat; index += 1) {
      const started = performance.now();
      await fn();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return {
      p50: times[Math.floor(times.length / 2)],
      p95: times[Math.min(times.length - 1, Math.floor(times.length * 0.95))],
    };
  };

  /** A controller action called as Koa would call it (no HTTP, no auth): what the route does. */
  const action = (name, method, query) => async () => {
    const ctx = { query, params: {}, request: { query }, body: undefined };
    await strapi.plugin('maintenance').controller(name)[method](ctx);
    return ctx.body;
  };

  /** The bare SELECT of a runs list page's rows, newest first, with the list's filters. */
  const bareList = (query, order = 'desc') => {
    const select = knex()(runTable())
      .select('id', 'task_id', 'status', 'trigger', 'slot', 'started_at', 'finished_at')
      .orderBy([
        { column: 'started_at', order },
        { column: 'id', order },
      ]);
    if (query.status) select.where('status', query.status);
    if (query.trigger) select.where('trigger', query.trigger);
    if (query.task) select.where('task_id', Number(query.task));
    if (query.from) select.where('started_at', '>=', query.from);
    if (query.to) select.where('started_at', '<=', query.to);
    return select;
  };

  /**
   * A next cursor as GET /runs hands it out (server/src/services/run-keyset.ts, encodeRunCursor):
   * the bench makes the one of a deep page without walking the pages before it.
   */
  const nextCursor = (row) =>
    Buffer.from(
      JSON.stringify({
        a: 'after',
        s: 'startedAt:desc',
        k: Number(row.started_at),
        i: Number(row.id),
      })
    ).toString('base64url');

  return {
    /**
     * `runs` runs of the tasks `taskIds` straight into the table, spread evenly over `days` days
     * (oldest first, as a site records them): 5% failed, 2% skipped, a few of every other
     * trigger; then the tables' statistics, as autovacuum / ANALYZE would leave them.
     */
    async 'history-seed'({ runs, taskIds, days }) {
      const table = runTable();
      const now = Date.now();
      const span = days * DAY;
      const triggers = ['timer', 'timer', 'timer', 'route', 'manual', 'retry'];
      // 400 rows a statement: knex inserts several rows into SQLite as one compound SELECT,
      // which SQLite caps at 500 terms.
      for (let start = 0; start < runs; start += 400) {
        const rows = [];
        for (let index = start; index < Math.min(runs, start + 400); index += 1) {
          const startedAt = now - span + Math.floor((index / runs) * span);
          // Statuses on a cycle of their own, so that every task has each of them.
          const roll = index % 97;
          rows.push({
            task_id: taskIds[index % taskIds.length],
            task_name: 'history',
            slot: startedAt,
            attempt: 1,
            trigger: triggers[index % triggers.length],
            status: roll < 5 ? 'failed' : roll < 7 ? 'skipped' : 'succeeded',
            dry_run: false,
            started_at: startedAt,
            finished_at: startedAt + 800,
            duration_ms: 800,
            log_truncated: false,
            instance_id: 'bench',
          });
        }
        await knex()(table).insert(rows);
      }
      await analyze(table);
      const [{ total }] = await knex()(table).count({ total: '*' });
      return { rows: Number(total) };
    },

    /** The admin runs list (controller) vs the bare SQL of the same page. */
    async 'history-list'({ query, repeat = 20 }) {
      const page = Number(query.page ?? 1);
      const pageSize = Number(query.pageSize ?? 25);
      const bare = () =>
        bareList(query)
          .offset((page - 1) * pageSize)
          .limit(pageSize);
      const list = action('runs', 'find', query);
      const answer = await list();
      return {
        route: await timed(list, repeat),
        floor: await timed(bare, repeat),
        rows: answer.data.length,
        pagination: answer.meta.pagination,
      };
    },

    /**
     * A deep page of the runs list read by cursor (the page after the row at `depth - 1`, or
     * `cursor=last`), through the controller, against the bare SELECT of the same page by offset
     * (what the page-number list walks) and by keyset; and whether the cursor's page holds the
     * very rows of the offset page.
     */
    async 'history-cursor'({ filters = {}, depth, repeat = 20 }) {
      const pageSize = 25;
      const last = depth === 'last';
      let cursor = 'last';
      let keyset = () => bareList(filters, 'asc').limit(pageSize);
      let offset = depth;
      if (last) {
        const [{ total }] = await bareList(filters)
          .clearSelect()
          .clearOrder()
          .count({ total: '*' });
        offset = Math.max(0, Number(total) - pageSize);
      } else {
        const [row] = await bareList(filters)
          .offset(depth - 1)
          .limit(1);
        if (!row) return { shorter: true };
        cursor = nextCursor(row);
        keyset = () =>
          bareList(filters)
            .where('started_at', '<=', row.started_at)
            .where((or) => or.where('started_at', '<', row.started_at).orWhere('id', '<', row.id))
            .limit(pageSize);
      }
      const byOffset = () => bareList(filters).offset(offset).limit(pageSize);
      const list = action('runs', 'find', { ...filters, pageSize, cursor });
      const answer = await list();
      const expected = (await byOffset()).map((row) => Number(row.id));
      return {
        route: await timed(list, repeat),
        offsetFloor: await timed(byOffset, repeat),
        keysetFloor: await timed(keyset, repeat),
        rows: answer.data.length,
        same: JSON.stringify(answer.data.map((run) => run.id)) === JSON.stringify(expected),
      };
    },

    /** The admin tasks list (controller, each task's last run) vs a bare page of the tasks table. */
    async 'history-tasks'({ query = {}, repeat = 20 }) {
      const { tableName } = strapi.db.metadata.get(TASK);
      const list = action('tasks', 'find', query);
      const answer = await list();
      return {
        route: await timed(list, repeat),
        floor: await timed(() => knex()(tableName).select('*').orderBy('name').limit(25), repeat),
        rows: answer.data.length,
        total: answer.meta.pagination.total,
      };
    },

    /**
     * The floor of the purge: the same keep rule (each task's latest `keepLast` by id and its
     * latest failure stay; running runs stay) in one DELETE with window functions, committed and
     * timed on the very same data as the plugin's run that follows (floor.cjs).
     */
    async 'history-floor'({ days, keepLast, cutoff = Date.now() - days * DAY }) {
      const table = runTable();
      const failed = FAILED.map(() => '?').join(', ');
      const doomed = `SELECT id FROM (
          SELECT id, started_at, status,
            ROW_NUMBER() OVER (PARTITION BY task_id ORDER BY id DESC) AS rn,
            MAX(CASE WHEN status IN (${failed}) THEN id END) OVER (PARTITION BY task_id) AS last_failure
          FROM ??) ranked
        WHERE started_at < ? AND status <> 'running' AND rn > ?
          AND (last_failure IS NULL OR id <> last_failure)`;
      // MariaDB runs a DELETE's `id IN (subquery)` row by row, a join to the derived table too,
      // and its window functions over the table took seconds at 20,000 runs: there the floor is
      // the rule as one would write it for MariaDB, each task's thresholds into a table (one
      // index seek each), then one DELETE joined to it; both statements timed.
      const statements =
        client() === 'mysql'
          ? [
              {
                sql: `CREATE TABLE bench_keep AS SELECT t.task_id,
                    (SELECT id FROM ?? k WHERE k.task_id = t.task_id ORDER BY id DESC LIMIT 1 OFFSET ${Number(keepLast) - 1}) AS last_kept,
                    (SELECT MAX(id) FROM ?? f WHERE f.task_id = t.task_id AND f.status IN (${failed})) AS last_failure
                  FROM (SELECT DISTINCT task_id FROM ??) t`,
                bindings: [table, table, ...FAILED, table],
              },
              {
                sql: `DELETE r FROM ?? r JOIN bench_keep k ON k.task_id = r.task_id
                  WHERE r.started_at < ? AND r.status <> 'running' AND k.last_kept IS NOT NULL
                    AND r.id < k.last_kept AND (k.last_failure IS NULL OR r.id <> k.last_failure)`,
                bindings: [table, cutoff],
              },
            ]
          : [
              {
                sql: `DELETE FROM ?? WHERE id IN (${doomed})`,
                bindings: [table, ...FAILED, table, cutoff, keepLast],
              },
            ];
      try {
        return await committedDelete(strapi, [table], async (db) => {
          let answer;
          for (const { sql, bindings } of statements) answer = await db.raw(sql, bindings);
          return changedRows(answer);
        });
      } finally {
        if (client() === 'mysql') await knex().raw('DROP TABLE IF EXISTS bench_keep');
        await analyze(table);
      }
    },

    /**
     * The history as it is now, kept aside (not timed) so that what the plugin's run deletes can
     * be put back after it, for the floor to delete from the very same rows with the very cutoff
     * the run used (its own clock's, which a floor taken before it cannot know).
     */
    async 'history-keep'() {
      await copyTables(knex(), [runTable()]);
      return {};
    },

    /** The rows deleted since 'history-keep', put back (not timed). */
    async 'history-put-back'() {
      await restoreTables(knex(), [runTable()]);
      await analyze(runTable());
      return {};
    },

    /** Statements sent to the database since the last call. */
    async 'history-statements'() {
      const count = statements;
      statements = 0;
      return { count };
    },

    async 'history-count'() {
      const [{ total }] = await knex()(runTable()).count({ total: '*' });
      return { rows: Number(total) };
    },
  };
};
