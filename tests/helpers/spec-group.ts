import { readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Jest gives every test file a module registry of its own, so every file loads Strapi's few
 * thousand modules again: about 2 s of CPU before its first test, four integration passes per
 * `npm test`. The short specs of a folder (`*.spec.ts`) therefore run as one jest file, the
 * folder's `specs.test.ts`: each spec inside a describe block named after it, so that its hooks,
 * its site and its database stay its own, while Strapi's modules are loaded once for all of them.
 * One spec alone: `npx jest tests/integration/<folder>/specs.test.ts -t <name>.spec`.
 */
/** A spec's suffix, and the group file that runs a folder's specs (also tests/setup/test-sequencer.js). */
export const SPEC_SUFFIX = '.spec.ts';
export const GROUP_FILE = 'specs.test.ts';

export const describeSpecsIn = (dir: string) => {
  const specs = readdirSync(dir)
    .filter((file) => file.endsWith(SPEC_SUFFIX))
    .sort();
  if (specs.length === 0) throw new Error(`no *.spec.ts in ${dir}`);
  for (const spec of specs) {
    describe(spec, () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(path.join(dir, spec));
    });
  }
};
