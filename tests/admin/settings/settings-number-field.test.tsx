import { fireEvent, render, screen } from '@testing-library/react';
import type { ComponentProps } from 'react';

import { inDesignSystem } from '../../helpers/design-system';
import { SettingsNumberField } from '../../../admin/src/pages/settings/SettingsNumberField';

const renderField = (props: Partial<ComponentProps<typeof SettingsNumberField>>) =>
  render(
    inDesignSystem(
      <SettingsNumberField
        name="concurrency"
        label="Runs at once"
        value={undefined}
        onChange={() => undefined}
        {...props}
      />
    )
  );

describe('a number of the settings page', () => {
  test('Given a value and a hint, When shown, Then the labelled input holds the value and the hint is there', () => {
    renderField({ value: 4, hint: '1 to 64' });
    expect((screen.getByLabelText('Runs at once') as HTMLInputElement).value).toBe('4');
    expect(screen.getByText('1 to 64')).toBeTruthy();
  });

  test('Given an error, When shown, Then the error is shown with the field', () => {
    renderField({ value: 100, error: 'concurrency must be at most 64' });
    expect(screen.getByText('concurrency must be at most 64')).toBeTruthy();
  });

  test('Given a typed number, When the input changes, Then the page gets the number', () => {
    const onChange = jest.fn();
    renderField({ onChange });
    fireEvent.change(screen.getByLabelText('Runs at once'), { target: { value: '30' } });
    expect(onChange).toHaveBeenLastCalledWith(30);
  });
});
