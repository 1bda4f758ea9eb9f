import type { Core } from '@strapi/strapi';
import { buildHostApi } from '../context-api';
import { getPluginConfig } from '../utils/plugin-config';
import { getService } from '../utils/get-service';
import type { SandboxRunRequest } from '../sandbox/types';
import type { RunRecord } from './runs';
import type { ScriptRecord } from './scripts';
import type { TaskRecord } from './tasks';

export interface ExecuteRequest {
  task: TaskRecord;
  script: Pick<ScriptRecord, 'id' | 'body' | 'version'>;
  run: RunRecord;
  dryRun: boolean;
  /** Stops the run when aborted (overlap replace, cancel, a lost lease). */
  signal?: AbortSignal;
  /** Told when the run's log or progress changes (sandbox onUpdate). */
  onUpdate?: SandboxRunRequest['onUpdate'];
  /** Stop the script when Strapi's process goes silent this long (sandbox fenceMs). */
  fenceMs?: number;
}

/** Runs one script in the sandbox with the run's `ctx`, within the task's limits. */
const createExecutorService = ({ strapi }: { strapi: Core.Strapi }) => ({
  async execute({ task, script, run, dryRun, signal, onUpdate, fenceMs }: ExecuteRequest) {
    const { defaults, caps } = getPluginConfig(strapi);
    const api = buildHostApi({ strapi, task, run, dryRun });
    return getService(strapi, 'sandbox').run(
      {
        // Names this run in the logs of runs started again because of it (sandbox bystanders).
        label: `run ${run.id}`,
        signal,
        onUpdate,
        fenceMs,
        code: script.body,
        data: {
          params: task.params ?? {},
          dryRun,
          task: {
            id: task.id,
            name: task.name,
            slot: run.slot === null ? null : new Date(run.slot).toISOString(),
            trigger: run.trigger,
            attempt: run.attempt,
            lastRun: task.lastRunAt === null ? null : new Date(task.lastRunAt).toISOString(),
          },
        },
        methods: [...api.keys()],
        limits: {
          cpuMs: Math.min(task.timeLimitMs ?? defaults.timeLimitMs, caps.timeLimitMs),
          memoryMb: Math.min(task.memoryLimitMb ?? defaults.memoryLimitMb, caps.memoryLimitMb),
          wallMs: Math.min(task.wallTimeLimitMs ?? defaults.wallTimeLimitMs, caps.wallTimeLimitMs),
        },
      },
      async (method, args) => {
        const implementation = api.get(method);
        if (!implementation) throw new Error(`ctx.${method} is not available`);
        return implementation(...args);
      }
    );
  },
});

export type ExecutorService = ReturnType<typeof createExecutorService>;
export default createExecutorService;
