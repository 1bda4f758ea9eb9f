/**
 * The exhaustive check for fixed-time schedules: every zone Intl knows, every matching local day
 * of 2026 and 2027, compared slot by slot with an independent oracle (intl-oracle.ts).
 *
 * Invariants: (a) slots strictly increase; (b) exactly one slot per matching local day, at the
 * local time when it exists, at the instant the gap ends when it falls in a spring-forward gap,
 * at the first occurrence when it falls in a fall-back overlap.
 */
import { nextSlot, parseSchedule } from '../../../server/src/scheduling';
import type { Schedule } from '../../../server/src/scheduling';
import {
  describeInstant,
  expectedAppointment,
  localDays,
  localWall,
  scanZone,
  scannedWall,
} from './intl-oracle';
import type { ZoneScan } from './intl-oracle';

const ZONES = Intl.supportedValuesOf('timeZone');
const SCAN_FROM = Date.UTC(2025, 11, 30);
const SCAN_TO = Date.UTC(2028, 0, 2);
const scans = new Map<string, ZoneScan>(
  ZONES.map((zone) => [zone, scanZone(zone, SCAN_FROM, SCAN_TO)])
);

interface FixedTimeCase {
  readonly expression: string;
  readonly hour: number;
  readonly minute: number;
  readonly day: (date: Date) => boolean;
}

const everyDay = () => true;
const CASES: FixedTimeCase[] = [
  // Inside the usual 02:00 spring-forward gap and 01:00 fall-back overlap.
  { expression: '30 2 * * *', hour: 2, minute: 30, day: everyDay },
  { expression: '0 2 * * *', hour: 2, minute: 0, day: everyDay },
  { expression: '30 1 * * *', hour: 1, minute: 30, day: everyDay },
  { expression: '0 1 * * *', hour: 1, minute: 0, day: everyDay },
  // Midnight transitions (America/Santiago, America/Havana, America/Asuncion, Asia/Beirut …).
  { expression: '0 0 * * *', hour: 0, minute: 0, day: everyDay },
  { expression: '30 0 * * *', hour: 0, minute: 30, day: everyDay },
  { expression: '30 23 * * *', hour: 23, minute: 30, day: everyDay },
  // Europe's 03:00 fall-back and Pacific/Chatham's 02:45/03:45 transitions.
  { expression: '15 3 * * *', hour: 3, minute: 15, day: everyDay },
  { expression: '45 2 * * *', hour: 2, minute: 45, day: everyDay },
  // Far from any transition.
  { expression: '0 12 * * *', hour: 12, minute: 0, day: everyDay },
  { expression: '0 3 * * 0', hour: 3, minute: 0, day: (date) => date.getUTCDay() === 0 },
  { expression: '0 2 1 * *', hour: 2, minute: 0, day: (date) => date.getUTCDate() === 1 },
  { expression: '30 2 31 * *', hour: 2, minute: 30, day: (date) => date.getUTCDate() === 31 },
];

function parsed(expression: string): Schedule {
  const result = parseSchedule(expression);
  if (!result.ok) throw result.error;
  return result.schedule;
}

/** Problems found in one zone, or an empty list. */
function checkZone(zone: string, schedule: Schedule, appointments: number[]): string[] {
  const scan = scans.get(zone) as ZoneScan;
  const expected = appointments.map((wall) => expectedAppointment(zone, scan, wall));
  // Two days sharing one slot would break "one slot per day"; only a gap of a day or more can
  // do that (Pacific/Apia 2011), and 2026-2027 has none.
  if (new Set(expected).size !== expected.length) return [`${zone}: two days share a slot`];
  const last = expected[expected.length - 1];
  const actual: number[] = [];
  for (let slot = nextSlot(schedule, zone, expected[0] - 1); slot <= last;) {
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

describe('Exhaustive fixed-time schedules, every zone, 2026-2027', () => {
  it.each(CASES)(
    'Given "$expression" in every IANA zone, when enumerating 2026-2027, then each matching local day has exactly its one oracle slot',
    (testCase) => {
      const schedule = parsed(testCase.expression);
      const appointments = localDays('2026-01-01', '2027-12-31', testCase.day).map(
        (day) => day + (testCase.hour * 60 + testCase.minute) * 60_000
      );
      const problems = ZONES.flatMap((zone) => checkZone(zone, schedule, appointments));
      expect(problems.slice(0, 10)).toEqual([]);
    }
  );

  it('Given the oracle scan, when its local times are compared with Intl at every transition (a minute either side) and every week, then they agree', () => {
    const WEEK = 7 * 24 * 3_600_000;
    const disagreements = ZONES.flatMap((zone) => {
      const scan = scans.get(zone) as ZoneScan;
      const instants = scan.transitions.flatMap(({ at }) => [at - 60_000, at, at + 60_000]);
      for (let instant = SCAN_FROM; instant <= SCAN_TO; instant += WEEK) instants.push(instant);
      return instants
        .filter((instant) => scannedWall(zone, scan, instant) !== localWall(zone, instant))
        .map((instant) => `${zone}: ${describeInstant(zone, instant)}`);
    });
    expect(disagreements.slice(0, 10)).toEqual([]);
  });

  it('Given the oracle scan, when counting zones with transitions in 2026-2027, then DST zones are covered', () => {
    const withTransitions = ZONES.filter(
      (zone) => (scans.get(zone) as ZoneScan).transitions.length
    );
    expect(withTransitions).toEqual(
      expect.arrayContaining([
        'America/New_York',
        'Europe/Paris',
        'Australia/Lord_Howe',
        'America/Santiago',
        'Pacific/Chatham',
        'Europe/Dublin',
      ])
    );
    expect(withTransitions.length).toBeGreaterThan(100);
  });
});
