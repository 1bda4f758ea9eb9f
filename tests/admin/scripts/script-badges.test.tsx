import { DesignSystemProvider } from '@strapi/design-system';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { IntlProvider } from 'react-intl';

import type { ScriptSummary } from '../../../server/src/contracts';
import { IntegrityBadge, OriginBadges } from '../../../admin/src/components/scripts/ScriptBadges';

// Radix needs these, which jsdom lacks.
beforeAll(() => {
  global.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
});

const wrap = (ui: React.ReactNode) => (
  <IntlProvider locale="en" messages={{}} onError={() => undefined}>
    <DesignSystemProvider locale="en">{ui}</DesignSystemProvider>
  </IntlProvider>
);

const script = (overrides: Partial<ScriptSummary>): ScriptSummary => ({
  id: 1,
  documentId: 'doc1',
  name: 'Sweep',
  description: null,
  builtIn: false,
  version: 1,
  codeKey: null,
  managedInCode: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  integrity: 'valid',
  tasks: [],
  ...overrides,
});

// The test setup fails any test during which React reports a warning (a ref given to a function
// component was the one these badges had): rendering and hovering is the check.
test('Given a tampered script, When its badge is hovered, Then the hint says it will not run', async () => {
  render(wrap(<IntegrityBadge integrity="tampered" />));

  await act(async () => {
    fireEvent.pointerMove(screen.getByText('Tampered'));
    fireEvent.focus(screen.getByText('Tampered').closest('span') as HTMLElement);
  });

  expect(
    (await screen.findAllByText(/will not run until it is saved again/)).length
  ).toBeGreaterThan(0);
});

test('Given a script managed in code, When its badge is hovered, Then the hint names its key', async () => {
  render(wrap(<OriginBadges script={script({ managedInCode: true, codeKey: 'nightly-sweep' })} />));

  await act(async () => {
    fireEvent.focus(screen.getByText('Managed in code').closest('span') as HTMLElement);
  });

  expect((await screen.findAllByText(/nightly-sweep/)).length).toBeGreaterThan(0);
});
