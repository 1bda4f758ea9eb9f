export { createSandbox, type Sandbox } from './host';
export { DEFAULT_LIMITS, LIMIT_BOUNDS, MAX_CODE_LENGTH, resolveLimits } from './limits';
export { locateChildFile } from './locate-child';
export type {
  CompileResult,
  HostCallHandler,
  LogEntry,
  LogLevel,
  RunStatus,
  SandboxError,
  SandboxLimits,
  SandboxLogger,
  SandboxOptions,
  SandboxRunRequest,
  SandboxRunResult,
  SandboxStatus,
} from './types';
