import { DesignSystemProvider } from '@strapi/design-system';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { IntlProvider } from 'react-intl';

import type { SchedulePreview } from '../../../server/src/contracts';
import { ScheduleBuilder } from '../../../admin/src/components/tasks/ScheduleBuilder';
import { SchedulePreviewList } from '../../../admin/src/components/tasks/SchedulePreviewList';

// Radix needs these, which jsdom lacks.
beforeAll(() => {
  Element.prototype.scrollIntoView = jest.fn();
  Element.prototype.hasPointerCapture = jest.fn(() => false);
  Element.prototype.releasePointerCapture = jest.fn();
  global.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
});

const wrap = (ui: React.ReactNode, locale = 'en') => (
  <IntlProvider locale={locale} messages={{}} onError={() => undefined}>
    <DesignSystemProvider locale={locale}>{ui}</DesignSystemProvider>
  </IntlProvider>
);

/** The builder with its own state, reporting every expression it produces. */
const Harness = ({ initial, onChange }: { initial: string; onChange?: (cron: string) => void }) => {
  const [value, setValue] = useState(initial);
  return (
    <ScheduleBuilder
      value={value}
      onChange={(next) => {
        onChange?.(next);
        setValue(next);
      }}
    />
  );
};

const text = (element: Element) => (element.textContent ?? '').replace(/\s+/g, ' ');

const cronField = () => screen.getByLabelText(/cron expression/i) as HTMLInputElement;

describe('ScheduleBuilder', () => {
  test('Given an existing weekly cron, when the editor opens, then the weekly preset shows its day and time', () => {
    render(wrap(<Harness initial="30 4 * * 1" />));
    expect(text(screen.getByRole('combobox', { name: 'Repeat' }))).toContain('Every week');
    expect(text(screen.getByRole('combobox', { name: 'On' }))).toContain('Monday');
    expect((screen.getByLabelText('At') as HTMLInputElement).value).toBe('04:30');
    expect(text(screen.getByTestId('schedule-words'))).toContain('At 04:30 AM, only on Monday');
  });

  test('Given the daily preset, when the time changes, then the cron field follows', () => {
    const onChange = jest.fn();
    render(wrap(<Harness initial="0 3 * * *" onChange={onChange} />));
    fireEvent.change(screen.getByLabelText('At'), { target: { value: '22:15' } });
    expect(onChange).toHaveBeenLastCalledWith('15 22 * * *');
    expect(cronField().value).toBe('15 22 * * *');
    expect(text(screen.getByTestId('schedule-words'))).toContain('At 10:15 PM');
  });

  test('Given a raw cron typed in, when it matches a preset, then the builder switches to it; else custom', () => {
    render(wrap(<Harness initial="0 3 * * *" />));
    fireEvent.change(cronField(), { target: { value: '0 6 15 * *' } });
    expect(text(screen.getByRole('combobox', { name: 'Repeat' }))).toContain('Every month');
    expect((screen.getByLabelText('On day') as HTMLInputElement).value).toBe('15');
    fireEvent.change(cronField(), { target: { value: '*/10 * * * *' } });
    expect(text(screen.getByRole('combobox', { name: 'Repeat' }))).toContain('Custom');
    expect(text(screen.getByTestId('schedule-words'))).toContain('Every 10 minutes');
  });

  test('Given the hourly preset, when the minute changes, then the cron is that minute of every hour', () => {
    const onChange = jest.fn();
    render(wrap(<Harness initial="@hourly" onChange={onChange} />));
    const minute = screen.getByLabelText('At minute');
    fireEvent.change(minute, { target: { value: '45' } });
    expect(onChange).toHaveBeenLastCalledWith('45 * * * *');
  });

  test('Given a one-off schedule, when the editor opens, then the once mode shows its local date and time, in words', () => {
    render(wrap(<Harness initial="@once 2027-03-01T12:00" />));
    expect(text(screen.getByRole('combobox', { name: 'Repeat' }))).toContain(
      'Once, at a date and time'
    );
    expect((screen.getByLabelText('On') as HTMLInputElement).value).toBe('2027-03-01T12:00');
    // In words on the admin's clock and calendar (English here), as every other time shown.
    expect(text(screen.getByTestId('schedule-words'))).toMatch(
      /^Once, on Mar 1, 2027 at 12:00\sPM$/
    );
  });

  test('Given the once mode, when the date and time change, then the schedule is @once at that local time', () => {
    const onChange = jest.fn();
    render(wrap(<Harness initial="@once 2027-03-01T12:00" onChange={onChange} />));
    fireEvent.change(screen.getByLabelText('On'), { target: { value: '2027-04-02T08:15' } });
    expect(onChange).toHaveBeenLastCalledWith('@once 2027-04-02T08:15');
    expect(cronField().value).toBe('@once 2027-04-02T08:15');
  });

  test('Given a French admin, when a schedule shows, then its words are French', () => {
    render(wrap(<Harness initial="0 7 * * 1" />, 'fr'));
    expect(text(screen.getByTestId('schedule-words'))).toContain('À 07:00, uniquement le lundi');
  });

  test('Given an error from the preview, when shown, then it sits on the cron field', () => {
    render(
      wrap(
        <ScheduleBuilder
          value="61 * * * *"
          onChange={() => undefined}
          error='schedule: minute field "61": 61 is out of range 0-59'
        />
      )
    );
    expect(screen.getByText(/61 is out of range/)).toBeTruthy();
    expect(cronField().getAttribute('aria-invalid')).toBe('true');
  });
});

