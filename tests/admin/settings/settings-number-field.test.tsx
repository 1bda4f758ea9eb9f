import { fireEvent, render, screen } from '@testing-library/react';

import { inDesignSystem } from '../../helpers/design-system';
import { SettingsNumberField } from '../../../admin/src/pages/settings/SettingsNumberField';

describe('a number of the settings page', () => {
  test('Given a value and a hint, When shown, Then the labelled input holds the value and the hint is there', () => {
    render(
      inDesignSystem(
        <SettingsNumberField
          name="concurrency"
          label="Runs at once"
          hint="1 to 64"
          value={4}
          onChange={() => undefined}
        />
      )
    );
    expect((screen.getByLabelText('Runs at once') as HTMLInputElement).value).toBe('4');
    expect(screen.getByText('1 to 64')).toBeTruthy();
  });

  test('Given an error, When shown, Then the error is shown with the field', () => {
    render(
      inDesignSystem(
        <SettingsNumberField
          name="concurrency"
          label="Runs at once"
          error="concurrency must be at most 64"
          value={100}
          onChange={() => undefined}
        />
      )
    );
    expect(screen.getByText('concurrency must be at most 64')).toBeTruthy();
  });

  test('Given a typed number, When the input changes, Then the page gets the number', () => {
    const onChange = jest.fn();
    render(
      inDesignSystem(
        <SettingsNumberField name="days" label="Days" value={undefined} onChange={onChange} />
      )
    );
    fireEvent.change(screen.getByLabelText('Days'), { target: { value: '30' } });
    expect(onChange).toHaveBeenLastCalledWith(30);
  });
});
