import { nextSlot } from './next-slot';
import type { Schedule } from './schedule';

/** When a task may run: no slot before `startAt`, none after `endAt` (epoch ms, both inclusive). */
export interface ActiveWindow {
  readonly startAt?: number | null;
  readonly endAt?: number | null;
}

export function isInWindow(slot: number, window: ActiveWindow = {}): boolean {
  const { startAt, endAt } = window;
  return (startAt == null || slot >= startAt) && (endAt == null || slot <= endAt);
}

/**
 * The first slot strictly after `afterMs` that lies in the window, or null when the window has
 * ended: the task has no slot left.
 */
export function nextSlotInWindow(
  schedule: Schedule,
  timeZone: string,
  afterMs: number,
  window: ActiveWindow = {}
): number | null {
  const { startAt, endAt } = window;
  // Slots are whole seconds, so "strictly after ceil(startAt) - 1" means "at or after startAt".
  const from = startAt == null ? afterMs : Math.max(afterMs, Math.ceil(startAt) - 1);
  if (endAt != null && from >= endAt) return null;
  const slot = nextSlot(schedule, timeZone, from);
  // +Infinity: a one-off schedule whose time has passed.
  return !Number.isFinite(slot) || (endAt != null && slot > endAt) ? null : slot;
}

/**
 * A new task's first slot: the first one strictly after its creation (so a task created at 02:00
 * on the dot does not run the 02:00 slot it was not there for), within its window.
 */
export function firstSlotAfterCreation(
  schedule: Schedule,
  timeZone: string,
  createdAtMs: number,
  window: ActiveWindow = {}
): number | null {
  return nextSlotInWindow(schedule, timeZone, createdAtMs, window);
}
