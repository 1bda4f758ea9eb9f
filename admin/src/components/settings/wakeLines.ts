/**
 * Pure helpers for the settings page: the wake-up route's URL and the crontab and curl lines an
 * administrator pastes into a server. No React, no Strapi imports.
 */
import type {
  EditableSettingKey,
  EditableSettings,
  RunLimits,
  RunLimitsInput,
  Settings,
  SettingsUpdate,
  TriggerMode,
} from '../../../../server/src/contracts';

export const WAKE_PATH = '/api/maintenance/runMaintenanceTasks';

/** Where a token is read from in the crontab line (docs/api.md: a file only cron can read). */
export const TOKEN_FILE = '/etc/maintenance-token';

/** The variable holding the token in the curl line, for a terminal. */
export const TOKEN_VARIABLE = 'MAINTENANCE_TOKEN';

export const DEFAULT_CRON_SCHEDULE = '*/5 * * * *';

/** The public wake-up route of the site whose admin panel is open. */
export const wakeUrl = (origin: string) => `${origin.replace(/\/+$/, '')}${WAKE_PATH}`;

export const HEALTH_PATH = '/api/maintenance/health';

/** The public watchdog route for uptime monitors: 200 while maintenance works, 503 when not. */
export const healthUrl = (origin: string) => `${origin.replace(/\/+$/, '')}${HEALTH_PATH}`;

/** Quotes a word for a POSIX shell when it needs it. */
export const shellQuote = (word: string) =>
  /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;

/**
 * One curl call of the route: POST, failing on HTTP errors, silent. In token mode the token goes in
 * the Authorization header (never in the URL, which proxies may log), from a variable: a token
 * typed into a command line stays in the shell's history. Null when the route is disabled.
 */
export const curlLine = (url: string, mode: TriggerMode): string | null => {
  if (mode === 'disabled') return null;
  const header = mode === 'token' ? ` -H "Authorization: Bearer $${TOKEN_VARIABLE}"` : '';
  return `curl -fsS -X POST${header} ${shellQuote(url)}`;
};

/** Reads the token into the curl line's variable at a prompt that does not echo it. */
export const tokenPromptLine = () => `read -rs ${TOKEN_VARIABLE} && export ${TOKEN_VARIABLE}`;

/**
 * A crontab line calling the route. In token mode the token is read from a file at each call, so
 * the secret is not in the crontab. `%` is special in crontab lines (it ends the command) and is
 * escaped. Null when the route is disabled.
 */
export const crontabLine = (
  url: string,
  mode: TriggerMode,
  { schedule = DEFAULT_CRON_SCHEDULE }: { schedule?: string } = {}
): string | null => {
  if (mode === 'disabled') return null;
  const header =
    mode === 'token' ? ` -H "Authorization: Bearer $(cat ${shellQuote(TOKEN_FILE)})"` : '';
  const command = `curl -fsS -X POST${header} ${shellQuote(url)} > /dev/null`;
  return `${schedule} ${command.replace(/%/g, '\\%')}`;
};

/* ---------- The settings form ---------- */

export interface SettingsForm {
  triggerMode: TriggerMode;
  autoRun: boolean;
  concurrency: number | undefined;
  defaults: Partial<RunLimits>;
  caps: Partial<RunLimits>;
  retention: { days: number | null | undefined; keepLast: number | undefined };
}

export const LIMIT_FIELDS: Array<keyof RunLimits> = [
  'timeLimitMs',
  'memoryLimitMb',
  'wallTimeLimitMs',
];

export const formFromSettings = (settings: EditableSettings): SettingsForm => ({
  triggerMode: settings.triggerMode,
  autoRun: settings.autoRun,
  concurrency: settings.concurrency,
  defaults: { ...settings.defaults },
  caps: { ...settings.caps },
  retention: { ...settings.retention },
});

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The PUT /settings body for what the form changed, compared with the settings in force: only the
 * settings that differ are sent (a blank number is sent as null inside its object so that the
 * server says which field is missing).
 */
export const settingsPayload = (form: SettingsForm, current: EditableSettings): SettingsUpdate => {
  const body: SettingsUpdate = {};
  if (form.triggerMode !== current.triggerMode) body.triggerMode = form.triggerMode;
  if (form.autoRun !== current.autoRun) body.autoRun = form.autoRun;
  if (form.concurrency !== current.concurrency) body.concurrency = form.concurrency ?? null;
  for (const key of ['defaults', 'caps'] as const) {
    const limits = Object.fromEntries(
      LIMIT_FIELDS.map((field) => [field, form[key][field] ?? null])
    ) as RunLimitsInput;
    if (!same(limits, current[key])) body[key] = limits;
  }
  const retention = {
    days: form.retention.days ?? null,
    keepLast: form.retention.keepLast ?? null,
  };
  if (!same(retention, current.retention)) body.retention = retention;
  return body;
};

/** Whether a setting is set in the admin panel over config/plugins (and so can be reset). */
export const isOverridden = (settings: Pick<Settings, 'overridden'>, key: EditableSettingKey) =>
  settings.overridden.includes(key);

/**
 * The form's errors left once one setting is reset: its own (`caps`, with its fields' under it)
 * go, the others stay. Strapi's form keeps errors nested by path, so a setting is a top-level key.
 */
export const errorsWithoutSetting = <Errors extends Record<string, unknown>>(
  errors: Errors,
  key: EditableSettingKey
): Errors => Object.fromEntries(Object.entries(errors).filter(([path]) => path !== key)) as Errors;

/**
 * The form field that shows an error the server gave at `path`: a field's own stays there, one
 * about a whole group (`caps`, `retention`) goes onto the group's first field, which has room for it.
 */
export const settingsFieldOf = (path: string): string => {
  if (path === 'defaults' || path === 'caps') return `${path}.${LIMIT_FIELDS[0]}`;
  if (path === 'retention') return 'retention.days';
  return path;
};
