import type { Progress } from './progress';
import type { CompileResult, LogLevel, SandboxError, SandboxLimits } from './types';

/**
 * Messages between Strapi's process (parent) and the sandbox process (child). Guest-made values
 * travel as JSON strings so the parent alone decides how to parse them.
 */

export interface RunMessage {
  t: 'run';
  runId: number;
  code: string;
  dataJson: string;
  methods: string[];
  limits: SandboxLimits;
  /**
   * Ends the run (killed, `LeaseLost`) once Strapi's process has sent nothing for this long: a
   * frozen parent cannot renew the run's lease, and the script must not go on beside the run of
   * the instance that takes the task over. Absent: the run does not watch its parent.
   */
  fenceMs?: number;
}

export interface CompileMessage {
  t: 'compile';
  compileId: number;
  code: string;
}

export type HostReply =
  | { t: 'host-result'; runId: number; callId: number; ok: true; json: string | undefined }
  | { t: 'host-result'; runId: number; callId: number; ok: false; name: string; message: string };

export interface PingMessage {
  t: 'ping';
  seq: number;
}

/** Stop a run: the child disposes its isolate and ends it `killed` with `reason`. */
export interface CancelMessage {
  t: 'cancel';
  runId: number;
  reason: string;
}

export type ParentMessage = RunMessage | CompileMessage | HostReply | PingMessage | CancelMessage;

export interface ReadyMessage {
  t: 'ready';
}

export interface PongMessage {
  t: 'pong';
  seq: number;
}

export interface LogMessage {
  t: 'log';
  runId: number;
  entries: { at: number; level: LogLevel; message: string; clipped: boolean }[];
  /** Entries dropped so far (a running total, not a delta). */
  dropped: number;
  /** The script's latest ctx.progress report, when it made one since the last batch. */
  progress?: Progress;
}

export interface HostCallMessage {
  t: 'host-call';
  runId: number;
  callId: number;
  method: string;
  argsJson: string;
}

export type EndStatus = 'succeeded' | 'failed' | 'timed-out' | 'memory-exceeded' | 'killed';

export interface EndMessage {
  t: 'end';
  runId: number;
  status: EndStatus;
  /** The return value as JSON, absent when the script returned undefined. */
  resultJson?: string;
  error?: SandboxError;
  logDropped: number;
  hostCalls: number;
  cpuMs: number;
  wallMs: number;
  /** When the run ended, by the sandbox process' clock (the parent may read it much later). */
  endedAt?: number;
}

/**
 * The isolate of an ended run was disposed but has not stopped running (a long built-in such as
 * `Array.prototype.fill` cannot be interrupted): it now uses CPU and memory outside every limit,
 * and only killing the process stops it.
 */
export interface StrayMessage {
  t: 'stray';
  runId: number;
}

/**
 * isolated-vm lost control of a run's isolate (its onCatastrophicError): V8 declared it out of
 * memory for good, or it would not stop after its timeout. Its thread is parked inside V8 for
 * ever, so only killing the process frees it. Sent after the run's own end.
 */
export interface WedgedMessage {
  t: 'wedged';
  runId: number;
  /** isolated-vm's own words, e.g. "Catastrophic out-of-memory error". */
  cause: string;
}

export interface CompiledMessage {
  t: 'compiled';
  compileId: number;
  result: CompileResult;
}

export type ChildMessage =
  | ReadyMessage
  | PongMessage
  | LogMessage
  | HostCallMessage
  | EndMessage
  | StrayMessage
  | WedgedMessage
  | CompiledMessage;

export const SCRIPT_FILENAME = 'script.js';

/** The error name of a run its sandbox process fenced (RunMessage.fenceMs). */
export const LEASE_LOST_ERROR = 'LeaseLost';

const CHILD_MESSAGE_TYPES: ReadonlySet<string> = new Set([
  'ready',
  'pong',
  'log',
  'host-call',
  'end',
  'stray',
  'wedged',
  'compiled',
]);

export const isChildMessage = (value: unknown): value is ChildMessage =>
  typeof value === 'object' &&
  value !== null &&
  CHILD_MESSAGE_TYPES.has((value as { t?: unknown }).t as string);
