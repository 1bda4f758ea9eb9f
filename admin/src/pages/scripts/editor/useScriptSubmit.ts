import { useNotification, type FormErrors, type FormHelpers } from '@strapi/strapi/admin';

import { useCreateScriptMutation, useUpdateScriptMutation } from '../../../api/maintenance';
import { apiMessage, failsOnFields } from '../../../api/errors';
import type { Script } from '../../../../../server/src/contracts';
import { bodyErrorFrom, diagnosticFor, type TextDiagnostic } from '../../../editor/diagnostics';
import { useServerFieldErrors } from '../../../hooks/useServerFieldErrors';
import { useTranslate } from '../../../hooks/useTranslate';
import { scriptBody, scriptFormOf, type ScriptFormValues } from './scriptForm';

/**
 * Saving the script form. The server compiles the body: a syntax error comes back on the body
 * field with its place, and is marked on its line in the code.
 */
export const useScriptSubmit = ({
  scriptId,
  readOnly,
  onSaved,
  onDiagnostics,
}: {
  scriptId: number | null;
  /** Enter in the name field submits the form even when nothing may be saved. */
  readOnly: boolean;
  onSaved: (script: Script) => void;
  onDiagnostics: (diagnostics: TextDiagnostic[]) => void;
}) => {
  const t = useTranslate();
  const { toggleNotification } = useNotification();
  const serverFieldErrors = useServerFieldErrors();
  const [createScript] = useCreateScriptMutation();
  const [updateScript] = useUpdateScriptMutation();

  return async (
    values: ScriptFormValues,
    { setErrors, resetForm }: FormHelpers<ScriptFormValues>
  ): Promise<void> => {
    if (readOnly) return;
    const payload = scriptBody(values);
    try {
      const saved =
        scriptId === null
          ? await createScript(payload).unwrap()
          : await updateScript({ id: scriptId, body: payload }).unwrap();
      resetForm(scriptFormOf(saved));
      onDiagnostics([]);
      onSaved(saved);
      toggleNotification({
        type: 'success',
        message: t('scripts.editor.saved', 'Saved: version {version}', { version: saved.version }),
      });
    } catch (error) {
      const bodyError = bodyErrorFrom(error);
      if (bodyError?.line) onDiagnostics([diagnosticFor(values.body, bodyError)]);
      setErrors(serverFieldErrors(error) as FormErrors<ScriptFormValues>);
      toggleNotification({
        type: 'danger',
        // The server's reasons are on their fields, in the user's language.
        message: failsOnFields(error)
          ? t('scripts.editor.fixErrors', 'Some fields need your attention')
          : apiMessage(error, t('scripts.editor.saveFailed', 'The script could not be saved')),
      });
    }
  };
};
