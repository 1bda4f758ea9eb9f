import {
  Alert,
  Box,
  Button,
  Dialog,
  Field,
  Flex,
  Grid,
  Link,
  Tabs,
  TextInput,
  Textarea,
  Typography,
} from '@strapi/design-system';
import { ArrowLeft, Check, Duplicate, Trash, WarningCircle } from '@strapi/icons';
import { ConfirmDialog, Layouts, Page, useNotification } from '@strapi/strapi/admin';
import * as React from 'react';
import { NavLink, useBlocker, useNavigate, useParams } from 'react-router-dom';

import {
  useCreateScriptMutation,
  useGetScriptQuery,
  useUpdateScriptMutation,
  useValidateScriptMutation,
} from '../../api/maintenance';
import { apiMessage, apiStatus, fieldErrors } from '../../api/errors';
import type { Script, ScriptTestRun } from '../../../../server/src/contracts';
import { ChangedOutsideReview } from '../../components/scripts/ChangedOutsideReview';
import { CodeEditor } from '../../components/scripts/CodeEditor';
import { CtxReference } from '../../components/scripts/CtxReference';
import { IntegrityBadge, OriginBadges } from '../../components/scripts/ScriptBadges';
import { TestRunPanel } from '../../components/scripts/TestRunPanel';
import { SCRIPTS_PATH, useScriptActions } from '../../components/scripts/useScriptActions';
import { VersionHistory } from '../../components/scripts/VersionHistory';
import { bodyErrorFrom, diagnosticFor, type TextDiagnostic } from '../../editor/diagnostics';
import { isLockedScript } from '../../editor/scriptHelpers';
import { useMaintenancePermissions } from '../../hooks/usePermissions';
import { useTranslate } from '../../hooks/useTranslate';

export const NEW_SCRIPT_BODY = `// The body of an async function: \`await\` ctx calls and \`return\` a result.
// ctx.dryRun is true in dry runs and test runs: calls then only report what they would do.
const stats = await ctx.db.stats();
console.log(\`database: \${stats.client}, \${stats.tables} tables\`);
return { dryRun: ctx.dryRun, params: ctx.params };
`;

interface FormValues {
  name: string;
  description: string;
  body: string;
}

const EMPTY_FORM: FormValues = { name: '', description: '', body: NEW_SCRIPT_BODY };

const formOf = (script: Script): FormValues => ({
  name: script.name,
  description: script.description ?? '',
  body: script.body,
});

