// Bundles the command line (server/src/cli/main.ts) into dist/cli.js, which
// bin/strapi-maintenance.js loads. `strapi-plugin build` emits the server and admin entries only.
// Every package stays external: the CLI runs inside a site and uses the site's Strapi.
// Usage: node scripts/build-cli.mjs
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const buildCli = async (outfile = join(ROOT, 'dist', 'cli.js')) => {
  await build({
    entryPoints: [join(ROOT, 'server', 'src', 'cli', 'main.ts')],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    packages: 'external',
    outfile,
    logLevel: 'warning',
    legalComments: 'none',
  });
  return outfile;
};

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildCli();
}
