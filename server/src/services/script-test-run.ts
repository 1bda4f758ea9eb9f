import type { Core } from '@strapi/strapi';
import { validateYupSchema, yup } from '@strapi/utils';
import { getService } from '../utils/get-service';
import { noUnknown } from '../validation/no-unknown';
import { integrityError } from './integrity-errors';
import type { RunRecord } from './runs';
import type { TaskRecord } from './tasks';

/**
 * A test run: a saved script run once outside any task, with the given params, dry by default.
 * Nothing is recorded in the run history (there is no task to record it against); the outcome is
 * returned, and the run is logged with the administrator who asked for it.
 */

const testRunSchema = yup
  .object()
  .typeError('the body must be a JSON object')
  .shape({
    params: yup
      .mixed()
      .test(
        'json-object',
        'params must be a JSON object',
        (value) =>
          value === undefined ||
          (typeof value === 'object' && value !== null && !Array.isArray(value))
      ),
    dryRun: yup.boolean().typeError('dryRun must be true or false'),
  })
  .test(noUnknown());

/** What a test run needs of the saved script. */
interface TestedScript {
  id: number;
  name: string;
  version: number;
  body: string;
  signature: string | null;
}

export const testRunScript = async (
  strapi: Core.Strapi,
  script: TestedScript,
  body: unknown = {},
  { userId }: { userId?: number } = {}
) => {
  const input = (await validateYupSchema(testRunSchema)(body ?? {})) as {
    params?: Record<string, unknown>;
    dryRun?: boolean;
  };
  const dry = input.dryRun ?? true;
  const startedAt = Date.now();
  strapi.log.info(
    `[maintenance] test run of script ${script.id} (version ${script.version}${dry ? ', dry' : ''}) by admin ${userId ?? 'unknown'}`
  );
  const integrity = getService(strapi, 'signatures').check(script.body, script.signature);
  if (integrity !== 'valid') {
    return {
      status: 'failed' as const,
      dryRun: dry,
      scriptVersion: script.version,
      durationMs: 0,
      error: integrityError(integrity),
      log: [],
      logTruncated: false,
      result: null,
    };
  }
  // A task and a run that exist only for this call: ctx sees task id 0 and no slot.
  const task = {
    id: 0,
    name: `test run of ${script.name}`,
    params: input.params ?? {},
    script: script.id,
    lastRunAt: null,
    timeLimitMs: null,
    memoryLimitMb: null,
    wallTimeLimitMs: null,
  } as unknown as TaskRecord;
  const run = {
    id: 0,
    taskId: 0,
    taskName: task.name,
    slot: null,
    attempt: 1,
    trigger: 'manual',
    status: 'running',
    dryRun: dry,
    startedAt,
    requestedBy: userId ?? null,
    scriptId: script.id,
    scriptVersion: script.version,
  } as unknown as RunRecord;
  const outcome = await getService(strapi, 'executor').execute({
    task,
    script,
    run,
    dryRun: dry,
  });
  return {
    status: outcome.status,
    dryRun: dry,
    scriptVersion: script.version,
    durationMs: Date.now() - startedAt,
    result: outcome.result ?? null,
    error: outcome.error ?? null,
    log: outcome.log,
    logTruncated: outcome.logTruncated,
  };
};
