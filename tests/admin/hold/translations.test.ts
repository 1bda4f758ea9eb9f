import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import en from '../../../admin/src/translations/en/hold.json';
import fr from '../../../admin/src/translations/fr/hold.json';
import { holdSentence } from '../../../admin/src/components/hold/holdText';

const ROOT = path.resolve(__dirname, '..', '..', '..', 'admin', 'src');
const placeholders = (text: string) => Array.from(text.matchAll(/\{(\w+)\}/g), (m) => m[1]).sort();

/** A translate function over the English file, filling placeholders. */
const t = (id: string, fallback: string, values: Record<string, unknown> = {}) =>
  ((en as Record<string, string>)[id] ?? fallback).replace(/\{(\w+)\}/g, (_m, key: string) =>
    String(values[key])
  );

describe('hold translations', () => {
  test('Given the English and French files, when compared, then they have the same keys and placeholders', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(en)) {
      expect([key, placeholders((fr as Record<string, string>)[key])]).toEqual([
        key,
        placeholders(text),
      ]);
    }
  });

  test('Given the admin sources, when every literal hold.* id is read, then each is in the files', () => {
    const used = new Set<string>();
    for (const file of readdirSync(ROOT, { recursive: true, encoding: 'utf8' })) {
      if (!/\.tsx?$/.test(file)) continue;
      const source = readFileSync(path.join(ROOT, file), 'utf8');
      for (const match of source.matchAll(/['"](hold\.[\w.-]+)['"]/g)) used.add(match[1]);
    }
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((key) => !(key in en))).toEqual([]);
  });
});

describe('hold sentence', () => {
  const at = (epochMs: number) => new Date(epochMs).toISOString();

  test('Given a hold with who and why, when told, then it says since when, by whom and why', () => {
    const hold = { held: true, since: 0, by: { id: 1, name: 'Ada' }, reason: 'migration' };
    expect(holdSentence(hold, t, at)).toBe(
      'Maintenance is on hold since 1970-01-01T00:00:00.000Z, by Ada. Reason: migration'
    );
  });

  test('Given a hold without a reason or a name, when told, then it says since when only', () => {
    const hold = { held: true, since: 0, by: null, reason: null };
    expect(holdSentence(hold, t, at)).toBe(
      'Maintenance is on hold since 1970-01-01T00:00:00.000Z.'
    );
  });
});
