import type { Core } from '@strapi/strapi';
import { UIDS } from '../../server/src/constants';
import { service, uniqueName } from './maintenance';

/** Polls until the probe returns something other than undefined. */
export const waitFor = async <T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 15_000,
  intervalMs = 100
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
};

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const HOUR = 3_600_000;

/**
 * A daily schedule whose slot was an hour ago. An hourly one would make a test depend on the time
 * of day: run just after the hour, its newest slot is seconds old and no longer a catch-up.
 */
const dailyAnHourAgo = () => {
  const slot = new Date(Date.now() - HOUR);
  slot.setUTCSeconds(0, 0);
  return { slot: slot.getTime(), schedule: `${slot.getUTCMinutes()} ${slot.getUTCHours()} * * *` };
};

/**
 * A task whose slot (returned) has come on the real clock, an hour ago, so one wake-up runs it
 * once as a catch-up and its next slot is then a day away.
 */
export const createDueTask = async (
  strapi: Core.Strapi,
  { body = 'return 42;', name = uniqueName('due task') }: { body?: string; name?: string } = {}
) => {
  const script = await service(strapi, 'scripts').create({ name: uniqueName('script'), body });
  const { slot, schedule } = dailyAnHourAgo();
  const task = await service(strapi, 'tasks').create(
    { name, script: script.id, schedule, timezone: 'UTC' },
    { now: Date.now() - 2 * HOUR }
  );
  return { script, task, slot };
};

/** A busy loop inside the sandbox, for runs that must still be going a moment later. */
export const busyFor = (ms: number, result = 'done') =>
  `const end = Date.now() + ${ms};\nwhile (Date.now() < end) {}\nreturn '${result}';`;

/** The SQL statements Strapi sends while `work` runs. */
export const captureQueries = async <T>(strapi: Core.Strapi, work: () => Promise<T>) => {
  const statements: string[] = [];
  const listener = (query: { sql: string }) => statements.push(query.sql);
  strapi.db.connection.on('query', listener);
  try {
    const result = await work();
    return { result, statements };
  } finally {
    strapi.db.connection.off('query', listener);
  }
};

/**
 * Disables the tasks the plugin seeds on first start (its default tasks), so that a test that
 * counts what a wake-up ran counts only its own tasks, whatever the time of day.
 */
export const disableSeededTasks = async (strapi: Core.Strapi) => {
  await strapi.db
    .query(UIDS.task)
    .updateMany({ where: { enabled: true }, data: { enabled: false } });
};
