import { getService } from '../utils/get-service';
import { ScriptCallError, type HostMethods, type RunContext } from './types';

/** A small JSON value kept per task between runs, so long work can resume where it stopped. */
export const MAX_STATE_BYTES = 64 * 1024;

export const stateMethods = ({ strapi, task, dryRun }: RunContext): HostMethods => ({
  async 'state.get'() {
    const row = await getService(strapi, 'taskStore').pick({ id: task.id }, ['state']);
    return row?.state ?? null;
  },

  async 'state.set'(value: unknown) {
    const json = JSON.stringify(value ?? null);
    if (json === undefined) throw new ScriptCallError('ctx.state.set() takes a JSON value');
    if (Buffer.byteLength(json) > MAX_STATE_BYTES) {
      throw new ScriptCallError(
        `ctx.state.set(): the state must be at most ${MAX_STATE_BYTES} bytes as JSON`
      );
    }
    // A dry run shows what it would do and changes nothing, its own state included.
    if (dryRun) return false;
    await getService(strapi, 'taskStore').set(task.id, { state: JSON.parse(json) });
    return true;
  },
});
