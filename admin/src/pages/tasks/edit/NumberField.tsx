import { Field, NumberInput } from '@strapi/design-system';

import { useFormField } from '../../../components/useFormField';

/** A whole-number field of the task form; `empty` is what it holds when the user clears it. */
export const NumberField = ({
  name,
  label,
  hint,
  placeholder,
  step,
  empty = null,
}: {
  name: string;
  label: string;
  hint: string;
  placeholder?: string;
  step?: number;
  empty?: number | null;
}) => {
  const field = useFormField<number | null>(name);
  return (
    <Field.Root name={name} error={field.error} hint={hint}>
      <Field.Label>{label}</Field.Label>
      <NumberInput
        value={field.value ?? undefined}
        disabled={field.disabled}
        step={step}
        placeholder={placeholder}
        onValueChange={(value) => field.onChange(value ?? empty)}
      />
      <Field.Error />
      <Field.Hint />
    </Field.Root>
  );
};
