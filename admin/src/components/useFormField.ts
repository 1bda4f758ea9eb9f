import { useField, useForm } from '@strapi/strapi/admin';
import { useCallback, useState } from 'react';

/**
 * A top-level field of Strapi's `Form`: its value, its error, whether the form is read-only, and
 * a setter taking the value itself (design-system inputs hand values, not events). `errorOn` names
 * where its errors are kept when that is not the field's own name (the server names `params`, the
 * user types `paramsText`).
 *
 * The form keeps errors until the next save, which then focuses the first field in error. An error
 * is shown only while the field still holds the value it was found in: once the user changes the
 * field the message goes, without touching the form's errors (clearing them would move the focus
 * to the next field in error while the user types).
 */
export const useFormField = <Value>(
  name: string,
  { errorOn = name }: { errorOn?: string } = {}
) => {
  const { value, onChange } = useField<Value>(name);
  const { error } = useField(errorOn);
  const disabled = useForm('useFormField', (state) => state.disabled);
  const errors = useForm('useFormField', (state) => state.errors);
  // The value the field held when the form's errors were last set (each save sets new ones).
  const [judged, setJudged] = useState({ errors, value });
  if (judged.errors !== errors) setJudged({ errors, value });
  const judgedValue = judged.errors === errors ? judged.value : value;
  const setValue = useCallback((next: Value) => onChange(name, next), [name, onChange]);
  return {
    value: value as Value,
    error: Object.is(judgedValue, value) ? error : undefined,
    disabled,
    onChange: setValue,
  };
};
