import { Field, NumberInput } from '@strapi/design-system';

import { useFormField } from '../../components/useFormField';

/**
 * One number of the settings form, with its label, hint and error (the form's, from Strapi's
 * `Form`). A cleared input holds `empty`: undefined where a number is needed (the save sends it
 * as null and the server names the field), null where empty means none (the retention's days).
 */
export const SettingsNumberField = ({
  name,
  label,
  hint,
  required = false,
  step,
  empty,
}: {
  name: string;
  label: string;
  hint?: string;
  required?: boolean;
  step?: number;
  empty?: null;
}) => {
  const field = useFormField<number | null | undefined>(name);
  return (
    <Field.Root name={name} error={field.error} hint={hint} required={required}>
      <Field.Label>{label}</Field.Label>
      <NumberInput
        value={field.value ?? undefined}
        disabled={field.disabled}
        step={step}
        onValueChange={(value) => field.onChange(value ?? empty)}
      />
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
};
