// A closed-loop HTTP load generator in the spirit of autocannon: `connections` keep-alive
// connections, each sending its next request as soon as the last one answered, for `durationMs`.
// It runs in the benchmark's process, never in the Strapi process it measures.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export const percentile = (samples, p) => {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};

const once = (agent, url, method, headers) =>
  new Promise((resolve) => {
    const request = http.request(url, { method, agent, headers }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
    });
    request.on('error', () => resolve(0));
    request.end();
  });

/**
 * `until`, when given, ends the load early as soon as it returns true (e.g. a run has ended).
 * `intervalMs` paces each connection to one request per interval (a site's steady traffic rather
 * than as many requests as the server can take).
 */
export const load = async ({
  url,
  method = 'GET',
  connections = 10,
  durationMs = 10_000,
  headers = {},
  until = () => false,
  intervalMs = 0,
}) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies = [];
  const statuses = {};
  const deadline = performance.now() + durationMs;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline && !until()) {
        const sent = performance.now();
        const status = await once(agent, url, method, headers);
        latencies.push(performance.now() - sent);
        statuses[status] = (statuses[status] ?? 0) + 1;
        const wait = sent + intervalMs - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
    })
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  const ok = Object.entries(statuses)
    .filter(([status]) => status >= 200 && status < 300)
    .reduce((sum, [, count]) => sum + count, 0);
  return {
    requests: latencies.length,
    perSecond: ok / elapsed,
    errors: latencies.length - ok,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
  };
};
