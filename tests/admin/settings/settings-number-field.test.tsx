import { fireEvent, render, screen } from '@testing-library/react';

import { inDesignSystem } from '../../helpers/design-system';
import { Form, useForm } from '../../helpers/strapi-form';
import { SettingsNumberField } from '../../../admin/src/pages/settings/SettingsNumberField';

jest.mock('@strapi/strapi/admin', () => jest.requireActual('../../helpers/strapi-form'));

/** What the form holds, for the test to read. */
const Values = () => {
  const values = useForm('Values', (state) => state.values);
  return <output data-testid="values">{JSON.stringify(values)}</output>;
};

const renderField = (
  values: Record<string, unknown>,
  props: Partial<Parameters<typeof SettingsNumberField>[0]> = {}
) =>
  render(
    inDesignSystem(
      <Form initialValues={values}>
        <SettingsNumberField name="concurrency" label="Runs at once" {...props} />
        <Values />
      </Form>
    )
  );

const formValues = () => JSON.parse(screen.getByTestId('values').textContent ?? '{}');

describe('a number of the settings page', () => {
  test('Given a value in the form and a hint, When shown, Then the labelled input holds the value and the hint is there', () => {
    renderField({ concurrency: 4 }, { hint: '1 to 64' });
    expect((screen.getByLabelText('Runs at once') as HTMLInputElement).value).toBe('4');
    expect(screen.getByText('1 to 64')).toBeTruthy();
  });

  test('Given a typed number, When the input changes, Then the form holds the number', () => {
    renderField({ concurrency: 4 });
    fireEvent.change(screen.getByLabelText('Runs at once'), { target: { value: '30' } });
    expect(formValues()).toEqual({ concurrency: 30 });
  });

  test('Given a field where empty means none, When the input is cleared, Then the form holds null', () => {
    renderField(
      { retention: { days: 30, keepLast: 5 } },
      { name: 'retention.days', label: 'Keep runs for (days)', empty: null }
    );
    fireEvent.change(screen.getByLabelText('Keep runs for (days)'), { target: { value: '' } });
    expect(formValues()).toEqual({ retention: { days: null, keepLast: 5 } });
  });
});
