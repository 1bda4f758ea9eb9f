import type { Core } from '@strapi/strapi';
import type { Services } from '../../server/src/services';

/** The plugin's services, typed, for tests that drive them directly. */
export const service = <TName extends keyof Services>(strapi: Core.Strapi, name: TName) =>
  strapi.plugin('maintenance').service(name) as ReturnType<Services[TName]>;

let counter = 0;
export const uniqueName = (label: string) => `${label} ${process.pid}-${(counter += 1)}`;

/** A script that records what it was asked to do; enough to prove a task really ran. */
export const createScript = (
  strapi: Core.Strapi,
  body = 'return { ok: true, params: ctx.params };'
) => service(strapi, 'scripts').create({ name: uniqueName('script'), body });

export const at = (iso: string) => Date.parse(iso);

/**
 * Runs a script body once, as "Run now" does, and returns the run record: the quickest way to see
 * what a script can and cannot do through ctx.
 */
export const runScript = async (
  strapi: Core.Strapi,
  body: string,
  { params = {}, dryRun = false }: { params?: Record<string, unknown>; dryRun?: boolean } = {}
) => {
  const script = await service(strapi, 'scripts').create({ name: uniqueName('script'), body });
  const task = await service(strapi, 'tasks').create({
    name: uniqueName('task'),
    script: script.id,
    schedule: '0 0 1 1 *',
    timezone: 'UTC',
    params,
  });
  const run = await service(strapi, 'scheduler').runNow(task.id, { dryRun });
  if (!run) throw new Error('the task was already running');
  return { run, task };
};
