// Jest orders test files it has no timings for (every fresh clone) by file size, the biggest
// first, so that long files do not start last. A folder's `specs.test.ts` is one line that runs
// all the folder's `*.spec.ts` (tests/helpers/spec-group.ts): it weighs what they weigh together.
const { readdirSync, statSync } = require('node:fs');
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const GROUP = 'specs.test.ts';

const sizeOf = (file) => {
  if (path.basename(file) !== GROUP) return statSync(file).size;
  const dir = path.dirname(file);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.spec.ts'))
    .reduce((total, name) => total + statSync(path.join(dir, name)).size, 0);
};

class SpecGroupSequencer extends Sequencer {
  sort(tests) {
    const timed = tests.every((test) => this.time(test) != null);
    if (timed) return super.sort(tests);
    const weights = new Map(tests.map((test) => [test.path, sizeOf(test.path)]));
    return [...tests].sort((a, b) => weights.get(b.path) - weights.get(a.path));
  }
}

module.exports = SpecGroupSequencer;
