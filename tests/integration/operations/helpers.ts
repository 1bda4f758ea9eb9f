import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Core } from '@strapi/strapi';
import { service, uniqueName } from '../../helpers/maintenance';
import { waitFor } from '../../helpers/wakeups';

export interface Delivery {
  event: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** A local HTTP server that records every webhook Strapi posts to it. */
export const startReceiver = async () => {
  const deliveries: Delivery[] = [];
  const server: Server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      const body = JSON.parse(text || '{}') as Record<string, unknown>;
      deliveries.push({
        event: String(request.headers['x-strapi-event']),
        headers: request.headers,
        body,
      });
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    deliveries,
    /** Waits for `count` deliveries of the event and returns them. */
    async received(event: string, count = 1, timeoutMs = 15_000) {
      return waitFor(() => {
        const found = deliveries.filter((delivery) => delivery.event === event);
        return found.length >= count ? found : undefined;
      }, timeoutMs);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

const HOUR = 3_600_000;
export const CREATED = Date.parse('2027-03-01T00:00:00Z');
/** The n-th hourly slot after CREATED (1-based). */
export const slot = (n: number) => CREATED + n * HOUR;

/** An hourly task created at CREATED, running `body`, with the given options. */
export const hourlyTask = async (
  strapi: Core.Strapi,
  body: string,
  options: Record<string, unknown> = {}
) => {
  const script = await service(strapi, 'scripts').create({ name: uniqueName('script'), body });
  const task = await service(strapi, 'tasks').create(
    {
      name: uniqueName('task'),
      script: script.id,
      schedule: '0 * * * *',
      timezone: 'UTC',
      ...options,
    },
    { now: CREATED }
  );
  return { script, task };
};

/** A script that fails while ctx.state says so, and succeeds once told otherwise. */
export const FLAKY =
  "if (ctx.params.fail) throw new Error('it broke at attempt ' + ctx.task.attempt); return 'fine';";
