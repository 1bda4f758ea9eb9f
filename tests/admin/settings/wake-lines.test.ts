import type { Settings } from '../../../server/src/contracts';
import {
  crontabLine,
  curlLine,
  tokenPromptLine,
  formFromSettings,
  healthUrl,
  isOverridden,
  errorsWithoutSetting,
  settingsFieldOf,
  settingsPayload,
  shellQuote,
  wakeUrl,
} from '../../../admin/src/components/settings/wakeLines';

const URL = 'https://example.com/api/maintenance/runMaintenanceTasks';

describe('wake-up route lines', () => {
  test('Given the admin origin, when the route URL is built, then it is the public route', () => {
    expect(wakeUrl('https://example.com')).toBe(URL);
    expect(wakeUrl('http://127.0.0.1:1337/')).toBe(
      'http://127.0.0.1:1337/api/maintenance/runMaintenanceTasks'
    );
  });

  test('Given the admin origin, when the health URL is built, then it is the public watchdog route', () => {
    expect(healthUrl('https://example.com/')).toBe('https://example.com/api/maintenance/health');
  });

  test('Given open mode, when the lines are built, then they POST without a token', () => {
    expect(curlLine(URL, 'open')).toBe(`curl -fsS -X POST ${URL}`);
    expect(crontabLine(URL, 'open')).toBe(`*/5 * * * * curl -fsS -X POST ${URL} > /dev/null`);
  });

  test('Given token mode, when the lines are built, then the token goes in the Authorization header', () => {
    expect(curlLine(URL, 'token')).toBe(
      `curl -fsS -X POST -H "Authorization: Bearer $MAINTENANCE_TOKEN" ${URL}`
    );
    expect(crontabLine(URL, 'token')).toBe(
      `*/5 * * * * curl -fsS -X POST -H "Authorization: Bearer $(cat /etc/maintenance-token)" ${URL} > /dev/null`
    );
    expect(crontabLine(URL, 'token')).not.toContain('token=');
  });

  test('Given a token to try, when the lines are built, then it is read at a prompt, never typed into a command', () => {
    expect(tokenPromptLine()).toBe('read -rs MAINTENANCE_TOKEN && export MAINTENANCE_TOKEN');
    expect(curlLine(URL, 'token')).toContain('$MAINTENANCE_TOKEN');
  });

  test('Given disabled mode, when the lines are built, then there are none', () => {
    expect(curlLine(URL, 'disabled')).toBeNull();
    expect(crontabLine(URL, 'disabled')).toBeNull();
  });

  test('Given a URL with % or shell characters, when put in a crontab, then it is quoted and % escaped', () => {
    const odd = "https://example.com/a%20b/it's";
    expect(crontabLine(odd, 'open', { schedule: '0 * * * *' })).toBe(
      `0 * * * * curl -fsS -X POST 'https://example.com/a\\%20b/it'\\''s' > /dev/null`
    );
    expect(shellQuote('plain/url:1337')).toBe('plain/url:1337');
  });
});

const settings = (): Settings => ({
  triggerMode: 'open',
  autoRun: true,
  concurrency: 4,
  defaults: { timeLimitMs: 30000, memoryLimitMb: 64, wallTimeLimitMs: 300000 },
  caps: { timeLimitMs: 600000, memoryLimitMb: 512, wallTimeLimitMs: 3600000 },
  retention: { days: null, keepLast: 20 },
  tokens: [],
  overridden: ['autoRun'],
  configDefaults: {
    triggerMode: 'open',
    autoRun: false,
    concurrency: 4,
    defaults: { timeLimitMs: 30000, memoryLimitMb: 64, wallTimeLimitMs: 300000 },
    caps: { timeLimitMs: 600000, memoryLimitMb: 512, wallTimeLimitMs: 3600000 },
    retention: { days: null, keepLast: 20 },
  },
});

describe('settings form', () => {
  test('Given an untouched form, when saved, then nothing is sent', () => {
    const current = settings();
    expect(settingsPayload(formFromSettings(current), current)).toEqual({});
  });

  test('Given edits, when saved, then only the changed settings are sent, whole', () => {
    const current = settings();
    const form = formFromSettings(current);
    form.triggerMode = 'token';
    form.defaults.timeLimitMs = 60000;
    form.retention.days = 30;
    expect(settingsPayload(form, current)).toEqual({
      triggerMode: 'token',
      defaults: { timeLimitMs: 60000, memoryLimitMb: 64, wallTimeLimitMs: 300000 },
      retention: { days: 30, keepLast: 20 },
    });
  });

  test('Given a cleared number, when saved, then it is sent as null for the server to name', () => {
    const current = settings();
    const form = formFromSettings(current);
    form.caps.memoryLimitMb = undefined;
    expect(settingsPayload(form, current).caps).toEqual({
      timeLimitMs: 600000,
      memoryLimitMb: null,
      wallTimeLimitMs: 3600000,
    });
  });

  test('Given the form, when edited, then the settings it came from are not changed', () => {
    const current = settings();
    formFromSettings(current).defaults.timeLimitMs = 1;
    expect(current.defaults.timeLimitMs).toBe(30000);
  });

  test('Given overridden settings, when asked, then only those can be reset', () => {
    expect(isOverridden(settings(), 'autoRun')).toBe(true);
    expect(isOverridden(settings(), 'caps')).toBe(false);
  });

  test("Given the form's errors, when one setting is reset, then its errors (with its fields') go and the others stay", () => {
    expect(
      errorsWithoutSetting(
        { defaults: { timeLimitMs: 'too big' }, caps: { memoryLimitMb: 'bad' }, triggerMode: 'x' },
        'defaults'
      )
    ).toEqual({ caps: { memoryLimitMb: 'bad' }, triggerMode: 'x' });
  });

  test('Given a server error on a field, when placed on the form, then it stays on that field', () => {
    expect(settingsFieldOf('caps.memoryLimitMb')).toBe('caps.memoryLimitMb');
    expect(settingsFieldOf('concurrency')).toBe('concurrency');
  });

  test("Given a server error on a whole group, when placed on the form, then it lands on the group's first field", () => {
    expect(settingsFieldOf('caps')).toBe('caps.timeLimitMs');
    expect(settingsFieldOf('retention')).toBe('retention.days');
  });
});
