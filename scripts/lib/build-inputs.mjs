// What dist/ is built from, as one hash, so that `npm test` (pretest) and `npm run demo` skip a
// build whose inputs have not changed since the last one: CI builds once, then the test run and
// the demo test found the same sources (about 25 s of CPU each). `npm run build` always builds,
// and records the hash (`node scripts/lib/build-inputs.mjs record`) once it has succeeded.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// Kept out of dist/, which is what the package ships.
const RECORD = path.join(ROOT, '.tmp', 'build-inputs');
/** What `npm run build` writes: all of it must be there for the build to count. */
const OUTPUTS = ['dist/server', 'dist/admin', 'dist/sandbox-child.js', 'dist/cli.js'];
/** Folders and files the build reads (package.json's build script and what it runs). */
const INPUTS = [
  'admin',
  'server',
  'bin',
  'scripts/build-cli.mjs',
  'scripts/build-sandbox-child.mjs',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
];

const filesUnder = (relative) => {
  const absolute = path.join(ROOT, relative);
  if (!existsSync(absolute)) return [];
  if (!statSync(absolute).isDirectory()) return [relative];
  return readdirSync(absolute, { withFileTypes: true })
    .filter((entry) => entry.name !== 'node_modules')
    .flatMap((entry) => filesUnder(path.join(relative, entry.name)));
};

export const buildInputsHash = () => {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap(filesUnder).sort()) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(path.join(ROOT, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
};

/** Whether dist/ was built by `npm run build` from exactly the inputs there are now. */
export const buildIsCurrent = () =>
  OUTPUTS.every((output) => existsSync(path.join(ROOT, output))) &&
  existsSync(RECORD) &&
  readFileSync(RECORD, 'utf8').trim() === buildInputsHash();

export const recordBuild = () => {
  mkdirSync(path.dirname(RECORD), { recursive: true });
  writeFileSync(RECORD, `${buildInputsHash()}\n`);
};

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === 'record') {
  recordBuild();
}
