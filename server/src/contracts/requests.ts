/**
 * What the admin panel sends when it creates or updates a task (POST /tasks, PUT /tasks/:id): every task
 * field (server/src/validation/task.ts checks that it names them all).
 */
import type { MisfirePolicy, OverlapPolicy } from './enums';

export interface TaskInputValues {
  name: string;
  description?: string | null;
  script: number;
  params: Record<string, unknown>;
  schedule: string;
  timezone?: string;
  enabled?: boolean;
  startAt?: number | null;
  endAt?: number | null;
  maxRuns?: number | null;
  misfirePolicy?: MisfirePolicy;
  /** What a slot that comes while the previous run is going does (default skip). */
  overlap?: OverlapPolicy;
  timeLimitMs?: number | null;
  memoryLimitMb?: number | null;
  wallTimeLimitMs?: number | null;
  /** Further attempts of a slot whose run failed, each after a growing delay. */
  retries?: number;
  /** Delay before the first retry; null takes config `retry.backoffMs`. */
  retryBackoffMs?: number | null;
  /** Consecutive failed slots before the task pauses itself; null takes config, 0 never. */
  autoPauseAfter?: number | null;
  /**
   * Spread, in seconds (0–3600, less than the schedule's shortest interval): every slot runs a
   * fixed offset later, derived from the task's documentId. Null or 0: none.
   */
  jitterSeconds?: number | null;
}
