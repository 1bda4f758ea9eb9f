import { Box, Field, Flex, Grid, TextInput, Textarea, Typography } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import { useCallback } from 'react';

import { useGetScriptContentTypesQuery, useValidateScriptMutation } from '../../../api/maintenance';
import { CodeEditor } from '../../../components/scripts/CodeEditor';
import { useFormField } from '../../../components/useFormField';
import { bodyErrorFrom, diagnosticFor, type TextDiagnostic } from '../../../editor/diagnostics';
import { useBuiltInText } from '../../../hooks/useBuiltInText';
import { useTranslate } from '../../../hooks/useTranslate';

/** Name, description and the code, checked by the server as it is typed. */
export const ScriptFields = ({
  readOnly,
  unsaved,
  diagnostics,
}: {
  readOnly: boolean;
  unsaved: boolean;
  /** Marks to show in the code (a failed save or test run); null leaves the editor's own. */
  diagnostics: TextDiagnostic[] | null;
}) => {
  const t = useTranslate();
  const name = useFormField<string>('name');
  const description = useFormField<string>('description');
  const body = useFormField<string>('body');
  // A read-only form saves nothing, so it may show a built-in's text in the user's language.
  const builtInText = useBuiltInText().script;
  const shown = readOnly
    ? builtInText({ name: name.value, description: description.value, builtIn: true })
    : { name: name.value, description: description.value };
  const [validateScript] = useValidateScriptMutation();
  // Only for completion: a failure leaves the editor as it is, without uid suggestions.
  const { data: contentTypes } = useGetScriptContentTypesQuery(undefined, { skip: readOnly });

  const lint = useCallback(
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

  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Grid.Root gap={4}>
          <Grid.Item col={5} s={12} direction="column" alignItems="stretch">
            <Field.Root name="name" error={name.error} required>
              <Field.Label>{t('scripts.editor.name', 'Name')}</Field.Label>
              {/* Disabled as well as read-only: a read-only input looks just like an editable one. */}
              <TextInput
                value={shown.name}
                readOnly={readOnly}
                disabled={readOnly}
                maxLength={120}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                  name.onChange(event.target.value)
                }
              />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={7} s={12} direction="column" alignItems="stretch">
            <Field.Root name="description" error={description.error}>
              <Field.Label>{t('scripts.editor.description', 'Description')}</Field.Label>
              <Textarea
                value={shown.description ?? ''}
                readOnly={readOnly}
                disabled={readOnly}
                onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) =>
                  description.onChange(event.target.value)
                }
              />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
        </Grid.Root>
        <Field.Root
          name="body"
          error={body.error}
          hint={t(
            'scripts.editor.body.hint',
            'Checked as you type; syntax errors are marked on their line. Ctrl+S saves.'
          )}
        >
          <Flex justifyContent="space-between">
            <Field.Label>{t('scripts.editor.body', 'Script')}</Field.Label>
            {unsaved ? (
              <Flex gap={1}>
                <WarningCircle fill="warning600" />
                <Typography variant="pi" textColor="warning600">
                  {t('scripts.editor.unsaved', 'Unsaved changes')}
                </Typography>
              </Flex>
            ) : null}
          </Flex>
          <CodeEditor
            value={body.value}
            onChange={body.onChange}
            readOnly={readOnly}
            lint={readOnly ? undefined : lint}
            diagnostics={diagnostics}
            ariaLabel={t('scripts.editor.body', 'Script')}
            contentTypes={contentTypes}
          />
          <Field.Error />
          {readOnly ? null : <Field.Hint />}
        </Field.Root>
      </Flex>
    </Box>
  );
};
