import { LEASE_LOST_ERROR } from '../protocol';
import type { EndStatus } from '../protocol';
import type { SandboxError, SandboxLimits } from '../types';
import { scriptError } from './errors';
import type { GuestDescription, GuestFinishKind } from './guest-bootstrap';

/** How a run ends, as the sandbox process reports it. */
export interface Ending {
  status: EndStatus;
  resultJson?: string;
  error?: SandboxError;
}

export const describeFailure = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

export const cpuExceeded = (limits: SandboxLimits): Ending => ({
  status: 'timed-out',
  error: {
    name: 'TimeoutError',
    message: `The script used more than ${limits.cpuMs} ms of CPU time (cpuMs limit)`,
  },
});

export const wallExceeded = (limits: SandboxLimits): Ending => ({
  status: 'timed-out',
  error: {
    name: 'TimeoutError',
    message: `The script ran for more than ${limits.wallMs} ms of wall-clock time (wallMs limit)`,
  },
});

/**
 * Strapi's process went silent for longer than the run's fence (it was frozen, or its event loop
 * blocked): its lease may be taken over meanwhile, so the script stops now.
 */
export const leaseLost = (silentMs: number, fenceMs: number): Ending => ({
  status: 'killed',
  error: {
    name: LEASE_LOST_ERROR,
    message: `lease lost: Strapi's process sent nothing for ${silentMs} ms (more than ${fenceMs} ms), so its lease could be taken over; the script was stopped`,
  },
});

export const memoryExceeded = (limits: SandboxLimits): Ending => ({
  status: 'memory-exceeded',
  error: {
    name: 'MemoryError',
    message: `The script used more than ${limits.memoryMb} MiB of memory (memoryMb limit)`,
  },
});

/**
 * The run's outcome when isolated-vm loses control of its isolate (see WedgedMessage). Its
 * out-of-memory report is V8's own, on Node 22 for patterns Node 24 ends through the memory limit
 * (`new Array(1e8).fill(0)`): the same limit, so the same status. The only other cause it reports,
 * a task that would not stop after its timeout, comes from the CPU budget, which sets that timeout.
 */
export const lostIsolateEnding = (limits: SandboxLimits, cause: string): Ending =>
  /out-of-memory/i.test(cause) ? memoryExceeded(limits) : cpuExceeded(limits);

/** The outcome the guest's `finish` callback reports; its arguments are guest-made. */
export const guestEnding = (
  limits: SandboxLimits,
  kind: unknown,
  a: unknown,
  b: unknown,
  c: unknown
): Ending => {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  switch (kind as GuestFinishKind) {
    case 'undefined':
      return { status: 'succeeded' };
    case 'value':
      if (Buffer.byteLength(text(a)) > limits.resultBytes) {
        return {
          status: 'failed',
          error: {
            name: 'RangeError',
            message: `The return value is larger than ${limits.resultBytes} bytes as JSON (resultBytes limit)`,
          },
        };
      }
      return { status: 'succeeded', resultJson: text(a) };
    default:
      return { status: 'failed', error: scriptError(text(a), text(b), text(c)) };
  }
};

/**
 * A task into the isolate failed for a reason other than its limits. Once the script has started,
 * that is a promise the script left rejected with no handler at the end of a task: isolated-vm
 * throws it out of the task, and the run fails as it would in Node.
 */
export const taskFailure = (error: unknown, scriptStarted: boolean): Ending => {
  if (!scriptStarted) {
    return {
      status: 'failed',
      error: {
        name: 'SandboxError',
        message: `The sandbox failed to run the script: ${describeFailure(error)}`,
      },
    };
  }
  const thrown = error instanceof Error ? error : undefined;
  return {
    status: 'failed',
    error: scriptError(
      thrown?.name ?? 'Error',
      `Unhandled promise rejection: ${describeFailure(error)}`,
      thrown?.stack ?? ''
    ),
  };
};

/** Texts of host-call refusals, made here so the guest and this process say the same. */
export const refusalTexts = (limits: SandboxLimits): GuestDescription['refusals'] => ({
  budget: `host call budget exhausted: a run may make ${limits.hostCalls} host calls (hostCalls limit)`,
  inFlight: `too many host calls in flight: at most ${limits.hostCallsInFlight} may be pending at once (hostCallsInFlight limit); await some before starting more`,
  argBytes: `arguments exceed ${limits.argBytes} bytes as JSON (argBytes limit)`,
  ended: 'the run has ended',
});
