import { Dialog, Flex, Grid } from '@strapi/design-system';
import { ConfirmDialog, Form, Layouts, useForm } from '@strapi/strapi/admin';
import { useEffect, useMemo, useRef, useState } from 'react';

import type { Script, ScriptTestRun } from '../../../../../server/src/contracts';
import { CtxReference } from '../../../components/scripts/CtxReference';
import { SCRIPTS_PATH, useScriptActions } from '../../../components/scripts/useScriptActions';
import { diagnosticFor, type TextDiagnostic } from '../../../editor/diagnostics';
import { isLockedScript } from '../../../editor/scriptHelpers';
import { useMaintenancePermissions } from '../../../hooks/usePermissions';
import { useSaveShortcut } from '../../../hooks/useSaveShortcut';
import { useTranslate } from '../../../hooks/useTranslate';
import { ScriptFields } from './ScriptFields';
import { EMPTY_SCRIPT_FORM, scriptFormOf, type ScriptFormValues } from './scriptForm';
import { ScriptHeader } from './ScriptHeader';
import { ScriptNotices } from './ScriptNotices';
import { ScriptTools } from './ScriptTools';
import { useLeaveGuard } from './useLeaveGuard';
import { useScriptSubmit } from './useScriptSubmit';

interface EditorProps {
  /** The saved script; null for a new one. */
  script: Script | null;
  title: string;
  onSaved: (script: Script) => void;
}

/** Built-in scripts and scripts managed in code are read-only for everyone; others for roles. */
const useReadOnly = (script: Script | null) => {
  const { canManageScripts } = useMaintenancePermissions();
  const locked = script ? isLockedScript(script) : false;
  return { locked, readOnly: !canManageScripts || locked, canManageScripts };
};

/** The editor inside its form: it reads the form's state to know what is unsaved. */
const ScriptEditorContent = ({
  script,
  title,
  onSaved,
  diagnostics,
  onDiagnostics,
  formRef,
}: EditorProps & {
  diagnostics: TextDiagnostic[] | null;
  onDiagnostics: (diagnostics: TextDiagnostic[]) => void;
  formRef: React.RefObject<HTMLFormElement | null>;
}) => {
  const t = useTranslate();
  const { locked, readOnly, canManageScripts } = useReadOnly(script);
  const { duplicate, remove } = useScriptActions();
  const modified = useForm('ScriptEditor', (state) => state.modified);
  const isSubmitting = useForm('ScriptEditor', (state) => state.isSubmitting);
  const resetForm = useForm('ScriptEditor', (state) => state.resetForm);
  const body = useForm('ScriptEditor', (state) => (state.values as ScriptFormValues).body);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const unsaved = !readOnly && modified;
  const { blocker, go } = useLeaveGuard(unsaved);

  useSaveShortcut(formRef, unsaved);

  // A created script opens at its own address (the save cannot: it is made outside the form).
  const previousScript = useRef(script);
  useEffect(() => {
    if (previousScript.current === null && script !== null)
      go(`${SCRIPTS_PATH}/${script.id}`, true);
    previousScript.current = script;
  }, [script, go]);

  /** A test run that failed at a place in the saved body marks that place, while the body is the same. */
  const onTestRun = (outcome: ScriptTestRun) => {
    const error = outcome.error;
    if (!error?.line || unsaved || outcome.scriptVersion !== script?.version) return;
    const message = `${error.name ? `${error.name}: ` : ''}${error.message}`;
    onDiagnostics([
      {
        ...diagnosticFor(body, { message, line: error.line, column: error.column }),
        severity: 'warning',
      },
    ]);
  };

  const onRestored = (restored: Script) => {
    resetForm(scriptFormOf(restored));
    onDiagnostics([]);
    onSaved(restored);
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

  return (
    <>
      <ScriptHeader
        title={title}
        script={script}
        readOnly={readOnly}
        locked={locked}
        canManage={canManageScripts}
        canSave={unsaved && !isSubmitting}
        saving={isSubmitting}
        onDuplicate={() => void onDuplicate()}
        onDelete={() => setConfirmDelete(true)}
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <ScriptNotices
            script={script}
            locked={locked}
            canManage={canManageScripts}
            onResolved={onRestored}
          />
          <Grid.Root gap={4}>
            <Grid.Item col={8} s={12} direction="column" alignItems="stretch">
              <Flex direction="column" alignItems="stretch" gap={4} width="100%">
                <ScriptFields readOnly={readOnly} unsaved={unsaved} diagnostics={diagnostics} />
                {script ? (
                  <ScriptTools
                    script={script}
                    canManage={canManageScripts}
                    readOnly={readOnly}
                    unsaved={unsaved}
                    onTestRun={onTestRun}
                    onRestored={onRestored}
                  />
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
    </>
  );
};

/** The script editor on Strapi's form: the saved script's values are where it starts. */
export const ScriptEditor = ({ script, title, onSaved }: EditorProps) => {
  const formRef = useRef<HTMLFormElement>(null);
  const [diagnostics, setDiagnostics] = useState<TextDiagnostic[] | null>(null);
  const { readOnly } = useReadOnly(script);
  const submit = useScriptSubmit({
    scriptId: script?.id ?? null,
    readOnly,
    onSaved,
    onDiagnostics: setDiagnostics,
  });
  const initialValues = useMemo(
    () => (script ? scriptFormOf(script) : EMPTY_SCRIPT_FORM),
    [script]
  );
  return (
    <Form
      ref={formRef}
      method={script ? 'PUT' : 'POST'}
      initialValues={initialValues}
      onSubmit={submit}
    >
      <ScriptEditorContent
        script={script}
        title={title}
        onSaved={onSaved}
        diagnostics={diagnostics}
        onDiagnostics={setDiagnostics}
        formRef={formRef}
      />
    </Form>
  );
};
