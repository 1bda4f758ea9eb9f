import type { Core } from '@strapi/strapi';
import type { RunRecord } from '../services/runs';
import type { TaskRecord } from '../services/tasks';

/** What every ctx method implementation knows about the run it serves. */
export interface RunContext {
  strapi: Core.Strapi;
  task: TaskRecord;
  run: RunRecord;
  dryRun: boolean;
}

/** ctx methods by their path on ctx: `'state.get'` is `ctx.state.get`, `'fetch'` is `ctx.fetch`. */
export type HostMethods = Record<string, (...args: unknown[]) => Promise<unknown>>;

/** Thrown inside the script as an Error with this message: bad arguments, refused calls. */
export class ScriptCallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TypeError';
  }
}
