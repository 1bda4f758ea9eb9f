import { Field, Textarea } from '@strapi/design-system';
import { useIntl } from 'react-intl';

import { paramsErrorMessage } from '../../../components/tasks/form';
import { parseParams } from '../../../components/tasks/params';
import { FormSection } from '../../../components/FormSection';
import { useFormField } from '../../../components/useFormField';
import { useTranslate } from '../../../hooks/useTranslate';
import { getTranslation } from '../../../utils/getTranslation';

/** The params as JSON, checked as they are typed. */
export const ParamsSection = () => {
  const t = useTranslate();
  const { formatMessage } = useIntl();
  const params = useFormField<string>('paramsText', { errorOn: 'params' });
  const parsed = parseParams(params.value);
  const parseError = parsed.ok ? null : paramsErrorMessage(parsed.error);
  const liveError = parseError
    ? formatMessage(
        { id: getTranslation(parseError.id), defaultMessage: parseError.defaultMessage },
        parseError.values
      )
    : undefined;

  return (
    <FormSection title={t('tasks.editor.section.params', 'Parameters')}>
      <Field.Root
        name="params"
        // The server's or the last save's complaint first; else what is wrong with the text now.
        error={params.error ?? liveError}
        hint={t(
          'tasks.editor.params.hint',
          'A JSON object the script reads as ctx.params, e.g. { "olderThanDays": 90 }'
        )}
      >
        <Field.Label>{t('tasks.editor.params', 'Params (JSON)')}</Field.Label>
        <Textarea
          value={params.value}
          disabled={params.disabled}
          spellCheck={false}
          style={{ fontFamily: 'monospace', minHeight: '8rem' }}
          onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => params.onChange(e.target.value)}
        />
        <Field.Error />
        <Field.Hint />
      </Field.Root>
    </FormSection>
  );
};
