/**
 * The command line's commands, each a thin handler over the plugin's services (parse.ts says what
 * they take, main.ts boots the site and prints). One file, a little over 300 lines, so that every
 * command and its output sit side by side.
 */
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { FAILED_RUN_STATUSES, type RunStatus } from '../constants';
import { holdWarning } from '../services/hold-rules';
import { leaseHolderAlive } from '../services/lease-rules';
import type { RunRecord } from '../services/runs';
import type { TaskRecord } from '../services/tasks';
import { getService } from '../utils/get-service';
import { parseRunListQuery } from '../validation/list-queries';
import { iso, logLines, table } from './output';
import { EXIT, parseLimit, parseSince, taskRef, type ExitCode, type ParsedCommand } from './parse';

/** What a command gives back: the exit code, the data (--json) and the text for people. */
export interface CommandResult {
  code: ExitCode;
  json: unknown;
  text: string;
}

/** A refusal the command line reports with exit code 3 (like the admin API's 404 and 409). */
export class RefusedError extends Error {}

type Command = (strapi: Core.Strapi, parsed: ParsedCommand) => Promise<CommandResult>;

const FAILED: ReadonlySet<string> = new Set(FAILED_RUN_STATUSES);
const failed = (status: string | null) => status !== null && FAILED.has(status);

/** Who the hold names when the command line puts it on or lifts it. */
const actor = () => {
  let user = 'unknown';
  try {
    user = os.userInfo().username;
  } catch {
    // No user entry (a container's arbitrary uid): the host says enough.
  }
  return { id: null, name: `command line (${user}@${os.hostname()})` };
};

/** A task by id or by its exact name; refused when unknown or when several share the name. */
const findTask = async (strapi: Core.Strapi, text: string): Promise<TaskRecord> => {
  const ref = taskRef(text);
  const tasks = getService(strapi, 'tasks');
  if ('id' in ref) {
    try {
      return await tasks.findOne(ref.id);
    } catch (error) {
      if (error instanceof errors.NotFoundError)
        throw new RefusedError(`no task with id ${ref.id}`);
      throw error;
    }
  }
  const named = (await tasks.findMany()).filter((task) => task.name === ref.name);
  if (named.length === 0) throw new RefusedError(`no task named "${ref.name}"`);
  if (named.length > 1) {
    throw new RefusedError(
      `${named.length} tasks are named "${ref.name}" (ids ${named.map((task) => task.id).join(', ')}): give the id`
    );
  }
  return named[0];
};

const runJson = (run: RunRecord) => ({
  id: run.id,
  taskId: run.taskId,
  taskName: run.taskName,
  status: run.status,
  trigger: run.trigger,
  dryRun: run.dryRun,
  slot: iso(run.slot),
  startedAt: iso(run.startedAt),
  finishedAt: iso(run.finishedAt),
  durationMs: run.durationMs,
  result: run.result,
  error: run.error ? { name: run.error.name, message: run.error.message } : null,
  log: run.log,
});

const list: Command = async (strapi) => {
  const hold = await getService(strapi, 'hold').refresh();
  const tasks = await getService(strapi, 'tasks').findMany();
  const items = tasks.map((task) => ({
    id: task.id,
    name: task.name,
    enabled: task.enabled,
    schedule: task.schedule,
    timezone: task.timezone,
    nextRunAt: iso(task.nextRunAt),
    lastRunAt: iso(task.lastRunAt),
    lastStatus: task.lastStatus,
    paused: task.pausedAt !== null,
    running: task.leaseOwner !== null,
  }));
  const rows = items.map((task) => [
    task.id,
    task.name,
    task.paused ? 'paused' : task.enabled ? 'yes' : 'no',
    `${task.schedule} (${task.timezone})`,
    task.enabled && !task.paused ? task.nextRunAt : null,
    task.running ? 'running' : task.lastStatus,
  ]);
  const heading = hold.held
    ? `maintenance is on hold since ${iso(hold.since)}${hold.by ? ` by ${hold.by.name}` : ''}${hold.reason ? ` (${hold.reason})` : ''}: no scheduled run starts\n\n`
    : '';
  return {
    code: EXIT.ok,
    json: { hold, tasks: items },
    text: heading + table(['ID', 'NAME', 'ENABLED', 'SCHEDULE', 'NEXT RUN', 'LAST'], rows),
  };
};

