import { fireEvent, render, screen } from '@testing-library/react';

import { inDesignSystem } from '../../helpers/design-system';
import { Form, useForm } from '../../helpers/strapi-form';
import {
  settingsFieldOf,
  type SettingsForm,
} from '../../../admin/src/components/settings/wakeLines';
import { useServerFieldErrors } from '../../../admin/src/hooks/useServerFieldErrors';
import { LimitsFields } from '../../../admin/src/pages/settings/LimitsFields';
import { RetentionFields } from '../../../admin/src/pages/settings/RetentionFields';

jest.mock('@strapi/strapi/admin', () => jest.requireActual('../../helpers/strapi-form'));

const FORM: SettingsForm = {
  triggerMode: 'open',
  autoRun: true,
  concurrency: 1,
  defaults: { timeLimitMs: 30000, memoryLimitMb: 64, wallTimeLimitMs: 60000 },
  caps: { timeLimitMs: 60000, memoryLimitMb: 128, wallTimeLimitMs: 120000 },
  retention: { days: 30, keepLast: 5 },
};

/** The server's 400 for PUT /settings, as RTK Query hands it over. */
const validationError = (errors: Array<{ path: string[]; message: string }>) => ({
  status: 400,
  name: 'ValidationError',
  message: errors[0].message,
  details: { errors },
});

/** Puts a failed save's errors on the form, as the settings page does. */
const FailedSave = ({ failure }: { failure: unknown }) => {
  const serverFieldErrors = useServerFieldErrors();
  const setErrors = useForm('FailedSave', (state) => state.setErrors);
  return (
    <button type="button" onClick={() => setErrors(serverFieldErrors(failure, settingsFieldOf))}>
      Save
    </button>
  );
};

const renderForm = (failure: unknown) =>
  render(
    inDesignSystem(
      <Form initialValues={FORM as unknown as Record<string, unknown>}>
        <section aria-label="Default limits">
          <LimitsFields group="defaults" />
        </section>
        <section aria-label="Caps">
          <LimitsFields group="caps" />
        </section>
        <RetentionFields />
        <FailedSave failure={failure} />
      </Form>
    )
  );

/** The error text an input is described by (Field.Root links them). */
const errorOf = (input: HTMLElement) =>
  (input.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');

const inSection = (section: string, label: string) =>
  screen
    .getByRole('region', { name: section })
    .querySelector<HTMLInputElement>(
      `input[name="${section === 'Caps' ? 'caps' : 'defaults'}.${label}"]`
    ) ??
  (() => {
    throw new Error(`no ${label} in ${section}`);
  })();

test('Given a 400 naming a cap, When the save fails, Then the message is shown on that cap and nowhere else', () => {
  renderForm(
    validationError([
      { path: ['caps', 'memoryLimitMb'], message: 'caps.memoryLimitMb must be at most 4096' },
    ])
  );

  fireEvent.click(screen.getByRole('button', { name: 'Save' }));

  expect(errorOf(inSection('Caps', 'memoryLimitMb'))).toContain(
    'caps.memoryLimitMb must be at most 4096'
  );
  expect(screen.getAllByText('caps.memoryLimitMb must be at most 4096')).toHaveLength(1);
});

test('Given a 400 about the retention as a whole, When the save fails, Then the message is shown on the days', () => {
  renderForm(
    validationError([
      { path: ['retention'], message: 'retention must be an object with days and keepLast' },
    ])
  );

  fireEvent.click(screen.getByRole('button', { name: 'Save' }));

  expect(errorOf(screen.getByLabelText('Keep runs for (days)'))).toContain(
    'retention must be an object with days and keepLast'
  );
});

test('Given an error shown on a field, When the user changes that field, Then its message goes', () => {
  renderForm(
    validationError([
      {
        path: ['defaults', 'timeLimitMs'],
        message: 'defaults.timeLimitMs (90000) must not exceed the cap (60000)',
      },
    ])
  );
  fireEvent.click(screen.getByRole('button', { name: 'Save' }));
  expect(screen.getByText(/must not exceed the cap/)).toBeTruthy();

  fireEvent.change(inSection('Default limits', 'timeLimitMs'), { target: { value: '50000' } });

  expect(screen.queryByText(/must not exceed the cap/)).toBeNull();
});
