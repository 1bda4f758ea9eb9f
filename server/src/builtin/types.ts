/** One parameter of a built-in script, as documented and as checked inside the script. */
export interface ParamSpec {
  name: string;
  type: 'integer' | 'number' | 'boolean' | 'string' | 'object';
  description: string;
  /** Used when the task's params leave it out (or set it to null). */
  default?: unknown;
  required?: boolean;
  /** Bounds of integer and number params. */
  min?: number;
  max?: number;
  /** A string param must match this (a RegExp source), described by `expected`. */
  pattern?: string;
  expected?: string;
}

/** What the library ships for each script. */
export interface BuiltInScriptDefinition {
  /** Stable across upgrades; stored as the script's builtInKey. */
  key: string;
  name: string;
  /** What the script does, in a sentence or two. */
  summary: string;
  /** What the run record's result holds. */
  returns: string;
  params: ParamSpec[];
  /**
   * What a run changes in the site: sentences with `{param}` placeholders (ICU syntax, as the
   * admin's catalogues hold them, which translate them by key), and which one applies to a run
   * with these params (their defaults filled in); null when such a run changes nothing (a
   * report, or a switch left off). The admin panel asks before running a chore that changes data.
   */
  changes: {
    sentences: Record<string, string>;
    pick: (params: Record<string, unknown>) => string | null;
  };
  /** The script's own code; it finds its checked params in `params`. */
  main: string;
}

export interface BuiltInScript extends BuiltInScriptDefinition {
  /** The summary, the params and the result, as the admin panel shows them. */
  description: string;
  /** The stored script body: the param checks followed by `main`. */
  body: string;
}

/** A task created once, on the first start of a plugin version that ships it. */
export interface DefaultTask {
  /** Recorded once created, so that a task the user deleted never comes back. */
  key: string;
  /** The key of the built-in script it runs. */
  script: string;
  name: string;
  description: string;
  schedule: string;
  enabled: boolean;
  params: Record<string, unknown>;
  /** Wall-clock limit for scripts that may run long; capped by the site's configured cap. */
  wallTimeLimitMs?: number;
}