const run: Command = async (strapi, { args, flags }) => {
  const task = await findTask(strapi, args.task);
  const dryRun = flags['dry-run'] === true;
  const hold = await getService(strapi, 'hold').refresh();
  const record = await getService(strapi, 'wakeups').track(
    getService(strapi, 'scheduler').runNow(task.id, { dryRun })
  );
  if (!record) throw new RefusedError(`task ${task.id} is running; try again when it has finished`);
  const warning = holdWarning(hold);
  const lines = [
    ...(warning ? [`warning: ${warning}`] : []),
    `run ${record.id} of "${task.name}"${dryRun ? ' (dry run: nothing changed)' : ''}: ${record.status} in ${record.durationMs ?? '?'} ms`,
    ...logLines(record.log),
    ...(record.error ? [`error: ${record.error.name ?? 'Error'}: ${record.error.message}`] : []),
    ...(record.result !== undefined && record.result !== null
      ? [`result: ${JSON.stringify(record.result)}`]
      : []),
  ];
  return {
    code: failed(record.status) ? EXIT.runFailed : EXIT.ok,
    json: { run: runJson(record), ...(warning ? { warning } : {}) },
    text: lines.join('\n'),
  };
};

const wake: Command = async (strapi) => {
  // What the public route does, waiting for every run it starts to end.
  const result = await getService(strapi, 'wakeups').wake({ trigger: 'route' });
  const json = {
    held: result.held,
    ran: result.ran,
    succeeded: result.succeeded,
    failed: result.failed,
    skipped: result.skipped,
    running: result.running,
    nextDueAt: iso(result.nextDueAt),
    outcomes: result.outcomes.map((outcome) => ({
      taskId: outcome.taskId,
      taskName: outcome.taskName,
      outcome: outcome.outcome,
      ...(outcome.runId !== undefined ? { runId: outcome.runId } : {}),
      ...(outcome.slot !== undefined ? { slot: iso(outcome.slot) } : {}),
    })),
  };
  const summary = result.held
    ? 'maintenance is on hold: nothing was run'
    : `ran ${result.ran} (${result.succeeded} succeeded, ${result.failed} failed), skipped ${result.skipped}; next due ${json.nextDueAt ?? 'never'}`;
  const rows = json.outcomes.map((o) => [o.taskId, o.taskName, o.outcome, o.runId ?? null]);
  return {
    code: result.failed > 0 ? EXIT.runFailed : EXIT.ok,
    json,
    text:
      rows.length > 0 ? `${summary}\n${table(['ID', 'TASK', 'OUTCOME', 'RUN'], rows)}` : summary,
  };
};

const pause: Command = async (strapi, { flags }) => {
  const reason = typeof flags.reason === 'string' ? flags.reason : null;
  const hold = await getService(strapi, 'hold').pause({ reason }, actor());
  return {
    code: EXIT.ok,
    json: { hold },
    text: `maintenance is on hold since ${iso(hold.since)} (by ${hold.by?.name ?? '?'}${hold.reason ? `: ${hold.reason}` : ''}); no scheduled run starts on any instance until "resume"`,
  };
};

const resume: Command = async (strapi) => {
  const hold = await getService(strapi, 'hold').resume(actor());
  return {
    code: EXIT.ok,
    json: { hold },
    text: 'maintenance resumed: missed slots follow each task’s misfire policy at the next wake-up',
  };
};

const runs: Command = async (strapi, { flags }) => {
  const query: Record<string, unknown> = { sort: 'startedAt:desc' };
  if (typeof flags.task === 'string') query.task = (await findTask(strapi, flags.task)).id;
  if (typeof flags.since === 'string') {
    const since = parseSince(flags.since, Date.now());
    if (since === null) {
      throw new errors.ValidationError(
        '--since must be an ISO 8601 date or a duration such as 30m, 24h, 7d'
      );
    }
    query.from = since;
  }
  if (typeof flags.limit === 'string') {
    const limit = parseLimit(flags.limit);
    if (limit === null)
      throw new errors.ValidationError('--limit must be a whole number, 1 to 100');
    query.pageSize = limit;
  } else query.pageSize = 25;
  const page = await parseRunListQuery(query);
  if (flags.failed === true) {
    page.where = { ...page.where, status: { $in: [...FAILED_RUN_STATUSES] as RunStatus[] } };
  }
  const { results } = await getService(strapi, 'runPages').findPage(page);
  const items = results.map((entry) => {
    const { log: _log, result: _result, ...summary } = runJson(entry as RunRecord);
    return summary;
  });
  const rows = items.map((r) => [r.id, r.taskName, r.status, r.trigger, r.startedAt, r.durationMs]);
  return {
    code: EXIT.ok,
    json: { runs: items },
    text:
      rows.length === 0
        ? 'no runs'
        : table(['ID', 'TASK', 'STATUS', 'TRIGGER', 'STARTED', 'MS'], rows),
  };
};

