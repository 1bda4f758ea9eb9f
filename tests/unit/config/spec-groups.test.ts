/**
 * The integration suite's short specs run through their folder's `specs.test.ts`
 * (tests/helpers/spec-group.ts); a spec in a folder without one would never run.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { GROUP_FILE, SPEC_SUFFIX } from '../../helpers/spec-group';

const SUITES = ['integration', 'e2e'].map((suite) => path.resolve(__dirname, '..', '..', suite));

const specsIn = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return specsIn(full);
    return entry.name.endsWith(SPEC_SUFFIX) ? [full] : [];
  });

test('Given the integration and browser suites, Then every *.spec.ts lies beside a specs.test.ts that runs it', () => {
  const specs = SUITES.filter(existsSync).flatMap(specsIn);
  expect(specs.length).toBeGreaterThan(0);
  const orphans = specs.filter((spec) => !existsSync(path.join(path.dirname(spec), GROUP_FILE)));
  expect(orphans).toEqual([]);
});
