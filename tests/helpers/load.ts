/**
 * The soak's load: an open-loop generator of calls to the public route across a cluster's
 * instances, and the figures read off what it recorded.
 */
import http from 'node:http';
import { jsonRequest } from './cluster';

export interface LoadStats {
  sent: number;
  statuses: Record<string, number>;
  errors: number;
  /** Latencies in ms of answered calls. */
  latencies: number[];
  elapsedMs: number;
  /** The most calls unanswered at once. */
  peakInFlight: number;
}

/**
 * An open-loop load generator: `ratePerSecond` calls in total, spread round-robin over the
 * targets the `targets` function returns at each call (so a killed instance can be dropped), on
 * keep-alive connections. Open loop, so that a slow answer does not slow the offered load down: a
 * call that starts runs is answered when they end (the route's wait), which on a loaded machine
 * can take seconds, and a lower bound here turned the generator closed-loop there (200 unanswered
 * calls held the load at 45 calls a second of 60 in a CI run). `maxInFlight`, half a minute of
 * calls at 60 a second, only bounds it should every target hang; a socket per call in flight, so
 * that no call waits in the client for a free connection.
 */
export const startLoad = ({
  targets,
  ratePerSecond,
  route = '/api/maintenance/runMaintenanceTasks',
  maxInFlight = 2000,
}: {
  targets: () => string[];
  ratePerSecond: number;
  route?: string;
  maxInFlight?: number;
}) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: maxInFlight });
  const stats: LoadStats = {
    sent: 0,
    statuses: {},
    errors: 0,
    latencies: [],
    elapsedMs: 0,
    peakInFlight: 0,
  };
  const started = Date.now();
  let inFlight = 0;
  let turn = 0;
  let stopped = false;
  const pending = new Set<Promise<void>>();

  const fire = () => {
    const urls = targets();
    if (urls.length === 0 || inFlight >= maxInFlight) return;
    const url = urls[turn++ % urls.length] + route;
    const sentAt = performance.now();
    inFlight += 1;
    stats.peakInFlight = Math.max(stats.peakInFlight, inFlight);
    stats.sent += 1;
    const call = jsonRequest(url, { method: 'POST', agent })
      .then(({ status }) => {
        stats.statuses[status] = (stats.statuses[status] ?? 0) + 1;
        stats.latencies.push(performance.now() - sentAt);
      })
      .catch(() => {
        stats.errors += 1;
      })
      .finally(() => {
        inFlight -= 1;
        pending.delete(call);
      });
    pending.add(call);
  };

  // Fire on a fixed schedule, catching up after timer lag, so the average rate holds.
  const interval = 1000 / ratePerSecond;
  const ticker = setInterval(
    () => {
      if (stopped) return;
      const due = Math.floor((Date.now() - started) / interval);
      while (stats.sent < due && !stopped) {
        const before = stats.sent;
        fire();
        if (stats.sent === before) break;
      }
    },
    Math.max(5, Math.floor(interval))
  );

  return {
    stats,
    async stop() {
      stopped = true;
      clearInterval(ticker);
      stats.elapsedMs = Date.now() - started;
      await Promise.allSettled([...pending]);
      agent.destroy();
      return stats;
    },
  };
};

export const percentile = (samples: number[], p: number) => {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};
