/**
 * The exhaustive check for hourly-or-finer schedules, every zone Intl knows, 2026 and 2027.
 *
 * Invariants: (a) slots strictly increase; (c) every valid local wall-clock time that matches
 * occurs, both occurrences in a fall-back overlap, and nothing else (so nothing inside a gap).
 *
 * Enumerating every 15-minute slot of two years in 418 zones would take minutes, so the check
 * covers, for each zone, a window of three hours either side of each of its actual transitions
 * in 2026-2027 (found by the oracle's own offset scan) plus six ordinary windows spread over
 * both years. Inside each window the oracle walks UTC minute by minute and reads the local time
 * off its Intl scan (checked against Intl itself in exhaustive-fixed-time.test.ts), so no matching
 * local time can be missed.
 */
import { nextSlot, parseSchedule } from '../../../server/src/scheduling';
import type { Schedule } from '../../../server/src/scheduling';
import { describeInstant, scanZone, walkMinutes } from './intl-oracle';
import type { LocalMinute } from './intl-oracle';

const ZONES = Intl.supportedValuesOf('timeZone');
const HOUR = 3_600_000;
const WINDOW_HALF_WIDTH = 3 * HOUR;
const ORDINARY_INSTANTS = [
  '2026-01-15T10:00:00Z',
  '2026-05-20T03:00:00Z',
  '2026-08-10T18:00:00Z',
  '2027-02-01T00:00:00Z',
  '2027-06-30T12:00:00Z',
  '2027-11-11T07:00:00Z',
].map(Date.parse);

interface Window {
  readonly zone: string;
  readonly from: number;
  readonly to: number;
  readonly minutes: readonly LocalMinute[];
}

const windows: Window[] = ZONES.flatMap((zone) => {
  const scan = scanZone(zone, Date.UTC(2025, 11, 31), Date.UTC(2028, 0, 2));
  const centres = [
    ...scan.transitions
      .map((transition) => transition.at)
      .filter((at) => at >= Date.UTC(2026, 0, 1) && at < Date.UTC(2028, 0, 1)),
    ...ORDINARY_INSTANTS,
  ];
  return centres.map((centre) => {
    const from = centre - WINDOW_HALF_WIDTH;
    const to = centre + WINDOW_HALF_WIDTH;
    return { zone, from, to, minutes: walkMinutes(zone, scan, from, to) };
  });
});

const CASES = [
  { expression: '0 * * * *', matches: (minute: number) => minute === 0 },
  { expression: '*/15 * * * *', matches: (minute: number) => minute % 15 === 0 },
  // Off the hour: Australia/Lord_Howe's gap ends at 02:30, Pacific/Chatham's at 03:45.
  { expression: '30 * * * *', matches: (minute: number) => minute === 30 },
  { expression: '45 * * * *', matches: (minute: number) => minute === 45 },
];

function parsed(expression: string): Schedule {
  const result = parseSchedule(expression);
  if (!result.ok) throw result.error;
  return result.schedule;
}

function checkWindow(window: Window, schedule: Schedule, matches: (minute: number) => boolean) {
  const { zone } = window;
  const expected = window.minutes
    .filter(({ wall }) => wall % 60_000 === 0 && matches(new Date(wall).getUTCMinutes()))
    .map(({ instant }) => instant);
  const actual: number[] = [];
  for (let slot = nextSlot(schedule, zone, window.from - 1); slot <= window.to;) {
    if (actual.length > 0 && slot <= actual[actual.length - 1]) {
      return [`${zone}: slots not increasing at ${describeInstant(zone, slot)}`];
    }
    actual.push(slot);
    slot = nextSlot(schedule, zone, slot);
  }
  const index = expected.findIndex((instant, i) => actual[i] !== instant);
  if (index < 0 && actual.length === expected.length) return [];
  const at = index < 0 ? expected.length : index;
  return [
    `${zone}: slot #${at} expected ${describeInstant(zone, expected[at])}, got ${describeInstant(zone, actual[at])}`,
  ];
}

describe('Exhaustive hourly-or-finer schedules around every transition, 2026-2027', () => {
  it.each(CASES)(
    'Given "$expression" in every IANA zone, when enumerating the windows, then exactly the matching valid local times run',
    ({ expression, matches }) => {
      const schedule = parsed(expression);
      const problems = windows.flatMap((window) => checkWindow(window, schedule, matches));
      expect(problems.slice(0, 10)).toEqual([]);
    }
  );

  it('Given the oracle scan, when listing windows, then transitions of DST zones are included', () => {
    const transitionWindows = windows.length - ZONES.length * ORDINARY_INSTANTS.length;
    expect(transitionWindows).toBeGreaterThan(300);
  });
});
