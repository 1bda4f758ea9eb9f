/**
 * The plugin's enumerations as the admin panel sees them, taken from the server's own constants so
 * that a value added on the server reaches the admin's types.
 */
import {
  FAILED_RUN_STATUSES,
  MAX_RETRIES,
  RUN_STATUSES,
  RUN_TRIGGERS,
  TRIGGER_MODES,
  type RunStatus,
  type RunTrigger,
  type TriggerMode,
} from '../constants';

export { FAILED_RUN_STATUSES, MAX_RETRIES, RUN_STATUSES, RUN_TRIGGERS, TRIGGER_MODES };
export type { RunStatus, RunTrigger, TriggerMode };

/**
 * What a task does with slots it missed. The scheduler's own type (scheduling/misfire.ts) must
 * stay equal to it: validation/task.ts checks both ways.
 */
export const MISFIRE_POLICIES = ['once', 'skip', 'backfill'] as const;
export type MisfirePolicy = (typeof MISFIRE_POLICIES)[number];

/**
 * What a task does with a slot that comes while its previous run is still going (its lease is
 * held): `skip` records the slot as skipped, `queue` keeps it (one at most) to run as soon as the
 * run ends, `replace` stops the run and starts the slot (services/overlap.ts).
 */
export const OVERLAP_POLICIES = ['skip', 'queue', 'replace'] as const;
export type OverlapPolicy = (typeof OVERLAP_POLICIES)[number];

/**
 * Whether a stored script or task is as the plugin signed it. The server's own type
 * (services/signatures.ts `Integrity`) must stay equal to it: utils/views.ts checks both ways.
 */
export const INTEGRITIES = ['valid', 'tampered', 'unsigned'] as const;
export type ScriptIntegrity = (typeof INTEGRITIES)[number];
