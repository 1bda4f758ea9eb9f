// Bundles the sandbox process entry (server/src/sandbox/child/main.ts) into dist/sandbox-child.js.
// `strapi-plugin build` emits one server entry only, and the child must be a file of its own that
// Strapi's process forks; isolated-vm stays external because it is a native addon.
// Usage: node scripts/build-sandbox-child.mjs [--outfile path]
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const buildSandboxChild = async (outfile = join(ROOT, 'dist', 'sandbox-child.js')) => {
  const result = await build({
    entryPoints: [join(ROOT, 'server', 'src', 'sandbox', 'child', 'main.ts')],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    external: ['isolated-vm'],
    write: false,
    outfile,
    logLevel: 'warning',
    legalComments: 'none',
  });
  mkdirSync(dirname(outfile), { recursive: true });
  // Write then rename, so a process forking the child never reads a half-written file.
  const temporary = `${outfile}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, result.outputFiles[0].contents);
  renameSync(temporary, outfile);
  return outfile;
};

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const flag = process.argv.indexOf('--outfile');
  const outfile = flag === -1 ? undefined : resolve(process.argv[flag + 1]);
  await buildSandboxChild(outfile);
}
