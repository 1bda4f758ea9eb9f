import {
  Box,
  Button,
  Field,
  Flex,
  Grid,
  NumberInput,
  Radio,
  TextButton,
  Toggle,
  Typography,
} from '@strapi/design-system';
import { ArrowClockwise, Check } from '@strapi/icons';
import { Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { useEffect, useMemo, useState, type ReactNode } from 'react';

import {
  useGetMaintenanceSettingsQuery,
  useUpdateMaintenanceSettingsMutation,
} from '../../api/maintenance';
import { apiMessage, fieldErrors } from '../../api/errors';
import type { EditableSettingKey, RunLimits, TriggerMode } from '../../../../server/src/contracts';
import { formatDuration } from '../../components/runs/format';
import { CopyLine } from '../../components/settings/CopyLine';
import { NotificationsSection } from '../../components/settings/NotificationsSection';
import { TokensSection } from '../../components/settings/TokensSection';
import { TransferSection } from '../../components/transfer/TransferSection';
import {
  crontabLine,
  curlLine,
  formFromSettings,
  healthUrl,
  isOverridden,
  LIMIT_FIELDS,
  settingsPayload,
  TOKEN_FILE,
  TOKEN_VARIABLE,
  wakeUrl,
  type SettingsForm,
} from '../../components/settings/wakeLines';
import { PERMISSIONS } from '../../permissions';
import { useTranslate, type Translate } from '../../hooks/useTranslate';

const Section = ({
  title,
  description,
  action,
  children,
}: {
  title: string;
  description?: ReactNode;
  action?: ReactNode;
  children: ReactNode;
}) => (
  <Box
    background="neutral0"
    hasRadius
    shadow="tableShadow"
    padding={6}
    tag="section"
    aria-label={title}
  >
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Flex justifyContent="space-between" alignItems="flex-start" gap={4}>
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <Typography variant="delta" tag="h2">
            {title}
          </Typography>
          {description ? (
            <Typography variant="pi" textColor="neutral600">
              {description}
            </Typography>
          ) : null}
        </Flex>
        {action ? <Box shrink={0}>{action}</Box> : null}
      </Flex>
      {children}
    </Flex>
  </Box>
);

const LIMIT_LABELS: Record<keyof RunLimits, [string, string]> = {
  timeLimitMs: ['settings.limits.timeLimitMs', 'CPU time (ms)'],
  memoryLimitMb: ['settings.limits.memoryLimitMb', 'Memory (MB)'],
  wallTimeLimitMs: ['settings.limits.wallTimeLimitMs', 'Wall-clock time (ms)'],
};

const limitHint = (field: keyof RunLimits, value: number | undefined, t: Translate) =>
  value === undefined
    ? undefined
    : field === 'memoryLimitMb'
      ? undefined
      : t('settings.limits.hint', '= {duration}', { duration: formatDuration(value) });

const SettingsContent = () => {
  const t = useTranslate();
  const { toggleNotification } = useNotification();
  // Read afresh on each visit (the server re-reads the store then).
  const {
    data: settings = null,
    error,
    refetch,
  } = useGetMaintenanceSettingsQuery(undefined, { refetchOnMountOrArgChange: true });
  const [updateSettings] = useUpdateMaintenanceSettingsMutation();
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const failed = error !== undefined;

  const url = useMemo(() => wakeUrl(window.location.origin), []);
  const monitorUrl = useMemo(() => healthUrl(window.location.origin), []);

  // The form starts from the settings as first read; later reads (tokens) keep the edits.
  useEffect(() => {
    if (settings && form === null) setForm(formFromSettings(settings));
  }, [settings, form]);
  const failureMessage =
    failed && !settings
      ? apiMessage(error, t('settings.loadFailed', 'The settings could not be loaded'))
      : null;
  useEffect(() => {
    if (failureMessage) toggleNotification({ type: 'danger', message: failureMessage });
  }, [failureMessage, toggleNotification]);

  const payload = useMemo(
    () => (form && settings ? settingsPayload(form, settings) : {}),
    [form, settings]
  );
  const dirty = Object.keys(payload).length > 0;

  if (failed && !settings) return <Page.Error />;
  if (!settings || !form) return <Page.Loading />;

  const save = async () => {
    setSaving(true);
    try {
      const saved = await updateSettings(payload).unwrap();
      setForm(formFromSettings(saved));
      setErrors({});
      toggleNotification({ type: 'success', message: t('settings.saved', 'Settings saved') });
    } catch (error) {
      setErrors(fieldErrors(error));
      toggleNotification({
        type: 'danger',
        message: apiMessage(error, t('settings.saveFailed', 'The settings could not be saved')),
      });
    } finally {
      setSaving(false);
    }
  };

  /** Puts one setting back to config/plugins' value (null), keeping the other edits. */
  const reset = async (key: EditableSettingKey) => {
    try {
      const saved = await updateSettings({ [key]: null }).unwrap();
      setForm((previous) => ({
        ...(previous ?? formFromSettings(saved)),
        [key]: formFromSettings(saved)[key],
      }));
      setErrors((previous) =>
        Object.fromEntries(
          Object.entries(previous).filter(([path]) => path !== key && !path.startsWith(`${key}.`))
        )
      );
      toggleNotification({
        type: 'success',
        message: t('settings.resetDone', 'Back to the configuration value'),
      });
    } catch (error) {
      setErrors(fieldErrors(error));
      toggleNotification({
        type: 'danger',
        message: apiMessage(error, t('settings.saveFailed', 'The settings could not be saved')),
      });
    }
  };

  const resetAction = (key: EditableSettingKey) =>
    isOverridden(settings, key) ? (
      <TextButton startIcon={<ArrowClockwise />} onClick={() => void reset(key)}>
        {t('settings.reset', 'Reset to the configuration value')}
      </TextButton>
    ) : (
      <Typography variant="pi" textColor="neutral500">
        {t('settings.fromConfig', 'From the configuration')}
      </Typography>
    );

  const update = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) =>
    setForm((previous) => (previous ? { ...previous, [key]: value } : previous));

  const modes: Array<{ value: TriggerMode; label: string; help: string }> = [
    {
      value: 'open',
      label: t('settings.mode.open', 'Open'),
      help: t(
        'settings.mode.open.help',
        'Anyone may call the route. It only runs what is due and tells anonymous callers counts only; a caller with a valid token gets details.'
      ),
    },
    {
      value: 'token',
      label: t('settings.mode.token', 'Token'),
      help: t(
        'settings.mode.token.help',
        'Only callers presenting a valid token (Authorization: Bearer mnt_…) may call it; others get 401. Create a token first.'
      ),
    },
    {
      value: 'disabled',
      label: t('settings.mode.disabled', 'Disabled'),
      help: t(
        'settings.mode.disabled.help',
        'Nobody may call it (403). The built-in timer and “Run now” still work.'
      ),
    },
  ];

  const crontab = crontabLine(url, form.triggerMode);
  const curl = curlLine(url, form.triggerMode);

  const limitsGroup = (key: 'defaults' | 'caps') => (
    <Grid.Root gap={4}>
      {LIMIT_FIELDS.map((field) => {
        const path = `${key}.${field}`;
        const value = form[key][field];
        return (
          <Grid.Item key={field} col={4} s={12} direction="column" alignItems="stretch">
            <Field.Root
              name={path}
              error={errors[path] ?? errors[key]}
              hint={limitHint(field, value, t)}
              required
            >
              <Field.Label>{t(...LIMIT_LABELS[field])}</Field.Label>
              <NumberInput
                value={value}
                step={field === 'memoryLimitMb' ? 1 : 1000}
                onValueChange={(next) => update(key, { ...form[key], [field]: next })}
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
        );
      })}
    </Grid.Root>
  );

  return (
    <Page.Main>
      <Page.Title>{t('settings.title', 'Maintenance settings')}</Page.Title>
      <Layouts.Header
        title={t('settings.title', 'Maintenance settings')}
        subtitle={t(
          'settings.subtitle',
          'How maintenance is woken up, default limits of scripts and run history retention'
        )}
        primaryAction={
          <Button
            startIcon={<Check />}
            onClick={() => void save()}
            disabled={!dirty}
            loading={saving}
          >
            {t('settings.save', 'Save')}
          </Button>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Section
            title={t('settings.route.title', 'Wake-up route')}
            description={t(
              'settings.route.description',
              'Tasks run when the plugin is woken: by the built-in timer, or by anything calling this URL (a cron job, a monitoring service). Each slot runs once however many callers there are.'
            )}
            action={resetAction('triggerMode')}
          >
            <Field.Root name="triggerMode" error={errors.triggerMode}>
              <Field.Label>{t('settings.mode.label', 'Who may call the route')}</Field.Label>
              <Radio.Group
                value={form.triggerMode}
                onValueChange={(value: string) => update('triggerMode', value as TriggerMode)}
                aria-label={t('settings.mode.label', 'Who may call the route')}
              >
                {modes.map((mode) => (
                  <Radio.Item key={mode.value} value={mode.value}>
                    <Flex direction="column" alignItems="flex-start" paddingBottom={2}>
                      <Typography fontWeight="semiBold">{mode.label}</Typography>
                      <Typography variant="pi" textColor="neutral600">
                        {mode.help}
                      </Typography>
                    </Flex>
                  </Radio.Item>
                ))}
              </Radio.Group>
              <Field.Error />
            </Field.Root>
            <CopyLine label={t('settings.route.url', 'Route URL')} value={url} testId="wake-url" />
            {crontab && curl ? (
              <>
                <CopyLine
                  label={t('settings.lines.crontab', 'Crontab line (every 5 minutes)')}
                  value={crontab}
                  testId="crontab-line"
                />
                <CopyLine
                  label={t('settings.lines.curl', 'One call from a terminal')}
                  value={curl}
                  testId="curl-line"
                />
                {form.triggerMode === 'token' ? (
                  <Typography variant="pi" textColor="neutral600">
                    {t(
                      'settings.lines.tokenHelp',
                      'The token goes in the Authorization header. The crontab line reads it from {file} (readable only by the cron user); in a terminal, set {variable} first. Avoid ?token=: proxies may log URLs.',
                      { file: TOKEN_FILE, variable: TOKEN_VARIABLE }
                    )}
                  </Typography>
                ) : null}
              </>
            ) : (
              <Typography variant="pi" textColor="neutral600">
                {t(
                  'settings.lines.disabled',
                  'The route is disabled: cron jobs calling it get 403. Wake-ups come from the built-in timer only.'
                )}
              </Typography>
            )}
            {form.triggerMode !== 'disabled' ? (
              <Flex direction="column" alignItems="stretch" gap={1}>
                <CopyLine
                  label={t('settings.route.health', 'Health check for uptime monitors')}
                  value={monitorUrl}
                  testId="health-url"
                />
                <Typography variant="pi" textColor="neutral600">
                  {t(
                    'settings.route.healthHelp',
                    'Answers 200 while maintenance works and 503 when wake-ups have stopped or tasks are overdue. Same trigger mode as the route: in token mode, send the token the same way.'
                  )}
                </Typography>
              </Flex>
            ) : null}
            {dirty && form.triggerMode !== settings.triggerMode ? (
              <Typography variant="pi" textColor="warning600">
                {t(
                  'settings.lines.unsaved',
                  'These lines are for the mode chosen above: save to apply it.'
                )}
              </Typography>
            ) : null}
          </Section>

          <Section
            title={t('settings.tokens.title', 'Tokens')}
            description={t(
              'settings.tokens.description',
              'Tokens let a caller through in token mode (and give it details in open mode). Several may exist, so one can be rotated without downtime: create a new one, switch the cron job, check the old one is no longer used, revoke it.'
            )}
          >
            <TokensSection
              tokens={settings.tokens}
              url={url}
              onChanged={async () => {
                await refetch();
              }}
            />
          </Section>

          <Section
            title={t('settings.timer.title', 'Built-in timer')}
            description={t(
              'settings.timer.description',
              'Each Strapi instance arms a timer for the next slot and wakes the plugin itself. Switch it off to rely on an external cron job only.'
            )}
            action={resetAction('autoRun')}
          >
            <Field.Root name="autoRun" error={errors.autoRun}>
              <Field.Label>
                {t('settings.autoRun', 'Run due tasks automatically (autoRun)')}
              </Field.Label>
              <Toggle
                checked={form.autoRun}
                onLabel={t('settings.on', 'On')}
                offLabel={t('settings.off', 'Off')}
                onChange={(event) => update('autoRun', event.currentTarget.checked)}
              />
              <Field.Error />
            </Field.Root>
          </Section>

          <Section
            title={t('settings.defaults.title', 'Default limits')}
            description={t(
              'settings.defaults.description',
              'Limits of a task that sets none. They may not exceed the caps.'
            )}
            action={resetAction('defaults')}
          >
            {limitsGroup('defaults')}
          </Section>

          <Section
            title={t('settings.caps.title', 'Caps')}
            description={t('settings.caps.description', 'The most any task may ask for.')}
            action={resetAction('caps')}
          >
            {limitsGroup('caps')}
          </Section>

          <Section
            title={t('settings.retention.title', 'Run history retention')}
            description={t(
              'settings.retention.description',
              'Delete runs older than a number of days, keeping each task’s last runs, its last failure and runs still going. Leave the days empty to keep runs (the built-in “Purge maintenance run history” task may prune them instead).'
            )}
            action={resetAction('retention')}
          >
            <Grid.Root gap={4}>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <Field.Root
                  name="retention.days"
                  error={errors['retention.days'] ?? errors.retention}
                  hint={t('settings.retention.daysHint', '1–36500; empty keeps runs forever')}
                >
                  <Field.Label>{t('settings.retention.days', 'Keep runs for (days)')}</Field.Label>
                  <NumberInput
                    value={form.retention.days ?? undefined}
                    onValueChange={(days) =>
                      update('retention', { ...form.retention, days: days ?? null })
                    }
                  />
                  <Field.Hint />
                  <Field.Error />
                </Field.Root>
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <Field.Root
                  name="retention.keepLast"
                  error={errors['retention.keepLast']}
                  hint={t(
                    'settings.retention.keepLastHint',
                    'Runs kept per task whatever their age (0–10000)'
                  )}
                  required
                >
                  <Field.Label>
                    {t('settings.retention.keepLast', 'Always keep the last')}
                  </Field.Label>
                  <NumberInput
                    value={form.retention.keepLast}
                    onValueChange={(keepLast) =>
                      update('retention', { ...form.retention, keepLast })
                    }
                  />
                  <Field.Hint />
                  <Field.Error />
                </Field.Root>
              </Grid.Item>
            </Grid.Root>
          </Section>

          <Section
            title={t('settings.notifications.title', 'Notifications')}
            description={t(
              'settings.notifications.description',
              'The plugin sends these events through Strapi’s webhooks. Strapi’s webhook form only lists content events, so subscribe webhooks to them here.'
            )}
          >
            <NotificationsSection />
          </Section>

          <Section
            title={t('settings.transfer.title', 'Export and import')}
            description={t(
              'settings.transfer.description',
              'Keep a copy of your scripts and tasks, or move them to another site: one JSON file, signed by this site, without runs or tokens. To import on another site, both need the same exportSecret.'
            )}
          >
            <TransferSection />
          </Section>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

/** Needs "Manage settings"; the sub-navigation hides the link otherwise. */
export const SettingsPage = () => (
  <Page.Protect permissions={PERMISSIONS.manageSettings}>
    <SettingsContent />
  </Page.Protect>
);
