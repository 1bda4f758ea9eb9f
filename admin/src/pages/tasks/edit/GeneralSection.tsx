import {
  Field,
  Grid,
  SingleSelect,
  SingleSelectOption,
  Textarea,
  TextInput,
  Toggle,
  Typography,
} from '@strapi/design-system';

import type { ScriptSummary } from '../../../../../server/src/contracts';
import { FormSection } from '../../../components/FormSection';
import { useFormField } from '../../../components/useFormField';
import { useBuiltInText } from '../../../hooks/useBuiltInText';
import { useTranslate } from '../../../hooks/useTranslate';

/** Name, script, description and the enabled switch. */
export const GeneralSection = ({ scripts }: { scripts: ScriptSummary[] }) => {
  const t = useTranslate();
  const builtIn = useBuiltInText();
  const name = useFormField<string>('name');
  const script = useFormField<number | null>('script');
  const description = useFormField<string>('description');
  const enabled = useFormField<boolean>('enabled');
  const selectedScript = scripts.find((candidate) => candidate.id === script.value);

  return (
    <FormSection title={t('tasks.editor.section.general', 'Task')}>
      <Grid.Root gap={4}>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <Field.Root name="name" required error={name.error}>
            <Field.Label>{t('tasks.editor.name', 'Name')}</Field.Label>
            <TextInput
              value={name.value}
              disabled={name.disabled}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => name.onChange(e.target.value)}
            />
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <Field.Root
            name="script"
            required
            error={script.error}
            hint={
              selectedScript?.description ? (
                // A built-in's description is a summary, its params and what it returns, by line.
                <span style={{ whiteSpace: 'pre-line' }}>{selectedScript.description}</span>
              ) : undefined
            }
          >
            <Field.Label>{t('tasks.editor.script', 'Script')}</Field.Label>
            <SingleSelect
              value={script.value ?? undefined}
              disabled={script.disabled}
              placeholder={t('tasks.editor.script.placeholder', 'Choose a script')}
              onChange={(value) => script.onChange(Number(value))}
            >
              {scripts.map((option) => (
                <SingleSelectOption key={option.id} value={option.id}>
                  {option.builtIn
                    ? t('tasks.editor.script.builtIn', '{name} (built-in)', {
                        name: builtIn.script(option).name,
                      })
                    : option.name}
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
          <Field.Root name="description" error={description.error}>
            <Field.Label>{t('tasks.editor.description', 'Description')}</Field.Label>
            <Textarea
              value={description.value}
              disabled={description.disabled}
              onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) =>
                description.onChange(e.target.value)
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
              checked={enabled.value}
              disabled={enabled.disabled}
              onLabel={t('tasks.editor.enabled.on', 'Enabled')}
              offLabel={t('tasks.editor.enabled.off', 'Disabled')}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
                enabled.onChange(e.target.checked)
              }
            />
            <Field.Hint />
          </Field.Root>
        </Grid.Item>
      </Grid.Root>
    </FormSection>
  );
};
