/**
 * The keys the scheduling rules give their refusals, for the admin panel's translation: each
 * refusal has a key of contracts/message-keys.ts with exactly the values that key declares.
 */
import { MESSAGE_KEYS, type KeyedMessage } from '../../../server/src/contracts';
import {
  checkJitter,
  checkTimeZone,
  parseSchedule,
  type Schedule,
} from '../../../server/src/scheduling';

const keyedRefusal = (expression: unknown): KeyedMessage => {
  const result = parseSchedule(expression);
  if (result.ok) throw new Error(`expected ${JSON.stringify(expression)} to be refused`);
  return result.error.keyed;
};

const declaredValues = ({ key, values }: KeyedMessage) => [
  Object.keys(values ?? {}).sort(),
  [...MESSAGE_KEYS[key]].sort(),
];

const REFUSALS: Array<[unknown, string]> = [
  [42, 'schedule.notString'],
  ['  ', 'schedule.empty'],
  ['*'.repeat(1025), 'schedule.tooLong'],
  ['@fortnightly', 'schedule.unknownAlias'],
  ['* * *', 'schedule.fieldCount'],
  ['0 0 30 2 *', 'schedule.neverMatches'],
  ['@once tomorrow', 'schedule.onceFormat'],
  ['@once 1900-01-01T00:00', 'schedule.onceYear'],
  ['@once 2027-01-01T25:00', 'schedule.onceTime'],
  ['@once 2027-02-30T12:00', 'schedule.onceDate'],
  ['1,,2 * * * *', 'schedule.field.emptyItem'],
  ['0 0 * FOO *', 'schedule.field.unknownName'],
  ['1-2-3 * * * *', 'schedule.field.invalid'],
  ['0 FOO * * *', 'schedule.field.notNumber'],
  ['60 * * * *', 'schedule.field.outOfRange'],
  ['*/x * * * *', 'schedule.field.stepNotNumber'],
  ['*/0 * * * *', 'schedule.field.stepTooSmall'],
  ['*/61 * * * *', 'schedule.field.stepTooLarge'],
  ['H * * * *', 'schedule.field.hashed'],
  ['0 0 15W * *', 'schedule.field.nearestWeekday'],
  ['0 0 L-2 * *', 'schedule.field.lastAlone'],
  ['0 0 * * L', 'schedule.field.lastWeekday'],
  ['0 5L * * *', 'schedule.field.lastOnlyInDays'],
  ['0 0 1#2 * *', 'schedule.field.hashOnlyInWeekday'],
  ['0 0 ?,1 * *', 'schedule.field.questionAlone'],
  ['? * * * *', 'schedule.field.questionOnlyInDays'],
  ['0 0 * * 1#6', 'schedule.field.nth'],
  ['5-1 * * * *', 'schedule.field.reversed'],
];

describe('message keys of schedule refusals', () => {
  test.each(REFUSALS)(
    'Given %j, When it is refused, Then the refusal has the key %s and its declared values',
    (expression, key) => {
      const keyed = keyedRefusal(expression);
      expect(keyed.key).toBe(key);
      const [given, declared] = declaredValues(keyed);
      expect(given).toEqual(declared);
    }
  );

  // The past one-off is the task validation's; a weekday always occurs in some month of the
  // scanned years, so no expression reaches neverMatchesWithWeekday today (it is kept for one).
  const ELSEWHERE = ['schedule.past', 'schedule.neverMatchesWithWeekday'];

  test('Given every other schedule key, Then some refusal above gives it', () => {
    const produced = new Set(REFUSALS.map(([, key]) => key));
    const scheduleKeys = Object.keys(MESSAGE_KEYS).filter(
      (key) => key.startsWith('schedule.') && !ELSEWHERE.includes(key)
    );
    expect(scheduleKeys.filter((key) => !produced.has(key))).toEqual([]);
  });

  test('Given a field refusal, When keyed, Then it names the cron field and the field as written', () => {
    expect(keyedRefusal('0 0 0 * *')).toEqual({
      key: 'schedule.field.outOfRange',
      values: { field: 'dayOfMonth', text: '0', token: '0', min: 1, max: 31 },
    });
  });
});

describe('message keys of time zone and jitter refusals', () => {
  test.each([
    ['', 'timezone.required'],
    ['Mars/Olympus_Mons', 'timezone.unknown'],
  ])('Given the zone %j, When checked, Then the refusal has the key %s', (zone, key) => {
    const result = checkTimeZone(zone);
    if (result.ok) throw new Error('expected a refusal');
    expect(result.error.keyed.key).toBe(key);
    const [given, declared] = declaredValues(result.error.keyed);
    expect(given).toEqual(declared);
  });

  const schedule = (expression: string): Schedule => {
    const result = parseSchedule(expression);
    if (!result.ok) throw new Error(result.error.message);
    return result.schedule;
  };

  test.each([
    [10, '@once 2027-03-02T12:00', 'jitter.once'],
    [3601, '0 3 * * *', 'jitter.tooLarge'],
    [300, '*/5 * * * *', 'jitter.interval'],
  ])(
    'Given a jitter of %i s on %j, When checked, Then the refusal has the key %s',
    (jitter, expression, key) => {
      const refusal = checkJitter(jitter, schedule(expression), 'UTC', Date.UTC(2026, 0, 1));
      expect(refusal?.keyed.key).toBe(key);
      const [given, declared] = declaredValues(refusal!.keyed);
      expect(given).toEqual(declared);
    }
  );
});
