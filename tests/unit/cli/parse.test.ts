import {
  EXIT,
  parseArgs,
  parseLimit,
  parseSince,
  taskRef,
  usage,
} from '../../../server/src/cli/parse';

const parsed = (argv: string[]) => {
  const result = parseArgs(argv);
  if (!result.ok) throw new Error(`expected a command, got: ${result.error}`);
  return result.value;
};
const refused = (argv: string[]) => {
  const result = parseArgs(argv);
  if (result.ok) throw new Error(`expected an error for ${argv.join(' ')}`);
  return result.error;
};

describe('commands and arguments', () => {
  test('Given a command without arguments, When parsed, Then it is that command with no flags', () => {
    expect(parsed(['list'])).toEqual({
      command: 'list',
      args: {},
      flags: {},
      json: false,
      compile: false,
    });
  });

  test('Given run with a task and --dry-run and --json, When parsed, Then each lands in its place', () => {
    expect(parsed(['run', 'Nightly purge', '--dry-run', '--json'])).toEqual({
      command: 'run',
      args: { task: 'Nightly purge' },
      flags: { 'dry-run': true },
      json: true,
      compile: false,
    });
  });

  test('Given a flag with a value, When written with a space or with =, Then both give the value', () => {
    expect(parsed(['pause', '--reason', 'db migration']).flags).toEqual({ reason: 'db migration' });
    expect(parsed(['pause', '--reason=db migration']).flags).toEqual({ reason: 'db migration' });
  });

  test('Given runs with every filter, When parsed, Then all are kept as given', () => {
    expect(
      parsed(['runs', '--task', '7', '--failed', '--since', '24h', '--limit=5']).flags
    ).toEqual({
      task: '7',
      failed: true,
      since: '24h',
      limit: '5',
    });
  });

  test('Given a task name that starts with a dash, When it follows --, Then it is the argument', () => {
    expect(parsed(['unlock', '--', '-odd-name']).args).toEqual({ task: '-odd-name' });
  });

  test('Given --help or -h, When parsed, Then it is the help', () => {
    expect(parsed(['--help']).command).toBe('help');
    expect(parsed(['run', '-h']).command).toBe('help');
  });
});

describe('bad arguments', () => {
  test('Given no command, Then it says so', () => {
    expect(refused([])).toBe('no command given');
  });

  test('Given an unknown command, Then it names it', () => {
    expect(refused(['purge'])).toBe('unknown command "purge"');
  });

  test('Given a flag another command takes, Then it is unknown for this one', () => {
    expect(refused(['list', '--dry-run'])).toBe('unknown flag --dry-run for "list"');
  });

  test('Given a flag named like an object property, Then it is unknown', () => {
    expect(refused(['list', '--constructor'])).toBe('unknown flag --constructor for "list"');
  });

  test('Given run without a task, Then it says the task is needed', () => {
    expect(refused(['run'])).toBe('"run" needs <task>');
  });

  test('Given an argument too many, Then it names it', () => {
    expect(refused(['wake', 'now'])).toBe('unexpected argument "now" for "wake"');
  });

  test('Given a flag that needs a value and has none, Then it says so', () => {
    expect(refused(['pause', '--reason'])).toBe('--reason needs a value');
    expect(refused(['runs', '--since', '--failed'])).toBe('--since needs a value');
  });

  test('Given a switch with a value, Then it is refused', () => {
    expect(refused(['runs', '--failed=yes'])).toBe('--failed takes no value');
  });

  test('Given a short option, Then it is unknown', () => {
    expect(refused(['list', '-j'])).toBe('unknown option -j');
  });
});

describe('values', () => {
  const NOW = Date.parse('2027-03-01T12:00:00Z');

  test('Given digits, Then the task is named by id; otherwise by name', () => {
    expect(taskRef('12')).toEqual({ id: 12 });
    expect(taskRef('012')).toEqual({ name: '012' });
    expect(taskRef('Purge 2')).toEqual({ name: 'Purge 2' });
  });

  test('Given a duration, Then --since is that long before now', () => {
    expect(parseSince('90m', NOW)).toBe(NOW - 90 * 60_000);
    expect(parseSince('7d', NOW)).toBe(NOW - 7 * 86_400_000);
  });

  test('Given an ISO date, Then --since is that instant', () => {
    expect(parseSince('2027-02-28T00:00:00Z', NOW)).toBe(Date.parse('2027-02-28T00:00:00Z'));
  });

  test('Given neither, Then --since is refused', () => {
    expect(parseSince('yesterday', NOW)).toBeNull();
    expect(parseSince('12', NOW)).toBeNull();
  });

  test('Given a limit, Then it must be 1 to 100', () => {
    expect(parseLimit('5')).toBe(5);
    expect(parseLimit('0')).toBeNull();
    expect(parseLimit('101')).toBeNull();
    expect(parseLimit('x')).toBeNull();
  });
});

describe('usage', () => {
  test('Given the usage, Then it lists every command and the exit codes', () => {
    const text = usage();
    for (const command of [
      'list',
      'run',
      'wake',
      'pause',
      'resume',
      'runs',
      'unlock',
      'export',
      'import',
    ]) {
      expect(text).toContain(`\n  ${command}`);
    }
    expect(text).toContain('Exit codes: 0 done, 1 a run failed, 2 bad arguments');
    expect(EXIT).toEqual({ ok: 0, runFailed: 1, usage: 2, refused: 3, error: 4 });
  });
});
