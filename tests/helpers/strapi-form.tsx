import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

// Strapi's admin bundle does not load in jsdom (it pulls ESM-only packages). This stands in for
// the part of `@strapi/strapi/admin` a form uses, by the same contract: values and errors nested
// by dotted path, `useField` reading both there, `useForm` selecting from the form's state, and
// `useAPIErrorHandler`'s formatter putting each server error under its path (as Strapi's does).

type Tree = Record<string, unknown>;

const getIn = (tree: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (node, key) => (node !== null && typeof node === 'object' ? (node as Tree)[key] : undefined),
      tree
    );

const setIn = (tree: Tree, path: string, value: unknown): Tree => {
  const [head, ...rest] = path.split('.');
  if (rest.length === 0) return { ...tree, [head]: value };
  const child = tree[head];
  return {
    ...tree,
    [head]: setIn(
      child !== null && typeof child === 'object' ? (child as Tree) : {},
      rest.join('.'),
      value
    ),
  };
};

interface FormState {
  values: Tree;
  errors: Tree;
  initialValues: Tree;
  disabled: boolean;
  modified: boolean;
  isSubmitting: boolean;
  onChange: (path: string, value: unknown) => void;
  setErrors: (errors: Tree) => void;
  setValues: (values: Tree) => void;
  getValues: () => Tree;
  resetForm: (initialValues?: Tree) => void;
}

const FormContext = createContext<FormState | null>(null);

const useFormState = () => {
  const state = useContext(FormContext);
  if (!state) throw new Error('a form field outside <Form>');
  return state;
};

export const Form = ({ initialValues, children }: { initialValues: Tree; children: ReactNode }) => {
  const [initial, setInitial] = useState(initialValues);
  const [values, setValues] = useState(initialValues);
  const [errors, setErrors] = useState<Tree>({});
  const onChange = useCallback(
    (path: string, value: unknown) => setValues((previous) => setIn(previous, path, value)),
    []
  );
  const state = useMemo<FormState>(
    () => ({
      values,
      errors,
      initialValues: initial,
      disabled: false,
      modified: JSON.stringify(values) !== JSON.stringify(initial),
      isSubmitting: false,
      onChange,
      setErrors,
      setValues,
      getValues: () => values,
      resetForm: (next) => {
        if (next) setInitial(next);
        setValues(next ?? initial);
        setErrors({});
      },
    }),
    [values, errors, initial, onChange]
  );
  return <FormContext.Provider value={state}>{children}</FormContext.Provider>;
};

export const useForm = <Selected,>(_name: string, select: (state: FormState) => Selected) =>
  select(useFormState());

export const useField = <Value,>(name: string) => {
  const state = useFormState();
  return {
    value: getIn(state.values, name) as Value,
    error: getIn(state.errors, name) as string | undefined,
    onChange: state.onChange,
  };
};

export const useAPIErrorHandler = () => ({
  _unstableFormatValidationErrors: (failure: {
    details: { errors: Array<{ path: string[]; message: string }> };
  }) =>
    failure.details.errors.reduce<Tree>(
      (errors, { path, message }) => setIn(errors, path.join('.'), message),
      {}
    ),
});
