/**
 * The run history's pager (admin/src/pages/runs/RunsPager.tsx): what each button asks for, and
 * which are off at the ends of the list.
 */
import { DesignSystemProvider } from '@strapi/design-system';
import { fireEvent, render, screen } from '@testing-library/react';
import { IntlProvider } from 'react-intl';

import type { CursorPagination } from '../../../server/src/contracts';
import { RunsPager } from '../../../admin/src/pages/runs/RunsPager';

// Radix needs these, which jsdom lacks.
beforeAll(() => {
  global.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
});

const pager = (pagination: CursorPagination, cursor: string) => {
  const onCursor = jest.fn();
  render(
    <IntlProvider locale="en" messages={{}} onError={() => undefined}>
      <DesignSystemProvider locale="en">
        <RunsPager
          pagination={pagination}
          cursor={cursor}
          pageSize={25}
          onCursor={onCursor}
          onPageSize={() => undefined}
        />
      </DesignSystemProvider>
    </IntlProvider>
  );
  const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;
  return { onCursor, button };
};

test('Given the newest page of a long history, When Next and Oldest are pressed, Then they ask for the next cursor and the last page', () => {
  const { onCursor, button } = pager(
    { pageSize: 25, total: 1000, totalCapped: true, nextCursor: 'n1', previousCursor: null },
    'first'
  );
  expect(button('Newest').disabled).toBe(true);
  expect(button('Previous').disabled).toBe(true);
  fireEvent.click(button('Next'));
  fireEvent.click(button('Oldest'));
  expect(onCursor.mock.calls).toEqual([['n1'], ['last']]);
  expect(screen.getByText('More than 1000 runs')).toBeTruthy();
});

test('Given the oldest page, When Previous and Newest are pressed, Then they ask for the previous cursor and the first page', () => {
  const { onCursor, button } = pager(
    { pageSize: 25, total: 40, nextCursor: null, previousCursor: 'p1' },
    'last'
  );
  expect(button('Next').disabled).toBe(true);
  expect(button('Oldest').disabled).toBe(true);
  fireEvent.click(button('Previous'));
  fireEvent.click(button('Newest'));
  expect(onCursor.mock.calls).toEqual([['p1'], ['first']]);
  expect(screen.getByText('40 runs')).toBeTruthy();
});
