import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import en from '../../../admin/src/translations/en/tasks.json';
import fr from '../../../admin/src/translations/fr/tasks.json';

const ROOT = path.resolve(__dirname, '..', '..', '..', 'admin', 'src');
const SOURCES = ['pages/tasks', 'components/tasks'].flatMap((dir) =>
  readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file))
    .map((file) => path.join(ROOT, dir, file))
);

const placeholders = (text: string) => Array.from(text.matchAll(/\{(\w+)\}/g), (m) => m[1]).sort();

describe('tasks translations', () => {
  test('Given the English and French files, when compared, then they have the same keys and placeholders', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(en)) {
      expect([key, placeholders((fr as Record<string, string>)[key])]).toEqual([
        key,
        placeholders(text),
      ]);
    }
  });

  test('Given the tasks pages, when every literal translation id is read, then each is in the files', () => {
    const used = new Set<string>();
    for (const file of SOURCES) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/['"](tasks\.[\w.-]+)['"]/g)) used.add(match[1]);
    }
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter((key) => !(key in en));
    expect(missing).toEqual([]);
  });
});
