import { Field, NumberInput } from '@strapi/design-system';

/**
 * One number of the settings page, with its label, hint and error. The page keeps its own state
 * (useSettingsForm), so the value and the error come in as props rather than from Strapi's Form.
 */
export const SettingsNumberField = ({
  name,
  label,
  error,
  hint,
  required = false,
  value,
  step,
  onChange,
}: {
  name: string;
  label: string;
  error?: string;
  hint?: string;
  required?: boolean;
  value: number | undefined;
  step?: number;
  onChange: (value: number | undefined) => void;
}) => (
  <Field.Root name={name} error={error} hint={hint} required={required}>
    <Field.Label>{label}</Field.Label>
    <NumberInput value={value} step={step} onValueChange={onChange} />
    <Field.Hint />
    <Field.Error />
  </Field.Root>
);
