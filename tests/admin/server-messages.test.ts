/**
 * Server messages in the admin's language: the 400's errors carry a key and values
 * (server/src/contracts/message-keys.ts), translated from the plugin's `errors.` catalogue, with
 * the server's English text when there is no key or no translation.
 */
import { IntlMessageFormat } from 'intl-messageformat';

import {
  failsOnFields,
  fieldErrors,
  serverText,
  validationFailureOnFields,
  type Lookup,
  type ServerMessage,
} from '../../admin/src/api/errors';
import en from '../../admin/src/translations/en/errors.json';
import fr from '../../admin/src/translations/fr/errors.json';
import { MESSAGE_KEYS, type CronFieldName } from '../../server/src/contracts';

const CATALOGUES: Record<string, Record<string, string>> = { en, fr };

/** What useServerText looks up, on one catalogue. */
const lookupIn =
  (locale: 'en' | 'fr'): Lookup =>
  (id, values) => {
    const text = CATALOGUES[locale][id];
    return text === undefined ? null : String(new IntlMessageFormat(text, locale).format(values));
  };

const placeholders = (text: string) =>
  [...new Set(Array.from(text.matchAll(/\{(\w+)\}/g), (m) => m[1]))].sort();

/** The errors of a task whose schedule has a minute out of range, maxRuns 0 and bad params. */
const ENTRIES: Array<ServerMessage & { path: string[]; name: string }> = [
  {
    path: ['schedule'],
    message: 'schedule: minute field "61": 61 is out of range 0-59',
    name: 'ValidationError',
    key: 'schedule.field.outOfRange',
    values: { field: 'minute', text: '61', token: '61', min: 0, max: 59 },
  },
  {
    path: ['maxRuns'],
    message: 'maxRuns must be at least 1',
    name: 'ValidationError',
    key: 'number.min',
    values: { min: 1 },
  },
  { path: ['params'], message: 'params must be a JSON object', name: 'ValidationError' },
];

/** Their 400, as RTK Query hands it back. */
const keyedFailure = () => ({
  status: 400,
  name: 'ValidationError',
  message: '3 errors occurred',
  details: { errors: ENTRIES },
});

describe('the errors catalogue', () => {
  test.each(['en', 'fr'])(
    'Given the %s catalogue, Then every server key is in it with only the values the key gives',
    (locale) => {
      const catalogue = CATALOGUES[locale];
      for (const [key, values] of Object.entries(MESSAGE_KEYS)) {
        const text = catalogue[`errors.${key}`];
        expect([key, typeof text]).toEqual([key, 'string']);
        const unknown = placeholders(text).filter(
          (name) => !(values as readonly string[]).includes(name)
        );
        expect([key, unknown]).toEqual([key, []]);
      }
    }
  );

  test('Given both catalogues, Then they have the same ids and placeholders, and each parses', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const [id, text] of Object.entries(en)) {
      expect([id, placeholders((fr as Record<string, string>)[id])]).toEqual([
        id,
        placeholders(text),
      ]);
      expect(() => new IntlMessageFormat(text, 'en')).not.toThrow();
      expect(() => new IntlMessageFormat((fr as Record<string, string>)[id], 'fr')).not.toThrow();
    }
  });

  test('Given every cron field, Then both catalogues name it', () => {
    const names: CronFieldName[] = ['second', 'minute', 'hour', 'dayOfMonth', 'month', 'dayOfWeek'];
    for (const name of names) {
      expect(en).toHaveProperty([`errors.cronField.${name}`]);
      expect(fr).toHaveProperty([`errors.cronField.${name}`]);
    }
  });

  test('Given the English catalogue, Then no message names an internal field', () => {
    const internal =
      /\b(body|schedule|timezone|triggerMode|jitterSeconds|maxRuns|defaults|caps)\b\s*:/;
    for (const text of [...Object.values(en), ...Object.values(fr)]) {
      expect(text).not.toMatch(internal);
    }
  });
});

describe('serverText', () => {
  test('Given a keyed cron error and the French catalogue, When read, Then it is French and names the cron field in French', () => {
    const [entry] = ENTRIES;

    expect(serverText(entry, lookupIn('fr'))).toBe(
      'Champ minutes « 61 » : 61 est hors de l’intervalle 0–59'
    );
  });

  test('Given a keyed cron error and the English catalogue, When read, Then it has no internal field name', () => {
    const [entry] = ENTRIES;

    expect(serverText(entry, lookupIn('en'))).toBe('Minute field “61”: 61 is out of range 0–59');
  });

  test('Given an error without a key, When read, Then it is the server’s English', () => {
    const entry = ENTRIES[2];

    expect(serverText(entry, lookupIn('fr'))).toBe('params must be a JSON object');
  });

  test('Given a key the catalogue lacks (a newer server), When read, Then it is the server’s English', () => {
    const entry = { message: 'something new', key: 'required' as const };

    expect(serverText(entry, () => null)).toBe('something new');
  });
});

describe('keyed failures on form fields', () => {
  test('Given a keyed 400, When its field errors are read in French, Then each keyed one is translated', () => {
    const text = (entry: ServerMessage) => serverText(entry, lookupIn('fr'));

    expect(fieldErrors(keyedFailure(), text)).toEqual({
      schedule: 'Champ minutes « 61 » : 61 est hors de l’intervalle 0–59',
      maxRuns: 'Doit valoir au moins 1',
      params: 'params must be a JSON object',
    });
  });

  test('Given a keyed 400, When placed on the form, Then the messages are translated and the paths moved', () => {
    const text = (entry: ServerMessage) => serverText(entry, lookupIn('fr'));

    const placed = validationFailureOnFields(keyedFailure(), (path) => path, text);

    expect(placed?.details?.errors?.[1]).toMatchObject({
      path: ['maxRuns'],
      message: 'Doit valoir au moins 1',
    });
  });

  test('Given a 400 naming fields, Then it fails on fields; another failure does not', () => {
    expect(failsOnFields(keyedFailure())).toBe(true);
    expect(failsOnFields({ ...keyedFailure(), name: 'ForbiddenError' })).toBe(false);
    expect(failsOnFields(new Error('Network Error'))).toBe(false);
  });
});
