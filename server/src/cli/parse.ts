/**
 * The command line's arguments: `strapi-maintenance <command> [arguments] [flags]`. Pure: no
 * Strapi, no clock (the caller passes `now` for relative `--since`), no process.
 */

export const EXIT = {
  /** Done as asked. */
  ok: 0,
  /** A run ended in failure (run, wake). */
  runFailed: 1,
  /** Bad arguments: unknown command or flag, a missing or malformed value. */
  usage: 2,
  /** Valid, but refused: unknown task, a live lease, an import the admin would refuse, a running task. */
  refused: 3,
  /** The site could not start, or something unexpected failed. */
  error: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

interface FlagSpec {
  /** Takes a value (`--reason text` or `--reason=text`). */
  value?: boolean;
}

interface CommandSpec {
  summary: string;
  /** Positional arguments, each required. */
  args: string[];
  flags: Record<string, FlagSpec>;
}

/** Flags every command takes. */
const GLOBAL_FLAGS: Record<string, FlagSpec> = {
  json: {},
  help: {},
  compile: {},
};

export const COMMANDS = {
  list: { summary: 'tasks with their schedule, next run and last status', args: [], flags: {} },
  run: {
    summary:
      'run a task now (by id or name); --dry-run: the script runs with ctx.dryRun and changes nothing',
    args: ['task'],
    flags: { 'dry-run': {} },
  },
  wake: {
    summary:
      'run what is due, as the public route does (for a cron job, a CronJob or a systemd timer)',
    args: [],
    flags: {},
  },
  pause: {
    summary: 'put the maintenance hold on: no scheduled run starts on any instance',
    args: [],
    flags: { reason: { value: true } },
  },
  resume: { summary: 'lift the maintenance hold', args: [], flags: {} },
  runs: {
    summary: 'recent runs, newest first',
    args: [],
    flags: { task: { value: true }, failed: {}, since: { value: true }, limit: { value: true } },
  },
  unlock: {
    summary: "release a task's lease whose holder stopped renewing it (refused while it is alive)",
    args: ['task'],
    flags: {},
  },
  export: {
    summary: 'write the signed export file (scripts and tasks) to stdout or --out',
    args: [],
    flags: { out: { value: true } },
  },
  import: {
    summary: 'import a signed export file; --dry-run shows the plan and writes nothing',
    args: ['file'],
    flags: { 'dry-run': {} },
  },
  help: { summary: 'this help', args: [], flags: {} },
} satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

export interface ParsedCommand {
  command: CommandName;
  /** Positional arguments by name (`task`, `file`). */
  args: Record<string, string>;
  /** Flags given: `true` for a switch, the text for a flag with a value. */
  flags: Record<string, string | true>;
  json: boolean;
  /** Compile a TypeScript site before booting it (otherwise its built dist is used, as `strapi start` does). */
  compile: boolean;
}

export type ParseResult =
  { ok: true; value: ParsedCommand } | { ok: false; error: string; command?: CommandName };

const own = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

const isCommand = (name: string): name is CommandName => own(COMMANDS, name);

export const parseArgs = (argv: readonly string[]): ParseResult => {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  let command: CommandName | undefined;
  const tokens = [...argv];

  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index];
    if (token === '--') {
      positional.push(...tokens.slice(index + 1));
      break;
    }
    if (token === '-h') {
      flags.help = true;
      continue;
    }
    if (token.startsWith('--')) {
      const [name, inline] = token.slice(2).split(/=(.*)/s, 2);
      const commandFlags: Record<string, FlagSpec> = command ? COMMANDS[command].flags : {};
      const spec = own(GLOBAL_FLAGS, name)
        ? GLOBAL_FLAGS[name]
        : own(commandFlags, name)
          ? commandFlags[name]
          : undefined;
      if (!spec) {
        return {
          ok: false,
          command,
          error: command
            ? `unknown flag --${name} for "${command}"`
            : `unknown flag --${name} (flags go after the command)`,
        };
      }
      if (spec.value) {
        const value = inline ?? tokens[index + 1];
        if (inline === undefined) index += 1;
        if (value === undefined || (inline === undefined && value.startsWith('--'))) {
          return { ok: false, command, error: `--${name} needs a value` };
        }
        flags[name] = value;
      } else {
        if (inline !== undefined) return { ok: false, command, error: `--${name} takes no value` };
        flags[name] = true;
      }
      continue;
    }
    if (token.startsWith('-') && token.length > 1) {
      return { ok: false, command, error: `unknown option ${token}` };
    }
    if (command === undefined) {
      if (!isCommand(token)) return { ok: false, error: `unknown command "${token}"` };
      command = token;
    } else {
      positional.push(token);
    }
  }

  if (command === undefined) {
    if (flags.help) command = 'help';
    else return { ok: false, error: 'no command given' };
  }
  const spec: CommandSpec = COMMANDS[command];
  if (!flags.help) {
    if (positional.length < spec.args.length) {
      return {
        ok: false,
        command,
        error: `"${command}" needs <${spec.args[positional.length]}>`,
      };
    }
    if (positional.length > spec.args.length) {
      return {
        ok: false,
        command,
        error: `unexpected argument "${positional[spec.args.length]}" for "${command}"`,
      };
    }
  }
  const { json, compile, ...rest } = flags;
  return {
    ok: true,
    value: {
      command: flags.help ? 'help' : command,
      args: Object.fromEntries(spec.args.map((name, index) => [name, positional[index]])),
      flags: rest,
      json: json === true,
      compile: compile === true,
    },
  };
};

