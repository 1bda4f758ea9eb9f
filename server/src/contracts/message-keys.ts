/**
 * Stable keys for the server's messages that the admin panel shows, with the values each fills
 * in. The server's 400 answers keep their English `message` (API clients and logs read it) and
 * add `key` and `values` to each `details.errors[]` entry (and to an invalid schedule preview);
 * the admin panel translates by key from its own catalogue (admin/src/translations/{en,fr}/
 * errors.json, as `errors.<key>`) and falls back to the English `message` for a key it lacks.
 * Keyed messages never name a field: the admin shows them on the field, or after its label.
 */
export const MESSAGE_KEYS = {
  // A cron or one-off schedule (server/src/scheduling/parse-schedule.ts, once.ts).
  'schedule.notString': [],
  'schedule.empty': [],
  'schedule.tooLong': ['max'],
  'schedule.unknownAlias': ['alias', 'aliases'],
  'schedule.fieldCount': ['count'],
  'schedule.neverMatches': ['dayOfMonth', 'month'],
  'schedule.neverMatchesWithWeekday': ['dayOfMonth', 'dayOfWeek', 'month'],
  'schedule.onceFormat': ['text', 'example'],
  'schedule.onceYear': ['text', 'min', 'max'],
  'schedule.onceTime': ['text'],
  'schedule.onceDate': ['text'],
  'schedule.past': ['expression', 'zone'],
  // One field of a cron expression: `field` is a CronFieldName, `text` the field as written.
  'schedule.field.emptyItem': ['field', 'text'],
  'schedule.field.unknownName': ['field', 'text', 'token', 'first', 'last'],
  'schedule.field.notNumber': ['field', 'text', 'token'],
  'schedule.field.outOfRange': ['field', 'text', 'token', 'min', 'max'],
  'schedule.field.stepNotNumber': ['field', 'text', 'step'],
  'schedule.field.stepTooSmall': ['field', 'text'],
  'schedule.field.stepTooLarge': ['field', 'text', 'step', 'min', 'max'],
  'schedule.field.hashed': ['field', 'text', 'item'],
  'schedule.field.nearestWeekday': ['field', 'text', 'item'],
  'schedule.field.lastAlone': ['field', 'text', 'item'],
  'schedule.field.lastWeekday': ['field', 'text', 'item'],
  'schedule.field.lastOnlyInDays': ['field', 'text', 'item'],
  'schedule.field.hashOnlyInWeekday': ['field', 'text', 'item'],
  'schedule.field.questionAlone': ['field', 'text', 'item'],
  'schedule.field.questionOnlyInDays': ['field', 'text', 'item'],
  'schedule.field.nth': ['field', 'text', 'item'],
  'schedule.field.reversed': ['field', 'text', 'item'],
  'schedule.field.invalid': ['field', 'text', 'item'],
  // The spread of a task's slots (server/src/scheduling/jitter.ts).
  'jitter.once': [],
  'jitter.tooLarge': ['max'],
  'jitter.interval': ['seconds'],
  // A time zone (server/src/scheduling/time-zone.ts).
  'timezone.required': [],
  'timezone.unknown': ['zone'],
  // A script's body (server/src/validation/script.ts): `message` is the JavaScript engine's own.
  'script.syntax': ['message'],
  'script.syntaxAt': ['message', 'line', 'column'],
  'script.tooLarge': ['max'],
  // Tasks and scripts (server/src/validation).
  'name.empty': [],
  'name.taken': [],
  'text.tooLong': ['max'],
  'task.scriptMissing': ['script'],
  'task.endBeforeStart': [],
  // Settings (server/src/services/settings.ts).
  'settings.overCap': ['value', 'cap'],
  'settings.tokenModeNeedsToken': [],
  // yup's own checks, on any number field.
  required: [],
  'number.whole': [],
  'number.min': ['min'],
  'number.max': ['max'],
} as const satisfies Record<string, readonly string[]>;

export type MessageKey = keyof typeof MESSAGE_KEYS;

/** The values a keyed message fills in. */
export type MessageValues = Record<string, string | number>;

/** A message the admin panel translates by its key. */
export interface KeyedMessage {
  key: MessageKey;
  values?: MessageValues;
}

/** The fields of a cron expression, as `values.field` of the `schedule.field.*` keys. */
export type CronFieldName = 'second' | 'minute' | 'hour' | 'dayOfMonth' | 'month' | 'dayOfWeek';
