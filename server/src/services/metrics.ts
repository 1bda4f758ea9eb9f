import { createHash } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { UIDS } from '../constants';
import type { Family, HistogramSample, Labels, Sample } from '../metrics/exposition';
import { readEpoch } from '../utils/epoch';
import { getPluginConfig } from '../utils/plugin-config';
import { getService } from '../utils/get-service';
import { tableOf } from '../utils/sql';

/**
 * Upper bounds of the run duration histogram, in seconds: from a trivial script (0.1 s) to the
 * largest wall-time cap (1 h), roughly ×3 apart (docs/operations.md).
 */
export const DURATION_BUCKETS_SECONDS = [0.1, 0.5, 1, 5, 15, 30, 60, 300, 900, 1800, 3600] as const;

/** Runs that did not run a script have no duration worth a histogram. */
const NOT_TIMED = new Set(['running', 'skipped']);

interface RunGroup {
  taskId: number;
  status: string;
  runs: number;
  lastFinishedAt: number | null;
  timed: number;
  totalMs: number;
  /** Runs of the group at or below each bucket's bound. */
  buckets: number[];
}

const num = (value: unknown) => (value === null || value === undefined ? 0 : Number(value));

/**
 * What GET /api/maintenance/metrics exposes. Run counts, durations and last successes come from
 * the run table, so every instance answers the same and a restart loses nothing: one aggregate
 * statement (GROUP BY task and status) that never brings a run row into Node. Wake-ups and the
 * sandbox's restarts and kills are this process' own counters, labelled with its instance id.
 */
const createMetricsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const runGroups = async (): Promise<RunGroup[]> => {
    const { table, column } = tableOf(strapi, UIDS.run);
    const knex = strapi.db.connection;
    const duration = column('durationMs');
    const query = knex(table)
      .select({ taskId: column('taskId'), status: column('status') })
      .count({ runs: '*' })
      .max({ lastFinishedAt: column('finishedAt') })
      .count({ timed: duration })
      .sum({ totalMs: duration })
      .groupBy(column('taskId'), column('status'));
    DURATION_BUCKETS_SECONDS.forEach((bound, index) => {
      query.select(
        knex.raw('SUM(CASE WHEN ?? <= ? THEN 1 ELSE 0 END) AS ??', [
          duration,
          bound * 1000,
          `le${index}`,
        ])
      );
    });
    const rows = (await query) as Array<Record<string, unknown>>;
    return rows
      .filter((row) => row.taskId !== null && row.taskId !== undefined)
      .map((row) => ({
        taskId: num(row.taskId),
        status: String(row.status),
        runs: num(row.runs),
        lastFinishedAt: readEpoch(row.lastFinishedAt),
        timed: num(row.timed),
        totalMs: num(row.totalMs),
        buckets: DURATION_BUCKETS_SECONDS.map((_, index) => num(row[`le${index}`])),
      }));
  };

  /** Held leases and how long their run has been going (or since the claim, before it starts). */
  const heldLeases = async (now: number) => {
    const tasks = await getService(strapi, 'taskStore').pickMany(
      { leaseOwner: { $notNull: true } },
      ['id', 'leaseOwner', 'leaseExpiresAt']
    );
    if (tasks.length === 0) return [];
    const running = (await strapi.db.query(UIDS.run).findMany({
      where: { status: 'running', taskId: { $in: tasks.map((task) => task.id) } },
      select: ['taskId', 'startedAt'],
    })) as Array<Record<string, unknown>>;
    const { leaseMs } = getPluginConfig(strapi);
    return tasks.map((task) => {
      const started = running
        .filter((run) => Number(run.taskId) === task.id)
        .map((run) => readEpoch(run.startedAt) as number);
      const expiresAt = readEpoch(task.leaseExpiresAt) ?? now;
      // Without a run row yet, the claim (or last renewal) is the lease's start.
      const since = started.length > 0 ? Math.min(...started) : expiresAt - leaseMs;
      return {
        taskId: task.id as number,
        owner: String(task.leaseOwner),
        ageSeconds: Math.max(0, now - since) / 1000,
      };
    });
  };

  return {
    /**
     * The metric families. `detailed` (a caller with a token) adds task names and lease owners
     * as labels and names the instance; an anonymous caller gets task ids and a digest of the
     * instance id, as the public routes tell it counts only.
     */
    async families({ detailed, now = Date.now() }: { detailed: boolean; now?: number }) {
      const names = new Map(
        (
          (await getService(strapi, 'taskStore').pickMany({}, ['id', 'name'])) as Array<{
            id: number;
            name: string;
          }>
        ).map((task) => [task.id, task.name])
      );
      const taskLabels = (taskId: number): Labels => ({
        task_id: taskId,
        ...(detailed && names.has(taskId) ? { task: names.get(taskId) as string } : {}),
      });
      const groups = await runGroups();
      const report = await getService(strapi, 'health').watchdog({ now });
      const leases = await heldLeases(now);
      const { instanceId } = getService(strapi, 'scheduler');
      // The id names the host and the pid; an anonymous caller gets a stable digest of it, which
      // still tells the instances apart.
      const instance = detailed
        ? instanceId
        : `i-${createHash('sha256').update(instanceId).digest('hex').slice(0, 12)}`;
      const wakeCounts = getService(strapi, 'wakeups').wakeCounts();
      const sandbox = getService(strapi, 'sandbox').status();

      const histograms = new Map<number, HistogramSample>();
      const lastSuccess = new Map<number, number>();
      for (const group of groups) {
        if (group.status === 'succeeded' && group.lastFinishedAt !== null) {
          lastSuccess.set(group.taskId, group.lastFinishedAt);
        }
        if (NOT_TIMED.has(group.status) || group.timed === 0) continue;
        const current = histograms.get(group.taskId) ?? {
          labels: taskLabels(group.taskId),
          buckets: DURATION_BUCKETS_SECONDS,
          counts: DURATION_BUCKETS_SECONDS.map(() => 0),
          count: 0,
          sum: 0,
        };
        histograms.set(group.taskId, {
          ...current,
          counts: current.counts.map((count, index) => count + group.buckets[index]),
          count: current.count + group.timed,
          sum: current.sum + group.totalMs / 1000,
        });
      }
      const byInstance = { maintenance_instance: instance };
      const families: Family[] = [
        {
          name: 'maintenance_runs_total',
          help: 'Runs recorded in the run table, by task and status (retention purges lower it).',
          type: 'counter',
          samples: groups.map((group): Sample => ({
            labels: { ...taskLabels(group.taskId), status: group.status },
            value: group.runs,
          })),
        },
        {
          name: 'maintenance_run_duration_seconds',
          help: 'How long finished runs took (skipped and running ones are not counted).',
          type: 'histogram',
          samples: [...histograms.values()],
        },
        {
          name: 'maintenance_last_success_timestamp_seconds',
          help: 'When the last succeeded run of each task finished (unix seconds).',
          type: 'gauge',
          samples: [...lastSuccess].map(([taskId, at]) => ({
            labels: taskLabels(taskId),
            value: at / 1000,
          })),
        },
        {
          name: 'maintenance_tasks_overdue',
          help: 'Enabled, unpaused tasks whose slot is later than the watchdog threshold.',
          type: 'gauge',
          samples: [{ value: report.overdue.length }],
        },
        {
          name: 'maintenance_tasks_paused',
          help: 'Tasks that paused themselves after failing.',
          type: 'gauge',
          samples: [{ value: report.paused.length }],
        },
        {
          name: 'maintenance_lease_age_seconds',
          help: 'For each held lease: how long its run has been going (since the claim before it starts).',
          type: 'gauge',
          samples: leases.map((lease) => ({
            labels: { ...taskLabels(lease.taskId), ...(detailed ? { owner: lease.owner } : {}) },
            value: lease.ageSeconds,
          })),
        },
        {
          name: 'maintenance_wakeups_total',
          help: 'Wake-ups this instance has had since it started, by trigger.',
          type: 'counter',
          samples: Object.entries(wakeCounts).map(([trigger, value]) => ({
            labels: { ...byInstance, trigger },
            value,
          })),
        },
        {
          name: 'maintenance_sandbox_restarts_total',
          help: 'Sandbox processes this instance started after its first (after an idle stop, or to replace one).',
          type: 'counter',
          samples: [{ labels: byInstance, value: sandbox.restarts }],
        },
        {
          name: 'maintenance_sandbox_kills_total',
          help: 'Sandbox processes this instance killed (a run past its limits, a wedged isolate).',
          type: 'counter',
          samples: [{ labels: byInstance, value: sandbox.kills }],
        },
      ];
      return families;
    },
  };
};

export type MetricsService = ReturnType<typeof createMetricsService>;
export default createMetricsService;
