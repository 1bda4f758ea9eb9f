/**
 * Built-in scripts' and default tasks' names and descriptions in the admin's language, by the
 * built-in's key, only while they are the built-in's defaults.
 */
import { IntlMessageFormat } from 'intl-messageformat';

import en from '../../admin/src/translations/en/builtin.json';
import fr from '../../admin/src/translations/fr/builtin.json';
import {
  builtInDefault,
  builtInKeyOf,
  builtInText,
  type BuiltInLookup,
} from '../../admin/src/utils/builtInText';
import { BUILT_IN_SCRIPTS, DEFAULT_TASKS, changesKey } from '../../server/src/builtin';

/** A message formatted with each placeholder given as itself (`{days}`), to compare templates. */
const format = (message: string, locale: string) =>
  String(
    new IntlMessageFormat(message, locale).format(
      Object.fromEntries([...message.matchAll(/\{(\w+)\}/g)].map(([whole, name]) => [name, whole]))
    )
  );

/** What useBuiltInText looks up, on the French catalogue. */
const french: BuiltInLookup = (id, fallback) => {
  const message = (fr as Record<string, string>)[id];
  return message === undefined ? fallback : format(message, 'fr');
};

const serverTexts = () => ({
  ...Object.fromEntries(
    BUILT_IN_SCRIPTS.flatMap((script) => [
      [`builtin.script.${script.key}.name`, script.name],
      [`builtin.script.${script.key}.description`, script.description],
    ])
  ),
  ...Object.fromEntries(
    BUILT_IN_SCRIPTS.flatMap((script) =>
      Object.entries(script.changes.sentences).map(([variant, sentence]) => [
        changesKey(script.key, variant),
        sentence,
      ])
    )
  ),
  ...Object.fromEntries(
    DEFAULT_TASKS.flatMap((task) => [
      [`builtin.task.${task.key}.name`, task.name],
      [`builtin.task.${task.key}.description`, task.description],
    ])
  ),
});

const purge = DEFAULT_TASKS.find((task) => task.key === 'purge-run-history')!;

describe('the built-in catalogue', () => {
  test('Given the server’s built-ins, Then the English catalogue holds exactly their names, descriptions and change sentences', () => {
    const server = serverTexts();
    expect(Object.keys(en).sort()).toEqual(Object.keys(server).sort());
    for (const [id, text] of Object.entries(server)) {
      expect([id, format((en as Record<string, string>)[id], 'en')]).toEqual([id, text]);
      expect([id, builtInDefault(id)]).toEqual([id, text]);
    }
  });

  test('Given the French catalogue, Then it has every id, each parses and none is left in English', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const [id, message] of Object.entries(fr)) {
      const text = format(message, 'fr');
      expect([id, text]).not.toEqual([id, format((en as Record<string, string>)[id], 'en')]);
      expect(text).not.toContain("'{'");
    }
  });
});

describe('builtInText', () => {
  test('Given a default task as created, When shown in French, Then its name and description are French', () => {
    expect(builtInText('task', purge, french)).toEqual({
      name: 'Purger l’historique des exécutions de maintenance',
      description: expect.stringMatching(
        /^Chaque jour : supprime les exécutions de plus de 90 jours/
      ),
    });
  });

  test('Given a default task its user renamed, When shown in French, Then it keeps the user’s name and description', () => {
    const renamed = { name: 'Nettoyage nocturne', description: purge.description };

    expect(builtInText('task', renamed, french)).toEqual(renamed);
  });

  test('Given a default task with its own description, When shown in French, Then the name is translated and the description kept', () => {
    const shown = builtInText('task', { name: purge.name, description: 'Our own words' }, french);

    expect(shown).toEqual({
      name: 'Purger l’historique des exécutions de maintenance',
      description: 'Our own words',
    });
  });

  test('Given a built-in script, When shown in French, Then its description keeps the braces and quotes of its examples', () => {
    const script = BUILT_IN_SCRIPTS.find((candidate) => candidate.key === 'delete-old-entries')!;

    const shown = builtInText('script', script, french);

    expect(shown.name).toBe('Supprimer les anciennes entrées');
    expect(shown.description).toContain(`{ "title": { "$startsWith": "tmp-" } }`);
    expect(shown.description).toContain("'api::article.article'");
  });

  test('Given a name no built-in has, When its key is looked for, Then there is none', () => {
    expect(builtInKeyOf('task', 'My task')).toBeNull();
    expect(builtInKeyOf('script', purge.name)).toBe('purge-run-history');
    expect(builtInKeyOf('task', 'Site report')).toBeNull();
  });
});
