import type { Core, UID } from '@strapi/strapi';
import { UIDS } from '../constants';
import { getService } from '../utils/get-service';
import { readEpoch } from '../utils/epoch';
import { DAY_MS, optionsObject, positiveInteger } from './arguments';
import { reachableUids } from './content-types';
import { databaseStats } from './database';
import type { HostMethods, RunContext } from './types';

const FILE_UID = 'plugin::upload.file';

const columnOf = (strapi: Core.Strapi, uid: string, attribute: string) => {
  const attributes = strapi.db.metadata.get(uid).attributes as unknown as Record<
    string,
    { columnName?: string }
  >;
  return attributes[attribute]?.columnName ?? attribute;
};

/**
 * Entries per content type the scripts can reach: for draft & publish types, `entries` counts
 * draft rows (one per document and locale, published or not) and `published` the published ones.
 */
const contentTypeCounts = async (strapi: Core.Strapi) => {
  const counts = [];
  for (const uid of reachableUids(strapi)) {
    const contentType = strapi.contentTypes[uid as keyof typeof strapi.contentTypes] as {
      info?: { displayName?: string };
      options?: { draftAndPublish?: boolean };
    };
    const query = strapi.db.query(uid as UID.Schema);
    if (contentType.options?.draftAndPublish) {
      counts.push({
        uid,
        name: contentType.info?.displayName ?? uid,
        entries: await query.count({ where: { publishedAt: { $null: true } } }),
        published: await query.count({ where: { publishedAt: { $notNull: true } } }),
      });
    } else {
      counts.push({
        uid,
        name: contentType.info?.displayName ?? uid,
        entries: await query.count(),
      });
    }
  }
  return counts;
};

/** Originals only: the upload plugin records each format's size inside a JSON column. */
const mediaTotals = async (strapi: Core.Strapi) => {
  const table = strapi.db.metadata.get(FILE_UID).tableName;
  const [row] = (await strapi.db
    .connection(table)
    .count({ files: '*' })
    .sum({ kilobytes: columnOf(strapi, FILE_UID, 'size') })) as Array<{
    files: number | string;
    kilobytes: number | string | null;
  }>;
  return {
    files: Number(row?.files ?? 0),
    // The upload plugin stores sizes in kilobytes, with decimals.
    totalBytes: Math.round(Number(row?.kilobytes ?? 0) * 1024),
  };
};

const runTotals = async (strapi: Core.Strapi, since: number, lastRuns: number, exclude: number) => {
  const table = strapi.db.metadata.get(UIDS.run).tableName;
  const status = columnOf(strapi, UIDS.run, 'status');
  const grouped = (await strapi.db
    .connection(table)
    .select({ status })
    .count({ runs: '*' })
    .where(columnOf(strapi, UIDS.run, 'startedAt'), '>=', since)
    .whereNot('id', exclude)
    .groupBy(status)) as Array<{ status: string; runs: number | string }>;
  const byStatus = Object.fromEntries(grouped.map((row) => [row.status, Number(row.runs)]));
  const last =
    lastRuns === 0
      ? []
      : ((await strapi.db.query(UIDS.run).findMany({
          where: { id: { $ne: exclude } },
          select: [
            'id',
            'taskId',
            'taskName',
            'status',
            'trigger',
            'dryRun',
            'startedAt',
            'durationMs',
          ],
          orderBy: { id: 'desc' },
          limit: lastRuns,
        })) as Array<Record<string, unknown>>);
  return {
    byStatus,
    last: last.map((run) => {
      const startedAt = readEpoch(run.startedAt);
      return {
        ...run,
        startedAt: startedAt === null ? null : new Date(startedAt).toISOString(),
      };
    }),
  };
};

/** ctx.site.report: read-only figures for a weekly report task. */
export const siteMethods = ({ strapi, run }: RunContext): HostMethods => ({
  async 'site.report'(options?: unknown) {
    const call = 'ctx.site.report';
    const opts = optionsObject(call, options);
    const lastRuns = positiveInteger(call, 'lastRuns', opts.lastRuns, {
      fallback: 10,
      min: 0,
      max: 100,
    });
    const sinceDays = positiveInteger(call, 'sinceDays', opts.sinceDays, {
      fallback: 7,
      max: 366,
    });
    const now = Date.now();
    const tasks = getService(strapi, 'taskStore');
    return {
      generatedAt: new Date(now).toISOString(),
      contentTypes: await contentTypeCounts(strapi),
      media: await mediaTotals(strapi),
      database: await databaseStats(strapi),
      tasks: {
        total: await tasks.count(),
        enabled: await tasks.count({ enabled: true }),
      },
      // This run is still running: it is not part of the history it reports on.
      runs: { sinceDays, ...(await runTotals(strapi, now - sinceDays * DAY_MS, lastRuns, run.id)) },
    };
  },
});