describe('SchedulePreviewList', () => {
  test('Given a preview with a spring-forward slot, when shown, then the next runs list flags the DST change', () => {
    const preview: SchedulePreview = {
      valid: true,
      expression: '30 2 * * *',
      timeZone: 'America/New_York',
      kind: 'fixed-time',
      description: 'At 02:30 AM',
      next: [
        {
          epochMs: 1805007600000,
          utc: '2027-03-14T07:00:00.000Z',
          local: '2027-03-14 03:00:00',
          offset: '-04:00',
          dstChange: 'gap-shifted',
          scheduledLocal: '2027-03-14 02:30:00',
          note: 'server note',
        },
        {
          epochMs: 1805092200000,
          utc: '2027-03-15T06:30:00.000Z',
          local: '2027-03-15 02:30:00',
          offset: '-04:00',
        },
      ],
    };
    act(() => {
      render(wrap(<SchedulePreviewList preview={preview} now={1805000000000} />));
    });
    const items = screen.getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(text(items[0])).toContain('Mar 14, 2027');
    expect(text(items[0])).toContain('03:00');
    expect(text(items[0])).toContain('UTC-04:00');
    expect(text(items[0])).toContain('Clocks go forward');
    // On the same clock as the slot's own time (English: 12 hours).
    expect(text(items[0])).toMatch(
      /02:30\sAM does not exist that day in America\/New_York \(the clocks go forward\): it runs at 03:00\sAM/
    );
    expect(text(items[1])).not.toContain('Clocks go forward');
  });

  test('Given a preview whose listed runs miss the next clock change, when shown, then that run follows apart with its flag', () => {
    const preview: SchedulePreview = {
      valid: true,
      expression: '30 2 * * *',
      timeZone: 'America/New_York',
      kind: 'fixed-time',
      description: 'At 02:30 AM',
      next: [
        {
          epochMs: 1799220600000,
          utc: '2027-01-06T07:30:00.000Z',
          local: '2027-01-06 02:30:00',
          offset: '-05:00',
        },
      ],
      nextDstSlot: {
        epochMs: 1805007600000,
        utc: '2027-03-14T07:00:00.000Z',
        local: '2027-03-14 03:00:00',
        offset: '-04:00',
        dstChange: 'gap-shifted',
        scheduledLocal: '2027-03-14 02:30:00',
      },
    };
    act(() => {
      render(wrap(<SchedulePreviewList preview={preview} now={1799000000000} />));
    });
    const later = screen.getByTestId('next-dst-slot');
    expect(screen.getByText('Later, on the next clock change:')).toBeTruthy();
    expect(text(later)).toContain('Mar 14, 2027');
    expect(text(later)).toContain('Clocks go forward');
  });

  test('Given an invalid expression, when previewed, then the reason shows instead of runs', () => {
    render(
      wrap(
        <SchedulePreviewList
          preview={{ valid: false, field: 'schedule', error: 'schedule: is empty' }}
        />
      )
    );
    expect(screen.getByText(/schedule: is empty/)).toBeTruthy();
  });
});
