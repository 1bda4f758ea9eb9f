import { authMethods } from './auth';
import { databaseMethods } from './database';
import { entriesMethods } from './entries';
import { fetchMethods } from './fetch';
import { historyMethods } from './history';
import { mediaMethods } from './media';
import { runsMethods } from './runs';
import { siteMethods } from './site';
import { stateMethods } from './state';
import type { HostMethods, RunContext } from './types';

const MODULES: ReadonlyArray<(context: RunContext) => HostMethods> = [
  stateMethods,
  entriesMethods,
  databaseMethods,
  mediaMethods,
  runsMethods,
  authMethods,
  historyMethods,
  siteMethods,
  fetchMethods,
];

/** Every ctx method a script may call, by its path on ctx, bound to one run. */
export const buildHostApi = (context: RunContext): Map<string, HostMethods[string]> =>
  new Map(MODULES.flatMap((build) => Object.entries(build(context))));

export { ScriptCallError } from './types';
export type { RunContext } from './types';
