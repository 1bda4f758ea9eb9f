import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { RunRecord } from '../../../server/src/services/runs';
import { service, uniqueName } from '../../helpers/maintenance';

export const DAY = 24 * 3600 * 1000;

/** The seeded built-in script with this key, as stored. */
export const builtInScript = async (strapi: Core.Strapi, key: string) => {
  const script = await service(strapi, 'builtin').findScript(key);
  if (!script) throw new Error(`no built-in script "${key}" was seeded`);
  return script;
};

/**
 * Runs a built-in script once, as "Run now" on a task of its own with these params, and returns
 * the run record and its result.
 */
export const runBuiltIn = async (
  strapi: Core.Strapi,
  key: string,
  { params = {}, dryRun = false }: { params?: Record<string, unknown>; dryRun?: boolean } = {}
) => {
  const script = await builtInScript(strapi, key);
  const task = await service(strapi, 'tasks').create({
    name: uniqueName(key),
    script: script.id,
    schedule: '0 0 1 1 *',
    timezone: 'UTC',
    enabled: false,
    params,
  });
  const run = (await service(strapi, 'scheduler').runNow(task.id, { dryRun })) as RunRecord;
  if (!run) throw new Error('the task was already running');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { run, task, result: run.result as Record<string, any> };
};

/** The message a failed run records, or a description of why the run did not fail. */
export const failure = (run: RunRecord) =>
  run.status === 'failed' ? run.error?.message : `run ${run.status}: ${JSON.stringify(run.result)}`;

export const ARTICLE = 'api::article.article';

interface ArticleSeed {
  title: string;
  /** How long ago the article was created (all of its versions). */
  ageDays?: number;
  publish?: boolean;
  expiresAt?: Date | null;
  body?: string;
}

/** Articles created through the Document Service, then aged by rewriting createdAt. */
export const seedArticles = async (strapi: Core.Strapi, seeds: ArticleSeed[]) => {
  const documents = strapi.documents(ARTICLE);
  const created = [];
  for (const seed of seeds) {
    const doc = await documents.create({
      data: { title: seed.title, expiresAt: seed.expiresAt ?? null, body: seed.body ?? null },
    } as never);
    if (seed.publish) await documents.publish({ documentId: doc.documentId } as never);
    if (seed.ageDays) {
      await strapi.db.query(ARTICLE).updateMany({
        where: { documentId: doc.documentId },
        data: { createdAt: new Date(Date.now() - seed.ageDays * DAY) },
      });
    }
    created.push(doc as { documentId: string; id: number });
  }
  return created;
};

/**
 * Many never-published articles at once, written straight to the table (a few thousand through
 * the Document Service would take most of a test's time).
 */
export const insertOldDrafts = async (
  strapi: Core.Strapi,
  count: number,
  { prefix, ageDays }: { prefix: string; ageDays: number }
) => {
  const createdAt = new Date(Date.now() - ageDays * DAY);
  for (let start = 0; start < count; start += 250) {
    const data = Array.from({ length: Math.min(250, count - start) }, (_, offset) => ({
      documentId: randomBytes(12).toString('hex'),
      title: `${prefix}${start + offset}`,
      createdAt,
      updatedAt: createdAt,
      publishedAt: null,
    }));
    await strapi.db.query(ARTICLE).createMany({ data });
  }
};

export const countArticles = (strapi: Core.Strapi, filters: Record<string, unknown>) =>
  strapi.db.query(ARTICLE).count({ where: filters });