/** How to name a task on the command line: an id, or its name. */
export type TaskRef = { id: number } | { name: string };

export const taskRef = (text: string): TaskRef =>
  /^[1-9]\d{0,14}$/.test(text) ? { id: Number(text) } : { name: text };

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * `--since`: an ISO 8601 date or a duration back from now (`90m`, `24h`, `7d`). Null when it is
 * neither.
 */
export const parseSince = (text: string, now: number): number | null => {
  const relative = /^(\d{1,6})([smhd])$/.exec(text);
  if (relative) return now - Number(relative[1]) * UNITS[relative[2]];
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return null;
  const at = Date.parse(text);
  return Number.isFinite(at) ? at : null;
};

/** `--limit`: 1 to 100 runs (the runs list's page size). */
export const parseLimit = (text: string): number | null =>
  /^\d{1,3}$/.test(text) && Number(text) >= 1 && Number(text) <= 100 ? Number(text) : null;

export const usage = (command?: CommandName): string => {
  const lines = ['Usage: npx strapi-maintenance <command> [arguments] [--json]', ''];
  const names =
    command && command !== 'help' ? [command] : (Object.keys(COMMANDS) as CommandName[]);
  for (const name of names) {
    const spec: CommandSpec = COMMANDS[name];
    const args = spec.args.map((arg) => ` <${arg}>`).join('');
    const flags = Object.entries(spec.flags)
      .map(
        ([flag, { value }]) =>
          ` [--${flag}${value ? ` <${flag === 'since' ? 'when' : flag === 'out' ? 'file' : 'value'}>` : ''}]`
      )
      .join('');
    lines.push(`  ${name}${args}${flags}`, `      ${spec.summary}`);
  }
  lines.push(
    '',
    'Run it in the site’s directory: it boots the site without its HTTP server (as `strapi console`',
    'does), using its built dist (--compile to compile a TypeScript site first).',
    '--json prints one JSON document on stdout; logs go to stderr.',
    'Exit codes: 0 done, 1 a run failed, 2 bad arguments, 3 refused (unknown task, live lease,',
    'invalid import, task running), 4 the site could not start or an unexpected error.'
  );
  return lines.join('\n');
};