const unlock: Command = async (strapi, { args }) => {
  const task = await findTask(strapi, args.task);
  const now = Date.now();
  if (task.leaseOwner === null) {
    return {
      code: EXIT.ok,
      json: { taskId: task.id, unlocked: false, reason: 'not locked' },
      text: `task ${task.id} "${task.name}" holds no lease: nothing to unlock`,
    };
  }
  if (leaseHolderAlive(task.leaseExpiresAt, now)) {
    throw new RefusedError(
      `task ${task.id} "${task.name}" is held by ${task.leaseOwner}, which is alive (its lease runs until ${iso(task.leaseExpiresAt)} and is renewed while it runs): not unlocked`
    );
  }
  const outcome = await getService(strapi, 'wakeups').track(
    getService(strapi, 'scheduler').recoverExpired(task, now)
  );
  const unlocked =
    outcome.outcome !== 'lost' ||
    (await getService(strapi, 'tasks').findOne(task.id)).leaseOwner === null;
  return {
    code: unlocked ? EXIT.ok : EXIT.refused,
    json: { taskId: task.id, unlocked, previousHolder: task.leaseOwner, outcome: outcome.outcome },
    text: unlocked
      ? `task ${task.id} "${task.name}": lease of ${task.leaseOwner} released (${outcome.outcome})`
      : `task ${task.id} "${task.name}": another instance took the lease first`,
  };
};

const exportFile: Command = async (strapi, { flags, json }) => {
  const file = await getService(strapi, 'transfer').export();
  const text = JSON.stringify(file, null, 2);
  if (typeof flags.out !== 'string') return { code: EXIT.ok, json: file, text };
  await writeFile(flags.out, `${text}\n`, { mode: 0o600 });
  const written = { out: flags.out, scripts: file.scripts.length, tasks: file.tasks.length };
  return {
    code: EXIT.ok,
    json: json ? written : file,
    text: `wrote ${written.scripts} scripts and ${written.tasks} tasks to ${flags.out}`,
  };
};

const importFile: Command = async (strapi, { args, flags }) => {
  let input: unknown;
  try {
    input = JSON.parse(await readFile(args.file, 'utf8'));
  } catch (error) {
    throw new RefusedError(`${args.file}: not a readable JSON file (${(error as Error).message})`);
  }
  const transfer = getService(strapi, 'transfer');
  const dryRun = flags['dry-run'] === true;
  const plan = dryRun ? await transfer.preview(input) : await transfer.apply(input);
  const rows = [
    ...plan.scripts.map((i) => ['script', i]),
    ...plan.tasks.map((i) => ['task', i]),
  ].map(([kind, item]) => {
    const entry = item as { name: string; action: string; reason?: string; errors?: unknown[] };
    return [
      kind as string,
      entry.name,
      entry.action,
      entry.reason ?? (entry.errors ? 'invalid' : null),
    ];
  });
  const { summary } = plan;
  const head = `${dryRun ? 'would import' : 'imported'}: ${summary.create} created, ${summary.update} updated, ${summary.unchanged} unchanged, ${summary.skip} skipped, ${summary.invalid} invalid`;
  return {
    code: plan.valid ? EXIT.ok : EXIT.refused,
    json: { dryRun, plan },
    text: `${head}\n${table(['KIND', 'NAME', 'ACTION', 'NOTE'], rows)}`,
  };
};

export const COMMAND_HANDLERS: Record<Exclude<ParsedCommand['command'], 'help'>, Command> = {
  list,
  run,
  wake,
  pause,
  resume,
  runs,
  unlock,
  export: exportFile,
  import: importFile,
};
