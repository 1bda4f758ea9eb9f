import { fireEvent, render, screen } from '@testing-library/react';

import { inDesignSystem } from '../helpers/design-system';
import { AlertWithAction } from '../../admin/src/components/AlertWithAction';

describe('an alert with an action', () => {
  test('Given an action, When its button is pressed, Then the action runs', () => {
    const onClick = jest.fn();
    render(
      inDesignSystem(
        <AlertWithAction
          variant="warning"
          title="Paused"
          closeLabel="Close"
          action={{ label: 'Resume', onClick }}
        >
          This task paused itself.
        </AlertWithAction>
      )
    );
    expect(screen.getByText('This task paused itself.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Resume' }));
    expect(onClick).toHaveBeenCalledTimes(1);
  });

  test('Given no action (the user may not act), When shown, Then there is the message and no action button', () => {
    render(
      inDesignSystem(
        <AlertWithAction variant="danger" title="This task will not run" closeLabel="Close">
          Changed outside the plugin.
        </AlertWithAction>
      )
    );
    expect(screen.getByText('Changed outside the plugin.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Resume' })).toBeNull();
    expect(screen.getAllByRole('button').map((button) => button.textContent)).toEqual(['Close']);
  });
});
