import {
  Alert,
  Box,
  Button,
  Combobox,
  ComboboxOption,
  DateTimePicker,
  Field,
  Flex,
  Grid,
  NumberInput,
  Radio,
  SingleSelect,
  SingleSelectOption,
  Textarea,
  TextInput,
  Toggle,
  Typography,
} from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { BackButton, Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { useEffect, useMemo, useState } from 'react';
import { useIntl } from 'react-intl';
import { Link as RouterLink, useNavigate, useParams, useSearchParams } from 'react-router-dom';

import {
  useCreateTaskMutation,
  useGetSchedulePreviewQuery,
  useGetScriptsQuery,
  useGetMaintenanceSettingsQuery,
  useGetTaskQuery,
  useTaskActionMutation,
  useUpdateTaskMutation,
} from '../../api/maintenance';
import { apiMessage, apiStatus, fieldErrors } from '../../api/errors';
import {
  MISFIRE_POLICIES,
  type MisfirePolicy,
  type RunLimits,
  type SchedulePreview,
  type ScriptSummary,
  type Task,
} from '../../../../server/src/contracts';
import {
  DEFAULT_AUTO_PAUSE_AFTER,
  DEFAULT_LIMITS,
  DEFAULT_RETRY_BACKOFF_MS,
  emptyTaskForm,
  MAX_RETRIES,
  paramsErrorMessage,
  serverErrorsByField,
  taskBody,
  taskFormFrom,
  validateTaskForm,
  type FieldMessage,
  type TaskFormField,
  type TaskFormValues,
} from '../../components/tasks/form';
import { parseParams } from '../../components/tasks/params';
import { ScheduleBuilder } from '../../components/tasks/ScheduleBuilder';
import { SchedulePreviewList } from '../../components/tasks/SchedulePreviewList';
import { useMaintenancePermissions } from '../../hooks/usePermissions';
import { useTranslate } from '../../hooks/useTranslate';
import { PLUGIN_ID } from '../../pluginId';
import { cronLocale } from '../../schedule/describe';
import { timeZoneNames } from '../../schedule/timezones';
import { getTranslation } from '../../utils/getTranslation';

const base = `/plugins/${PLUGIN_ID}`;
const PREVIEW_DEBOUNCE_MS = 400;
const PREVIEW_COUNT = 5;

type Errors = Partial<Record<TaskFormField | 'form', string>>;

const MISFIRE_TEXT: Record<MisfirePolicy, { label: string; explain: string }> = {
  once: {
    label: 'Once',
    explain: 'After an outage, run the latest missed slot once, however many were missed.',
  },
  skip: {
    label: 'Skip',
    explain:
      'After an outage, run a missed slot only if it is less than a minute late; else wait for the next.',
  },
  backfill: {
    label: 'Backfill',
    explain: 'After an outage, run every missed slot, oldest first, at most 10 per wake-up.',
  },
};

const LIMIT_FIELDS = [
  { field: 'timeLimitMs', label: 'CPU time limit (ms)', unit: 'ms' },
  { field: 'memoryLimitMb', label: 'Memory limit (MB)', unit: 'MB' },
  { field: 'wallTimeLimitMs', label: 'Wall-clock limit (ms)', unit: 'ms' },
] as const;

export const TaskEditPage = () => {
  const { id } = useParams<{ id: string }>();
  const isNew = id === undefined;
  const [search] = useSearchParams();
  const duplicateOf = search.get('duplicate');
  const presetScript = search.get('script');

  const { formatMessage, formatDate, locale } = useIntl();
  const t = useTranslate();
  const message = (m: FieldMessage) =>
    formatMessage({ id: getTranslation(m.id), defaultMessage: m.defaultMessage }, m.values);
  const { toggleNotification } = useNotification();
  const navigate = useNavigate();
  const permissions = useMaintenancePermissions();

  const taskId = isNew ? null : Number(id);
  const sourceId = isNew && duplicateOf ? Number(duplicateOf) : null;
  const scriptsQuery = useGetScriptsQuery();
  const taskQuery = useGetTaskQuery(taskId ?? 0, {
    skip: taskId === null,
    refetchOnMountOrArgChange: true,
  });
  const sourceQuery = useGetTaskQuery(sourceId ?? 0, { skip: sourceId === null });
  // The limits in force for tasks that set none, when this role may read the settings.
  const { data: settings } = useGetMaintenanceSettingsQuery(undefined, {
    skip: !permissions.canManageSettings,
  });
  const [createTask] = useCreateTaskMutation();
  const [updateTask] = useUpdateTaskMutation();
  const [taskAction] = useTaskActionMutation();

  const scripts: ScriptSummary[] = useMemo(() => scriptsQuery.data ?? [], [scriptsQuery.data]);
  const task: Task | null = taskId === null ? null : (taskQuery.data ?? null);
  const limits: RunLimits = settings?.defaults ?? DEFAULT_LIMITS;

  const [values, setValues] = useState<TaskFormValues | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);
  const zones = useMemo(() => timeZoneNames(), []);

  const inCode = Boolean(task?.managedInCode);
  const readOnly = !permissions.canManageTasks || inCode;

  /* ---- loading: the form starts once what it needs is read, again for another task ---- */
  const formKey = `${id ?? 'new'}|${duplicateOf ?? ''}|${presetScript ?? ''}`;
  const [formFor, setFormFor] = useState<string | null>(null);
  const loadedTask = taskQuery.data;
  const source = sourceQuery.data;
  useEffect(() => {
    if (formFor === formKey || !scriptsQuery.data) return;
    if (taskId !== null) {
      if (!loadedTask || loadedTask.id !== taskId) return;
      setValues(taskFormFrom(loadedTask));
    } else if (sourceId !== null) {
      if (!source || source.id !== sourceId) return;
      setValues(
        taskFormFrom(source, {
          copyName: t('tasks.editor.copyName', '{name} (copy)', { name: source.name }),
        })
      );
    } else {
      const script = presetScript
        ? scriptsQuery.data.find((s) => String(s.id) === presetScript)
        : undefined;
      setValues(
        emptyTaskForm(
          script
            ? { script: script.id, name: script.name, description: script.description ?? '' }
            : {}
        )
      );
    }
    setFormFor(formKey);
  }, [formFor, formKey, scriptsQuery.data, taskId, loadedTask, sourceId, source, presetScript, t]);

  const loadError = scriptsQuery.error ?? taskQuery.error ?? sourceQuery.error;
  const loadFailed = loadError !== undefined && values === null;
  const loadFailure = loadFailed
    ? apiMessage(loadError, t('tasks.editor.loadFailed', 'The task could not be loaded'))
    : null;
  useEffect(() => {
    if (loadFailure) toggleNotification({ type: 'danger', message: loadFailure });
  }, [loadFailure, toggleNotification]);

  /* ---- live schedule preview (debounced) ---- */
  const schedule = values?.schedule ?? '';
  const timezone = values?.timezone ?? '';
  // The preview lists the runs the task will really have: inside its active window.
  const windowStart = values?.startAt ?? null;
  const windowEnd = values?.endAt ?? null;
  const hasValues = values !== null;
  const previewArgs = useMemo(
    () =>
      !hasValues || schedule.trim() === ''
        ? null
        : {
            expression: schedule.trim(),
            ...(timezone.trim() ? { timezone: timezone.trim() } : {}),
            count: PREVIEW_COUNT,
            locale: cronLocale(locale),
            ...(windowStart !== null ? { startAt: windowStart } : {}),
            ...(windowEnd !== null ? { endAt: windowEnd } : {}),
          },
    [hasValues, schedule, timezone, locale, windowStart, windowEnd]
  );
  const [askedPreview, setAskedPreview] = useState(previewArgs);
  useEffect(() => {
    const timer = setTimeout(() => setAskedPreview(previewArgs), PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [previewArgs]);
  const previewQuery = useGetSchedulePreviewQuery(askedPreview ?? { expression: '' }, {
    skip: askedPreview === null,
  });
  const previewLoading =
    previewArgs !== null &&
    (previewQuery.isFetching || JSON.stringify(previewArgs) !== JSON.stringify(askedPreview));
  const previewFailure = previewQuery.error
    ? apiMessage(previewQuery.error, t('tasks.preview.failed', 'The preview is not available'))
    : null;
  const preview: SchedulePreview | null =
    previewArgs === null
      ? null
      : previewFailure !== null && !previewQuery.isFetching
        ? { valid: false, field: 'schedule', error: previewFailure }
        : (previewQuery.data ?? null);

  // A new task takes the site's default zone, which the preview names.
  const previewZone = preview?.valid ? preview.timeZone : null;
  useEffect(() => {
    if (previewZone === null) return;
    setValues((current) =>
      current && current.timezone === '' ? { ...current, timezone: previewZone } : current
    );
  }, [previewZone]);

  const previewError = (field: 'schedule' | 'timeZone') =>
    preview && !preview.valid && preview.field === field ? preview.error : null;

  /* ---- editing ---- */
  const set = <K extends keyof TaskFormValues>(field: K, value: TaskFormValues[K]) => {
    setValues((current) => (current ? { ...current, [field]: value } : current));
    setErrors((current) => {
      const key = field === 'paramsText' ? 'params' : field;
      if (!(key in current)) return current;
      const { [key as TaskFormField]: _cleared, ...rest } = current;
      return rest;
    });
  };

  const paramsState = values ? parseParams(values.paramsText) : null;
  const paramsError =
    errors.params ??
    (paramsState && !paramsState.ok ? message(paramsErrorMessage(paramsState.error)) : undefined);
  const scheduleError = errors.schedule ?? previewError('schedule') ?? undefined;
  const timezoneError = errors.timezone ?? previewError('timeZone') ?? undefined;

  const save = async () => {
    if (!values || readOnly) return;
    const found = validateTaskForm(values, { scheduleError: previewError('schedule') });
    const clientErrors: Errors = Object.fromEntries(
      Object.entries(found).map(([field, m]) => [field, message(m as FieldMessage)])
    );
    if (previewError('timeZone')) clientErrors.timezone = previewError('timeZone') ?? undefined;
    if (Object.keys(clientErrors).length > 0) {
      setErrors(clientErrors);
      toggleNotification({
        type: 'warning',
        message: t('tasks.editor.fixErrors', 'Some fields need your attention'),
      });
      return;
    }
    setSaving(true);
    try {
      const body = taskBody(values);
      const saved =
        taskId === null
          ? await createTask(body).unwrap()
          : await updateTask({ id: taskId, body }).unwrap();
      setErrors({});
      // The page shows the saved task before the notification says it is saved.
      if (taskId !== null) {
        setValues(taskFormFrom(saved));
        await taskQuery.refetch();
      }
      toggleNotification({
        type: 'success',
        message: isNew
          ? t('tasks.editor.created', '“{name}” is created', { name: saved.name })
          : t('tasks.editor.saved', '“{name}” is saved', { name: saved.name }),
      });
      if (isNew) navigate(`${base}/tasks/${saved.id}`, { replace: true });
    } catch (error) {
      const byField = serverErrorsByField(fieldErrors(error));
      setErrors(byField);
      toggleNotification({
        type: 'danger',
        message: apiMessage(
          error,
          apiStatus(error) === 403
            ? t('tasks.editor.forbidden', 'You may not change this task')
            : t('tasks.editor.saveFailed', 'The task could not be saved')
        ),
      });
    } finally {
      setSaving(false);
    }
  };

  const resume = async () => {
    if (!task) return;
    try {
      await taskAction({ id: task.id, action: 'resume' }).unwrap();
      await taskQuery.refetch();
      toggleNotification({
        type: 'success',
        message: t('tasks.list.resumed', '“{name}” is resumed', { name: task.name }),
      });
    } catch (error) {
      toggleNotification({
        type: 'danger',
        message: apiMessage(error, t('tasks.list.resumeFailed', 'The task could not be resumed')),
      });
    }
  };

  /** Seals the task's values as they stand: the user has read them and accepts them. */
  const accept = async () => {
    if (!task) return;
    try {
      await taskAction({ id: task.id, action: 'accept' }).unwrap();
      await taskQuery.refetch();
      toggleNotification({
        type: 'success',
        message: t('tasks.editor.accepted', '“{name}” is accepted and will run', {
          name: task.name,
        }),
      });
    } catch (error) {
      toggleNotification({
        type: 'danger',
        message: apiMessage(
          error,
          t('tasks.editor.acceptFailed', 'The task could not be accepted')
        ),
      });
    }
  };

  /* ---- rendering ---- */
  const title = isNew
    ? t('tasks.editor.titleNew', 'Create a task')
    : task
      ? readOnly
        ? task.name
        : t('tasks.editor.titleEdit', 'Edit “{name}”', { name: task.name })
      : t('tasks.editor.title', 'Task');

  if (loadFailed) {
    return (
      <Page.Main>
        <Page.Title>{title}</Page.Title>
        <Layouts.Header
          title={title}
          navigationAction={<BackButton fallback={`${base}/tasks`} />}
        />
        <Layouts.Content>
          <Page.Error />
        </Layouts.Content>
      </Page.Main>
    );
  }
  if (!values) return <Page.Loading />;

  const selectedScript = scripts.find((script) => script.id === values.script);
  const placeholderFor = (field: (typeof LIMIT_FIELDS)[number]['field'], unit: string) =>
    t('tasks.editor.limits.default', 'Default: {value} {unit}', {
      value: limits[field],
      unit,
    });

  const section = (heading: string, children: React.ReactNode, intro?: string) => (
    <Box
      background="neutral0"
      hasRadius
      shadow="tableShadow"
      padding={6}
      tag="section"
      aria-label={heading}
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Box>
          <Typography variant="delta" tag="h2">
            {heading}
          </Typography>
          {intro ? (
            <Typography variant="pi" textColor="neutral600" tag="p">
              {intro}
            </Typography>
          ) : null}
        </Box>
        {children}
      </Flex>
    </Box>
  );

  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        title={title}
        subtitle={
          readOnly && !isNew
            ? inCode
              ? t('tasks.editor.subtitleInCode', 'Read only: this task is managed in code')
              : t('tasks.editor.subtitleReadOnly', 'Read only: your role may not change tasks')
            : t('tasks.editor.subtitle', 'A script, its parameters and when it runs')
        }
        navigationAction={<BackButton fallback={`${base}/tasks`} />}
        primaryAction={
          readOnly ? null : (
            <Button startIcon={<Check />} loading={saving} onClick={() => void save()}>
              {t('tasks.editor.save', 'Save')}
            </Button>
          )
        }
        secondaryAction={
          task ? (
            <Button variant="tertiary" tag={RouterLink} to={`${base}/runs?task=${task.id}`}>
              {t('tasks.editor.runHistory', 'Run history')}
            </Button>
          ) : null
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          {inCode ? (
            <Alert
              variant="default"
              title={t('tasks.editor.inCodeTitle', 'Managed in code')}
              closeLabel={t('tasks.editor.close', 'Close')}
            >
              {t(
                'tasks.editor.inCode',
                'This task is declared in config/plugins (key “{key}”); change it there and restart Strapi.',
                { key: typeof task?.codeKey === 'string' ? task.codeKey : '' }
              )}
            </Alert>
          ) : null}
          {task && task.integrity !== 'valid' ? (
            <Alert
              variant="danger"
              title={t('tasks.editor.outsideTitle', 'This task will not run')}
              closeLabel={t('tasks.editor.close', 'Close')}
              action={
                permissions.canManageTasks ? (
                  <Button size="S" variant="secondary" onClick={() => void accept()}>
                    {t('tasks.action.accept', 'Accept as it stands')}
                  </Button>
                ) : undefined
              }
            >
              {t(
                'tasks.editor.outside',
                'Its script, params, schedule or enabled flag were changed outside the plugin (for example through another plugin or the database). Check the values below, then accept them or save the form.'
              )}
            </Alert>
          ) : null}
          {task && task.pausedAt !== null ? (
            <Alert
              variant="warning"
              title={t('tasks.editor.pausedTitle', 'Paused')}
              closeLabel={t('tasks.editor.close', 'Close')}
              action={
                permissions.canManageTasks ? (
                  <Button size="S" variant="secondary" onClick={() => void resume()}>
                    {t('tasks.action.resume', 'Resume')}
                  </Button>
                ) : undefined
              }
            >
              {typeof task.pausedReason === 'string' && task.pausedReason
                ? task.pausedReason
                : t(
                    'tasks.editor.paused',
                    'This task paused itself after failing several times in a row; it does not run until it is resumed.'
                  )}
            </Alert>
          ) : null}
          {errors.form ? (
            <Alert variant="danger" closeLabel={t('tasks.editor.close', 'Close')}>
              {errors.form}
            </Alert>
          ) : null}

          {section(
            t('tasks.editor.section.general', 'Task'),
            <Grid.Root gap={4}>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <Field.Root name="name" required error={errors.name}>
                  <Field.Label>{t('tasks.editor.name', 'Name')}</Field.Label>
                  <TextInput
                    value={values.name}
                    disabled={readOnly}
                    onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
                      set('name', e.target.value)
                    }
                  />
                  <Field.Error />
                </Field.Root>
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <Field.Root
                  name="script"
                  required
                  error={errors.script}
                  hint={selectedScript?.description ?? undefined}
                >
                  <Field.Label>{t('tasks.editor.script', 'Script')}</Field.Label>
                  <SingleSelect
                    value={values.script ?? undefined}
                    disabled={readOnly}
                    placeholder={t('tasks.editor.script.placeholder', 'Choose a script')}
                    onChange={(value) => set('script', Number(value))}
                  >
                    {scripts.map((script) => (
                      <SingleSelectOption key={script.id} value={script.id}>
                        {script.builtIn
                          ? t('tasks.editor.script.builtIn', '{name} (built-in)', {
                              name: script.name,
                            })
                          : script.name}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                  <Field.Error />
                  <Field.Hint />
                </Field.Root>
                {selectedScript && selectedScript.integrity !== 'valid' ? (
                  <Typography variant="pi" textColor="danger600">
                    {t(
                      'tasks.editor.script.integrity',
                      'This script does not match its signature and will not run until it is saved again.'
                    )}
                  </Typography>
                ) : null}
              </Grid.Item>
              <Grid.Item col={12} direction="column" alignItems="stretch">
                <Field.Root name="description" error={errors.description}>
                  <Field.Label>{t('tasks.editor.description', 'Description')}</Field.Label>
                  <Textarea
                    value={values.description}
                    disabled={readOnly}
                    onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) =>
                      set('description', e.target.value)
                    }
                  />
                  <Field.Error />
                </Field.Root>
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <Field.Root
                  name="enabled"
                  hint={t(
                    'tasks.editor.enabled.hint',
                    'A disabled task keeps its settings but never runs on its own'
                  )}
                >
                  <Field.Label>{t('tasks.editor.enabled', 'Enabled')}</Field.Label>
                  <Toggle
                    checked={values.enabled}
                    disabled={readOnly}
                    onLabel={t('tasks.editor.enabled.on', 'Enabled')}
                    offLabel={t('tasks.editor.enabled.off', 'Disabled')}
                    onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
                      set('enabled', e.target.checked)
                    }
                  />
                  <Field.Hint />
                </Field.Root>
              </Grid.Item>
            </Grid.Root>
          )}

          {section(
            t('tasks.editor.section.params', 'Parameters'),
            <Field.Root
              name="params"
              error={paramsError}
              hint={t(
                'tasks.editor.params.hint',
                'A JSON object the script reads as ctx.params, e.g. { "olderThanDays": 90 }'
              )}
            >
              <Field.Label>{t('tasks.editor.params', 'Params (JSON)')}</Field.Label>
              <Textarea
                value={values.paramsText}
                disabled={readOnly}
                spellCheck={false}
                style={{ fontFamily: 'monospace', minHeight: '8rem' }}
                onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) =>
                  set('paramsText', e.target.value)
                }
              />
              <Field.Error />
              <Field.Hint />
            </Field.Root>
          )}

          {section(
            t('tasks.editor.section.schedule', 'Schedule'),
            <Flex direction="column" alignItems="stretch" gap={4}>
              <ScheduleBuilder
                value={values.schedule}
                onChange={(expression) => set('schedule', expression)}
                error={scheduleError}
                disabled={readOnly}
              />
              <Grid.Root gap={4}>
                <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                  <Field.Root
                    name="timezone"
                    error={timezoneError}
                    hint={t(
                      'tasks.editor.timezone.hint',
                      'The schedule’s times are in this zone (IANA name)'
                    )}
                  >
                    <Field.Label>{t('tasks.editor.timezone', 'Time zone')}</Field.Label>
                    <Combobox
                      value={values.timezone || undefined}
                      disabled={readOnly}
                      autocomplete={{ type: 'list', filter: 'contains' }}
                      placeholder={t('tasks.editor.timezone.placeholder', 'Site default')}
                      noOptionsMessage={() =>
                        t('tasks.editor.timezone.none', 'No time zone has that name')
                      }
                      onChange={(zone) => {
                        if (zone) set('timezone', zone);
                      }}
                    >
                      {zones.map((zone) => (
                        <ComboboxOption key={zone} value={zone}>
                          {zone}
                        </ComboboxOption>
                      ))}
                    </Combobox>
                    <Field.Error />
                    <Field.Hint />
                  </Field.Root>
                </Grid.Item>
              </Grid.Root>
              <Box>
                <Typography variant="sigma" tag="h3" textColor="neutral600">
                  {t('tasks.preview.title', 'Next runs')}
                  {preview?.valid
                    ? ` · ${t('tasks.preview.inZone', 'in {zone}', { zone: preview.timeZone })}`
                    : ''}
                </Typography>
                <Box paddingTop={2}>
                  <SchedulePreviewList preview={preview} loading={previewLoading} />
                </Box>
              </Box>
            </Flex>
          )}

          {section(
            t('tasks.editor.section.window', 'When it may run'),
            <Grid.Root gap={4}>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <Field.Root
                  name="startAt"
                  error={errors.startAt}
                  hint={t(
                    'tasks.editor.startAt.hint',
                    'No run before this moment (your browser’s time)'
                  )}
                >
                  <Field.Label>{t('tasks.editor.startAt', 'Active from')}</Field.Label>
                  <DateTimePicker
                    value={values.startAt !== null ? new Date(values.startAt) : null}
                    disabled={readOnly}
                    clearLabel={t('tasks.editor.clear', 'Clear')}
                    onClear={() => set('startAt', null)}
                    onChange={(date) => set('startAt', date ? date.getTime() : null)}
                  />
                  <Field.Error />
                  <Field.Hint />
                </Field.Root>
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <Field.Root
                  name="endAt"
                  error={errors.endAt}
                  hint={t(
                    'tasks.editor.endAt.hint',
                    'No run after this moment; then the task is finished'
                  )}
                >
                  <Field.Label>{t('tasks.editor.endAt', 'Active until')}</Field.Label>
                  <DateTimePicker
                    value={values.endAt !== null ? new Date(values.endAt) : null}
                    disabled={readOnly}
                    clearLabel={t('tasks.editor.clear', 'Clear')}
                    onClear={() => set('endAt', null)}
                    onChange={(date) => set('endAt', date ? date.getTime() : null)}
                  />
                  <Field.Error />
                  <Field.Hint />
                </Field.Root>
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <Field.Root
                  name="maxRuns"
                  error={errors.maxRuns}
                  hint={t(
                    'tasks.editor.maxRuns.hint',
                    'Stop after this many scheduled runs; empty for no limit'
                  )}
                >
                  <Field.Label>{t('tasks.editor.maxRuns', 'Maximum runs')}</Field.Label>
                  <NumberInput
                    value={values.maxRuns ?? undefined}
                    disabled={readOnly}
                    placeholder={t('tasks.editor.maxRuns.placeholder', 'No limit')}
                    onValueChange={(value) => set('maxRuns', value ?? null)}
                  />
                  <Field.Error />
                  <Field.Hint />
                </Field.Root>
              </Grid.Item>
              <Grid.Item col={12} direction="column" alignItems="stretch">
                <Field.Root name="misfirePolicy" error={errors.misfirePolicy}>
                  <Field.Label>
                    {t('tasks.editor.misfire', 'When runs were missed (Strapi was down)')}
                  </Field.Label>
                  <Radio.Group
                    value={values.misfirePolicy}
                    disabled={readOnly}
                    aria-label={t(
                      'tasks.editor.misfire',
                      'When runs were missed (Strapi was down)'
                    )}
                    onValueChange={(value) => set('misfirePolicy', value as MisfirePolicy)}
                  >
                    {MISFIRE_POLICIES.map((policy) => (
                      <Radio.Item key={policy} value={policy}>
                        <Typography fontWeight="semiBold">
                          {t(`tasks.misfire.${policy}`, MISFIRE_TEXT[policy].label)}
                        </Typography>
                        {' — '}
                        <Typography textColor="neutral600">
                          {t(`tasks.misfire.${policy}.explain`, MISFIRE_TEXT[policy].explain)}
                        </Typography>
                      </Radio.Item>
                    ))}
                  </Radio.Group>
                  <Field.Error />
                </Field.Root>
              </Grid.Item>
            </Grid.Root>
          )}

          {section(
            t('tasks.editor.section.failures', 'When it fails'),
            <Flex direction="column" alignItems="stretch" gap={4}>
              <Grid.Root gap={4}>
                <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
                  <Field.Root
                    name="retries"
                    error={errors.retries}
                    hint={t(
                      'tasks.editor.retries.hint',
                      'Attempts after a failed run of the same slot (0–{max}); 0 does not retry',
                      { max: MAX_RETRIES }
                    )}
                  >
                    <Field.Label>{t('tasks.editor.retries', 'Retries')}</Field.Label>
                    <NumberInput
                      value={values.retries}
                      disabled={readOnly}
                      onValueChange={(value) => set('retries', value ?? 0)}
                    />
                    <Field.Error />
                    <Field.Hint />
                  </Field.Root>
                </Grid.Item>
                <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
                  <Field.Root
                    name="retryBackoffMs"
                    error={errors.retryBackoffMs}
                    hint={t(
                      'tasks.editor.retryBackoffMs.hint',
                      'Wait before the first retry, doubled before each next one; empty: the site default'
                    )}
                  >
                    <Field.Label>
                      {t('tasks.editor.retryBackoffMs', 'Delay before retrying (ms)')}
                    </Field.Label>
                    <NumberInput
                      value={values.retryBackoffMs ?? undefined}
                      disabled={readOnly}
                      step={1000}
                      placeholder={t(
                        'tasks.editor.retryBackoffMs.placeholder',
                        'Default: {value} ms',
                        {
                          value: DEFAULT_RETRY_BACKOFF_MS,
                        }
                      )}
                      onValueChange={(value) => set('retryBackoffMs', value ?? null)}
                    />
                    <Field.Error />
                    <Field.Hint />
                  </Field.Root>
                </Grid.Item>
                <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
                  <Field.Root
                    name="autoPauseAfter"
                    error={errors.autoPauseAfter}
                    hint={t(
                      'tasks.editor.autoPauseAfter.hint',
                      'Pause the task after this many failed slots in a row; 0 never pauses; empty: the site default'
                    )}
                  >
                    <Field.Label>
                      {t('tasks.editor.autoPauseAfter', 'Pause after failed slots in a row')}
                    </Field.Label>
                    <NumberInput
                      value={values.autoPauseAfter ?? undefined}
                      disabled={readOnly}
                      placeholder={t(
                        'tasks.editor.autoPauseAfter.placeholder',
                        'Default: {value}',
                        {
                          value: DEFAULT_AUTO_PAUSE_AFTER,
                        }
                      )}
                      onValueChange={(value) => set('autoPauseAfter', value ?? null)}
                    />
                    <Field.Error />
                    <Field.Hint />
                  </Field.Root>
                </Grid.Item>
              </Grid.Root>
              {task ? (
                <Flex
                  direction="column"
                  alignItems="flex-start"
                  gap={1}
                  data-testid="failure-state"
                >
                  <Typography variant="pi" textColor="neutral700">
                    {t('tasks.editor.failedSlots', 'Failed slots in a row now: {count}', {
                      count: task.consecutiveFailedSlots,
                    })}
                  </Typography>
                  {task.retryAt !== null ? (
                    <Typography variant="pi" textColor="warning600">
                      {t(
                        'tasks.editor.retryPending',
                        'A retry is pending: attempt {attempt}, due {at}',
                        {
                          attempt: task.retryAttempt ?? '?',
                          at: formatDate(task.retryAt, {
                            dateStyle: 'medium',
                            timeStyle: 'medium',
                          } as never),
                        }
                      )}
                    </Typography>
                  ) : null}
                </Flex>
              ) : null}
            </Flex>,
            t(
              'tasks.editor.failures.intro',
              'Manual runs never retry, pause the task or send notifications; scheduled slots do.'
            )
          )}

          {section(
            t('tasks.editor.section.limits', 'Limits'),
            <Grid.Root gap={4}>
              {LIMIT_FIELDS.map(({ field, label, unit }) => (
                <Grid.Item key={field} col={4} s={12} direction="column" alignItems="stretch">
                  <Field.Root
                    name={field}
                    error={errors[field]}
                    hint={t('tasks.editor.limits.hint', 'Empty: the default')}
                  >
                    <Field.Label>{t(`tasks.editor.${field}`, label)}</Field.Label>
                    <NumberInput
                      value={values[field] ?? undefined}
                      disabled={readOnly}
                      placeholder={placeholderFor(field, unit)}
                      onValueChange={(value) => set(field, value ?? null)}
                    />
                    <Field.Error />
                    <Field.Hint />
                  </Field.Root>
                </Grid.Item>
              ))}
            </Grid.Root>,
            t(
              'tasks.editor.limits.intro',
              'A run that goes over a limit is stopped and recorded as timed out or memory exceeded.'
            )
          )}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};
