import { MAX_PREVIEW_COUNT, previewSchedule } from '../../../server/src/scheduling';
import type { SchedulePreview } from '../../../server/src/scheduling';

const at = (iso: string) => Date.parse(iso);

function valid(preview: SchedulePreview) {
  if (!preview.valid) throw new Error(`expected a valid preview: ${preview.error}`);
  return preview;
}

describe('previewSchedule', () => {
  test('Given a valid schedule, When previewed, Then each slot carries epoch ms, UTC, local time and offset', () => {
    const preview = valid(
      previewSchedule('30 2 * * *', 'Europe/Paris', at('2026-06-01T00:00:00Z'), 1)
    );
    expect(preview.next).toEqual([
      {
        epochMs: at('2026-06-01T00:30:00Z'),
        utc: '2026-06-01T00:30:00.000Z',
        local: '2026-06-01 02:30:00',
        offset: '+02:00',
      },
    ]);
    expect(preview.expression).toBe('30 2 * * *');
    expect(preview.timeZone).toBe('Europe/Paris');
    expect(preview.kind).toBe('fixed-time');
  });

  test('Given no locale, When previewed, Then the description is English', () => {
    expect(valid(previewSchedule('30 2 * * *', 'UTC', 0, 0)).description).toBe('At 02:30 AM');
  });

  test('Given the locale fr, When previewed, Then the description is French', () => {
    const preview = valid(previewSchedule('30 2 * * *', 'UTC', 0, 0, { locale: 'fr' }));
    expect(preview.description).toBe('À 02:30');
  });

  test('Given a BCP 47 tag with a region, When previewed, Then cronstrue’s matching locale is used', () => {
    const preview = valid(previewSchedule('30 2 * * *', 'UTC', 0, 0, { locale: 'pt-BR' }));
    expect(preview.description).toMatch(/^Às 02:30/);
  });

  test('Given an unknown locale, When previewed, Then the description falls back to English quietly', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const preview = valid(previewSchedule('30 2 * * *', 'UTC', 0, 0, { locale: 'tlh' }));
    expect(preview.description).toBe('At 02:30 AM');
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  test('Given an alias, When previewed, Then the canonical expression is described', () => {
    const preview = valid(previewSchedule('@daily', 'UTC', 0, 0));
    expect(preview.expression).toBe('0 0 * * *');
    expect(preview.description).toBe('At 12:00 AM');
  });

  test('Given a time in the spring-forward gap, When previewed, Then the slot is flagged gap-shifted with the time asked for', () => {
    const preview = valid(
      previewSchedule('30 2 * * *', 'America/New_York', at('2026-03-07T12:00:00Z'), 2)
    );
    expect(preview.next[0]).toEqual({
      epochMs: at('2026-03-08T07:00:00Z'),
      utc: '2026-03-08T07:00:00.000Z',
      local: '2026-03-08 03:00:00',
      offset: '-04:00',
      dstChange: 'gap-shifted',
      scheduledLocal: '2026-03-08 02:30:00',
    });
    expect(preview.next[1].dstChange).toBeUndefined();
  });

  test('Given an hourly schedule across fall-back, When previewed, Then both repeated slots are flagged overlap', () => {
    const preview = valid(
      previewSchedule('0 * * * *', 'America/New_York', at('2026-11-01T04:30:00Z'), 3)
    );
    expect(preview.next.map((slot) => [slot.local, slot.offset, slot.dstChange])).toEqual([
      ['2026-11-01 01:00:00', '-04:00', 'overlap'],
      ['2026-11-01 01:00:00', '-05:00', 'overlap'],
      ['2026-11-01 02:00:00', '-05:00', 'offset-change'],
    ]);
  });

  test('Given a fixed time in the overlap, When previewed, Then its single slot is flagged overlap', () => {
    const preview = valid(
      previewSchedule('30 1 * * *', 'America/New_York', at('2026-10-31T12:00:00Z'), 1)
    );
    expect(preview.next[0]).toMatchObject({ local: '2026-11-01 01:30:00', dstChange: 'overlap' });
  });

  test('Given a slot on a transition day away from the change, When previewed, Then it is flagged offset-change', () => {
    const preview = valid(
      previewSchedule('0 12 * * *', 'America/New_York', at('2026-03-07T00:00:00Z'), 2)
    );
    expect(preview.next.map((slot) => slot.dstChange)).toEqual([undefined, 'offset-change']);
  });

  test('Given a midnight fall-back, When previewed, Then the Saturday holding the repeated hour is flagged', () => {
    const preview = valid(
      previewSchedule('0 12 * * *', 'America/Santiago', at('2026-04-03T00:00:00Z'), 3)
    );
    expect(preview.next.map((slot) => [slot.local, slot.dstChange])).toEqual([
      ['2026-04-03 12:00:00', undefined],
      ['2026-04-04 12:00:00', 'offset-change'],
      ['2026-04-05 12:00:00', 'offset-change'],
    ]);
  });

  test('Given an invalid expression, When previewed, Then the result names the schedule field and reason', () => {
    expect(previewSchedule('61 * * * *', 'UTC', 0, 3)).toEqual({
      valid: false,
      field: 'schedule',
      error: 'schedule: minute field "61": 61 is out of range 0-59',
      key: 'schedule.field.outOfRange',
      values: { field: 'minute', text: '61', token: '61', min: 0, max: 59 },
    });
  });

  test('Given an invalid zone, When previewed, Then the result names the timeZone field', () => {
    expect(previewSchedule('0 * * * *', 'Nowhere/Land', 0, 3)).toMatchObject({
      valid: false,
      field: 'timeZone',
    });
  });

  test('Given a count above the cap, When previewed, Then the cap is served', () => {
    const preview = valid(previewSchedule('* * * * *', 'UTC', 0, 1000));
    expect(preview.next).toHaveLength(MAX_PREVIEW_COUNT);
  });

  test('Given a negative count, When previewed, Then a RangeError is thrown', () => {
    expect(() => previewSchedule('* * * * *', 'UTC', 0, -1)).toThrow(RangeError);
  });
});

describe('previewSchedule inside an active window', () => {
  test('Given a window that starts later, When previewed, Then the first slot is the first one inside it', () => {
    const preview = valid(
      previewSchedule('0 3 * * *', 'UTC', at('2027-01-01T00:00:00Z'), 2, {
        startAt: at('2027-03-01T03:00:00Z'),
      })
    );
    expect(preview.next.map((slot) => slot.utc)).toEqual([
      '2027-03-01T03:00:00.000Z',
      '2027-03-02T03:00:00.000Z',
    ]);
  });

  test('Given a window that ends after two slots, When five are asked, Then two are served', () => {
    const preview = valid(
      previewSchedule('0 3 * * *', 'UTC', at('2027-01-01T00:00:00Z'), 5, {
        endAt: at('2027-01-02T12:00:00Z'),
      })
    );
    expect(preview.next).toHaveLength(2);
    expect(preview.nextDstSlot).toBeNull();
  });
});

describe('previewSchedule looks ahead to the next clock change', () => {
  test('Given a daily schedule in a zone with DST and five slots in January, When previewed, Then the first slot on the March change is given apart', () => {
    const preview = valid(
      previewSchedule('30 2 * * *', 'Europe/Paris', at('2027-01-10T00:00:00Z'), 5)
    );
    expect(preview.next.some((slot) => slot.dstChange)).toBe(false);
    expect(preview.nextDstSlot).toMatchObject({
      dstChange: 'gap-shifted',
      scheduledLocal: '2027-03-28 02:30:00',
      local: '2027-03-28 03:00:00',
    });
  });

  test('Given a weekly schedule on a weekday the clocks never change on, When previewed, Then no clock change is given apart', () => {
    const preview = valid(
      previewSchedule('0 12 * * 3', 'Europe/Paris', at('2027-01-10T00:00:00Z'), 5)
    );
    expect(preview.nextDstSlot).toBeNull();
  });

  test('Given a zone without DST, When previewed, Then no clock change is given apart', () => {
    const preview = valid(previewSchedule('30 2 * * *', 'UTC', at('2027-01-10T00:00:00Z'), 5));
    expect(preview.nextDstSlot).toBeNull();
  });

  test('Given a listed slot already on a clock change, When previewed, Then nothing more is given apart', () => {
    const preview = valid(
      previewSchedule('30 2 * * *', 'Europe/Paris', at('2027-03-27T00:00:00Z'), 5)
    );
    expect(preview.next.some((slot) => slot.dstChange)).toBe(true);
    expect(preview.nextDstSlot).toBeNull();
  });
});
