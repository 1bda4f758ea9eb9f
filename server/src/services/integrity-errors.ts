import type { Integrity } from './signatures';

/** The paths a change takes when it is not the plugin's own (named in every refusal). */
const OUTSIDE_PATHS =
  "for example through GraphQL, the Content Manager, another plugin's Document Service call or SQL";

/** Why a script whose body does not match its signature is not run. */
export const integrityError = (integrity: Exclude<Integrity, 'valid'>) => ({
  name: 'SignatureError',
  message:
    integrity === 'unsigned'
      ? `the script has no signature: it was not saved through the plugin (${OUTSIDE_PATHS}); it will not run until a user with Manage scripts reviews and accepts it`
      : `the script body was changed outside the plugin (${OUTSIDE_PATHS}); it will not run until a user with Manage scripts reviews it and accepts it or restores the last signed version`,
});

/** Why a task whose script, params, schedule or enabled flag were set outside the plugin is not run. */
export const taskIntegrityError = (integrity: Exclude<Integrity, 'valid'>) => ({
  name: 'SignatureError',
  message:
    integrity === 'unsigned'
      ? `the task was not saved through the plugin (${OUTSIDE_PATHS}); it will not run until a user with Manage tasks reviews and accepts it`
      : `the task's script, params, schedule or enabled flag were changed outside the plugin (${OUTSIDE_PATHS}); it will not run until a user with Manage tasks reviews and accepts it`,
});
