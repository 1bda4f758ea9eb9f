import { DesignSystemProvider } from '@strapi/design-system';
import { fireEvent, render, screen } from '@testing-library/react';
import { IntlProvider } from 'react-intl';

import type { HoldState } from '../../../server/src/contracts';
import { useHoldConfirm } from '../../../admin/src/components/hold/useHoldConfirm';

// Strapi's admin bundle is not loaded in jsdom: its ConfirmDialog is stood in for by the same
// contract (body, confirm button calling onConfirm).
jest.mock('@strapi/strapi/admin', () => ({
  ConfirmDialog: ({
    title,
    children,
    onConfirm,
  }: {
    title: string;
    children: React.ReactNode;
    onConfirm: () => void;
  }) => (
    <div role="dialog" aria-label={title}>
      {children}
      <button onClick={onConfirm}>Confirm</button>
    </div>
  ),
}));

const HELD: HoldState = {
  held: true,
  since: Date.UTC(2027, 2, 1, 10, 0),
  by: { id: 1, name: 'Ada' },
  reason: 'database migration',
};

const Harness = ({ hold, action }: { hold: HoldState | null; action: () => void }) => {
  const { guard, dialog } = useHoldConfirm(hold);
  return (
    <>
      <button onClick={() => guard(action)}>Run now</button>
      {dialog}
    </>
  );
};

const renderHarness = (hold: HoldState | null, action: () => void) =>
  render(
    <IntlProvider locale="en" messages={{}} onError={() => undefined}>
      <DesignSystemProvider locale="en">
        <Harness hold={hold} action={action} />
      </DesignSystemProvider>
    </IntlProvider>
  );

test('Given no hold, When run now is clicked, Then the run starts at once without a question', () => {
  const action = jest.fn();
  renderHarness(null, action);
  fireEvent.click(screen.getByRole('button', { name: 'Run now' }));
  expect(action).toHaveBeenCalledTimes(1);
  expect(screen.queryByRole('dialog')).toBeNull();
});

test('Given the hold, When run now is clicked, Then it asks first, saying who held it and why, and runs only once confirmed', () => {
  const action = jest.fn();
  renderHarness(HELD, action);

  fireEvent.click(screen.getByRole('button', { name: 'Run now' }));

  expect(action).not.toHaveBeenCalled();
  const dialog = screen.getByRole('dialog', { name: 'Run now while maintenance is on hold?' });
  expect(dialog.textContent).toContain('by Ada');
  expect(dialog.textContent).toContain('Reason: database migration');
  expect(dialog.textContent).toContain('Scheduled runs are stopped on every instance');

  fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
  expect(action).toHaveBeenCalledTimes(1);
});