export const ScriptEditorPage = () => {
  const { id } = useParams<{ id: string }>();
  const isNew = id === 'new';
  const scriptId = isNew ? null : Number(id);
  const t = useTranslate();
  const navigate = useNavigate();
  const { toggleNotification } = useNotification();
  const { canManageScripts } = useMaintenancePermissions();
  const { duplicate, remove } = useScriptActions();

  const validId = scriptId !== null && Number.isInteger(scriptId) && scriptId >= 1;
  const { currentData: loaded, error: loadError } = useGetScriptQuery(scriptId ?? 0, {
    skip: !validId,
    refetchOnMountOrArgChange: true,
  });
  const [validateScript] = useValidateScriptMutation();
  const [createScript] = useCreateScriptMutation();
  const [updateScript] = useUpdateScriptMutation();

  const [script, setScript] = React.useState<Script | null>(null);
  const [form, setForm] = React.useState<FormValues>(EMPTY_FORM);
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [diagnostics, setDiagnostics] = React.useState<TextDiagnostic[] | null>(null);
  const [saving, setSaving] = React.useState(false);
  const [confirmDelete, setConfirmDelete] = React.useState(false);
  const [tab, setTab] = React.useState(canManageScripts ? 'test-run' : 'versions');
  const leaving = React.useRef(false);

  // Another script (or a new one): start afresh.
  React.useEffect(() => {
    leaving.current = false;
    setErrors({});
    setDiagnostics(null);
    setScript(null);
    setForm(EMPTY_FORM);
  }, [scriptId]);
  // The script as read: the form starts from it.
  React.useEffect(() => {
    if (!loaded) return;
    setScript(loaded);
    setForm(formOf(loaded));
  }, [loaded]);

  const status: 'loading' | 'ready' | 'missing' | 'failed' =
    scriptId === null
      ? 'ready'
      : !validId
        ? 'missing'
        : script
          ? 'ready'
          : loadError
            ? apiStatus(loadError) === 404
              ? 'missing'
              : 'failed'
            : 'loading';

  const locked = script ? isLockedScript(script) : false;
  const readOnly = !canManageScripts || locked;
  const saved = script ? formOf(script) : EMPTY_FORM;
  const dirty =
    !readOnly &&
    (form.name !== saved.name ||
      form.description !== saved.description ||
      form.body !== saved.body);

  // ---- unsaved changes -------------------------------------------------------------------
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty && !leaving.current && currentLocation.pathname !== nextLocation.pathname
  );
  React.useEffect(() => {
    if (!dirty) return undefined;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const go = React.useCallback(
    (path: string, replace = false) => {
      leaving.current = true;
      navigate(path, { replace });
    },
    [navigate]
  );

  // ---- checking as one types -----------------------------------------------------------
  const lint = React.useCallback(
    async (text: string): Promise<TextDiagnostic[]> => {
      if (text.trim() === '') return [];
      try {
        await validateScript({ body: text }).unwrap();
        return [];
      } catch (error) {
        const bodyError = bodyErrorFrom(error);
        return bodyError ? [diagnosticFor(text, bodyError)] : [];
      }
    },
    [validateScript]
  );

  // ---- saving ----------------------------------------------------------------------------
  const save = React.useCallback(async () => {
    if (readOnly || saving) return;
    setSaving(true);
    setErrors({});
    const payload = {
      name: form.name,
      description: form.description === '' ? null : form.description,
      body: form.body,
    };
    try {
      const data =
        scriptId === null
          ? await createScript(payload).unwrap()
          : await updateScript({ id: scriptId, body: payload }).unwrap();
      setScript(data);
      setForm(formOf(data));
      setDiagnostics([]);
      toggleNotification({
        type: 'success',
        message: t('scripts.editor.saved', 'Saved: version {version}', { version: data.version }),
      });
      if (scriptId === null) go(`${SCRIPTS_PATH}/${data.id}`, true);
    } catch (error) {
      const fields = fieldErrors(error);
      const bodyError = bodyErrorFrom(error);
      if (bodyError?.line) {
        setDiagnostics([diagnosticFor(form.body, bodyError)]);
        delete fields.body;
        fields.body = t('scripts.editor.bodyErrorAt', '{message} (line {line}, column {column})', {
          message: bodyError.message,
          line: bodyError.line,
          column: bodyError.column ?? 1,
        });
      }
      setErrors(fields);
      toggleNotification({
        type: 'danger',
        message: apiMessage(error, t('scripts.editor.saveFailed', 'The script could not be saved')),
      });
    } finally {
      setSaving(false);
    }
  }, [createScript, updateScript, form, go, readOnly, saving, scriptId, t, toggleNotification]);

  React.useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        if (dirty) void save();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dirty, save]);

  const set = (field: keyof FormValues) => (value: string) => {
    setForm((current) => ({ ...current, [field]: value }));
    if (errors[field]) setErrors(({ [field]: _gone, ...rest }) => rest);
  };

  const onDuplicate = async () => {
    if (!script) return;
    const copy = await duplicate(script);
    if (copy) go(`${SCRIPTS_PATH}/${copy.id}`);
  };

  const onDelete = async () => {
    if (!script) return;
    const gone = await remove(script);
    setConfirmDelete(false);
    if (gone) go(SCRIPTS_PATH);
  };

  /** A test run that failed at a place in the saved body marks that place, while the body is the same. */
  const onTestRun = (outcome: ScriptTestRun) => {
    const error = outcome.error;
    if (!error?.line || dirty || outcome.scriptVersion !== script?.version) return;
    const message = `${error.name ? `${error.name}: ` : ''}${error.message}`;
    setDiagnostics([
      {
        ...diagnosticFor(form.body, { message, line: error.line, column: error.column }),
        severity: 'warning',
      },
    ]);
  };

  const onRestored = (restored: Script) => {
    setScript(restored);
    setForm(formOf(restored));
    setDiagnostics([]);
    setErrors({});
  };

  if (status === 'loading') return <Page.Loading />;
  if (status === 'missing') {
    return (
      <Page.Error
        content={t('scripts.editor.notFound', 'This script does not exist (any more).')}
      />
    );
  }
  if (status === 'failed') return <Page.Error />;

  const title = isNew
    ? t('scripts.editor.newTitle', 'New script')
    : (script?.name ?? t('scripts.list.title', 'Scripts'));

  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        navigationAction={
          <Link tag={NavLink} to={SCRIPTS_PATH} startIcon={<ArrowLeft />}>
            {t('scripts.editor.back', 'Scripts')}
          </Link>
        }
        title={title}
        subtitle={
          script ? (
            <Flex gap={2} wrap="wrap" tag="span">
              <Typography textColor="neutral600" data-testid="script-version">
                {t('scripts.editor.version', 'Version {version}', { version: script.version })}
              </Typography>
              <IntegrityBadge integrity={script.integrity} />
              <OriginBadges script={script} />
              <Typography textColor="neutral600">
                {script.tasks.length === 0
                  ? t('scripts.editor.noTasks', 'used by no task')
                  : t('scripts.editor.usedBy', 'used by {tasks}', {
                      tasks: script.tasks.map((task) => task.name).join(', '),
                    })}
              </Typography>
            </Flex>
          ) : (
            t('scripts.editor.newSubtitle', 'Write the script, then save it to test it.')
          )
        }
        primaryAction={
          readOnly ? undefined : (
            <Button
              startIcon={<Check />}
              onClick={() => void save()}
              loading={saving}
              disabled={!dirty || saving}
            >
              {t('scripts.editor.save', 'Save')}
            </Button>
          )
        }
        secondaryAction={
          script && canManageScripts ? (
            <Flex gap={2}>
              <Button
                variant="tertiary"
                startIcon={<Duplicate />}
                onClick={() => void onDuplicate()}
              >
                {locked
                  ? t('scripts.editor.duplicateToEdit', 'Duplicate to edit')
                  : t('scripts.editor.duplicate', 'Duplicate')}
              </Button>
              {!locked ? (
                <Button
                  variant="danger-light"
                  startIcon={<Trash />}
                  onClick={() => setConfirmDelete(true)}
                >
                  {t('scripts.editor.delete', 'Delete')}
                </Button>
              ) : null}
            </Flex>
          ) : undefined
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          {locked && script ? (
            <Alert
              closeLabel={t('scripts.editor.close', 'Close')}
              variant="default"
              title={
                script.builtIn
                  ? t('scripts.editor.builtIn.title', 'Built-in script')
                  : t('scripts.editor.managed.title', 'Managed in code')
              }
            >
              {script.builtIn
                ? t(
                    'scripts.editor.builtIn.body',
                    'It is read-only and updated with the plugin. Duplicate it to make a version of your own.'
                  )
                : t(
                    'scripts.editor.managed.body',
                    'It is defined in the site’s code and read-only here. Change it in the code, or duplicate it.'
                  )}
            </Alert>
          ) : null}
          {!canManageScripts ? (
            <Typography variant="pi" textColor="neutral600">
              {t(
                'scripts.editor.readOnlyRole',
                'You can read scripts; changing and testing them needs the “Manage scripts” permission.'
              )}
            </Typography>
          ) : null}
          {script && script.integrity !== 'valid' ? (
            <ChangedOutsideReview
              script={script}
              canManage={canManageScripts}
              onResolved={onRestored}
            />
          ) : null}
          <Grid.Root gap={4}>
            <Grid.Item col={8} s={12} direction="column" alignItems="stretch">
              <Flex direction="column" alignItems="stretch" gap={4} width="100%">
                <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
                  <Flex direction="column" alignItems="stretch" gap={4}>
                    <Grid.Root gap={4}>
                      <Grid.Item col={5} s={12} direction="column" alignItems="stretch">
                        <Field.Root name="name" error={errors.name} required>
                          <Field.Label>{t('scripts.editor.name', 'Name')}</Field.Label>
                          <TextInput
                            value={form.name}
                            readOnly={readOnly}
                            maxLength={120}
                            onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                              set('name')(event.target.value)
                            }
                          />
                          <Field.Error />
                        </Field.Root>
                      </Grid.Item>
                      <Grid.Item col={7} s={12} direction="column" alignItems="stretch">
                        <Field.Root name="description" error={errors.description}>
                          <Field.Label>
                            {t('scripts.editor.description', 'Description')}
                          </Field.Label>
                          <Textarea
                            value={form.description}
                            readOnly={readOnly}
                            onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) =>
                              set('description')(event.target.value)
                            }
                          />
                          <Field.Error />
                        </Field.Root>
                      </Grid.Item>
                    </Grid.Root>
                    <Field.Root
                      name="body"
                      error={errors.body}
                      hint={t(
                        'scripts.editor.body.hint',
                        'Checked as you type; syntax errors are marked on their line. Ctrl+S saves.'
                      )}
                    >
                      <Flex justifyContent="space-between">
                        <Field.Label>{t('scripts.editor.body', 'Script')}</Field.Label>
                        {dirty ? (
                          <Flex gap={1}>
                            <WarningCircle fill="warning600" />
                            <Typography variant="pi" textColor="warning600">
                              {t('scripts.editor.unsaved', 'Unsaved changes')}
                            </Typography>
                          </Flex>
                        ) : null}
                      </Flex>
                      <CodeEditor
                        value={form.body}
                        onChange={set('body')}
                        readOnly={readOnly}
                        lint={readOnly ? undefined : lint}
                        diagnostics={diagnostics}
                        ariaLabel={t('scripts.editor.body', 'Script')}
                      />
                      <Field.Error />
                      {readOnly ? null : <Field.Hint />}
                    </Field.Root>
                  </Flex>
                </Box>
                {script ? (
                  <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
                    <Tabs.Root value={tab} onValueChange={setTab} variant="simple">
                      <Tabs.List aria-label={t('scripts.editor.tools', 'Script tools')}>
                        {canManageScripts ? (
                          <Tabs.Trigger value="test-run">
                            {t('scripts.testRun.title', 'Test run')}
                          </Tabs.Trigger>
                        ) : null}
                        <Tabs.Trigger value="versions">
                          {t('scripts.versions.title', 'Version history')}
                        </Tabs.Trigger>
                      </Tabs.List>
                      {canManageScripts ? (
                        <Tabs.Content value="test-run">
                          <Box paddingTop={4}>
                            <TestRunPanel
                              scriptId={script.id}
                              dirty={dirty}
                              canRun={canManageScripts}
                              onOutcome={onTestRun}
                            />
                          </Box>
                        </Tabs.Content>
                      ) : null}
                      <Tabs.Content value="versions">
                        <Box paddingTop={4}>
                          <VersionHistory
                            scriptId={script.id}
                            currentBody={script.body}
                            canRestore={!readOnly}
                            onRestored={onRestored}
                          />
                        </Box>
                      </Tabs.Content>
                    </Tabs.Root>
                  </Box>
                ) : null}
              </Flex>
            </Grid.Item>
            <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
              <CtxReference />
            </Grid.Item>
          </Grid.Root>
        </Flex>
      </Layouts.Content>

      <Dialog.Root open={confirmDelete} onOpenChange={setConfirmDelete}>
        <ConfirmDialog onConfirm={onDelete} variant="danger">
          {t(
            'scripts.delete.confirm',
            'Delete the script “{name}” and its version history? This cannot be undone.',
            { name: script?.name ?? '' }
          )}
        </ConfirmDialog>
      </Dialog.Root>

      <Dialog.Root
        open={blocker.state === 'blocked'}
        onOpenChange={(open) => !open && blocker.reset?.()}
      >
        <ConfirmDialog
          onConfirm={() => blocker.proceed?.()}
          onCancel={() => blocker.reset?.()}
          variant="danger"
        >
          {t('scripts.editor.leaveConfirm', 'The script has unsaved changes. Leave and lose them?')}
        </ConfirmDialog>
      </Dialog.Root>
    </Page.Main>
  );
};
