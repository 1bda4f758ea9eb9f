/**
 * ctx.progress(done, total?, message?): what a script says of how far it has got. The guest
 * checks the arguments first and throws a clear error for bad ones (guest-bootstrap.ts); the
 * sandbox process and the parent check what reaches them again with these rules, since a script
 * could reach the bridge some other way. Only the latest report is kept and sent along with the
 * log's next batch, so a script may report as often as it likes.
 */

/** Characters kept of a progress message. */
export const PROGRESS_MESSAGE_CHARS = 200;

export interface Progress {
  done: number;
  total: number | null;
  message: string | null;
  /** When the script reported it (epoch ms, stamped outside the guest). */
  at: number;
}

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** A report as the guest hands it over, or undefined when it breaks the rules. */
export const readProgress = (
  done: unknown,
  total: unknown,
  message: unknown,
  at: number
): Progress | undefined => {
  if (!isCount(done)) return undefined;
  if (total !== null && (!isCount(total) || total === 0 || done > total)) return undefined;
  if (message !== null && typeof message !== 'string') return undefined;
  return {
    done,
    total,
    message: message === null ? null : message.slice(0, PROGRESS_MESSAGE_CHARS),
    at,
  };
};

/** A report as it crossed the IPC channel (the parent's check of the sandbox process). */
export const progressFromMessage = (value: unknown): Progress | undefined => {
  if (value === null || typeof value !== 'object') return undefined;
  const { done, total, message, at } = value as Record<string, unknown>;
  if (typeof at !== 'number' || !Number.isFinite(at)) return undefined;
  return readProgress(done, total, message, at);
};
