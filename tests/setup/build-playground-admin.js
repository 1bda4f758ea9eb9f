// Jest globalSetup for the browser suites: build the playground (server code and admin panel) with
// the plugin's current dist/ in a copy of the playground under .tmp, and keep its dist/ as
// .tmp/e2e-dist. The real playground/dist is never written, so the browser suite can run beside
// suites that boot the playground from it, and a browser test never loses its admin bundle to a
// recompile.
const { spawnSync } = require('node:child_process');
const { cpSync, existsSync, renameSync, rmSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const PLAYGROUND = path.join(ROOT, 'playground');
const BUILD_SITE = path.join(ROOT, '.tmp', 'e2e-playground');
const E2E_DIST = path.join(ROOT, '.tmp', 'e2e-dist');
/** What a build writes or a run leaves; the copy starts without them. */
const NOT_COPIED = new Set(['dist', '.tmp', '.strapi', 'build', '.env', 'node_modules', 'uploads']);

module.exports = async () => {
  // E2E_REUSE_BUILD=1 keeps the last build: for iterating on a browser test, never in `npm test`.
  if (process.env.E2E_REUSE_BUILD === '1' && existsSync(E2E_DIST)) return;
  const started = Date.now();
  rmSync(BUILD_SITE, { recursive: true, force: true });
  // Modules resolve from the repository's node_modules (two levels up), and the playground finds
  // the plugin by walking up to the repository's package.json (config/plugins.ts), as it does from
  // playground/.
  cpSync(PLAYGROUND, BUILD_SITE, {
    recursive: true,
    filter: (source) => !NOT_COPIED.has(path.basename(source)),
  });
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js'), 'build'],
    {
      cwd: BUILD_SITE,
      stdio: ['ignore', 'pipe', 'pipe'],
      // React's development build, so that the suites see React's warnings (vite.config.ts there).
      env: {
        ...process.env,
        NODE_ENV: 'production',
        STRAPI_TELEMETRY_DISABLED: 'true',
        E2E_REACT_DEVELOPMENT: '1',
      },
    }
  );
  if (result.status !== 0) {
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    throw new Error(`strapi build of the playground failed (exit ${result.status})`);
  }
  rmSync(E2E_DIST, { recursive: true, force: true });
  renameSync(path.join(BUILD_SITE, 'dist'), E2E_DIST);
  rmSync(BUILD_SITE, { recursive: true, force: true });
  console.log(`\n[e2e] playground admin built in ${Math.round((Date.now() - started) / 1000)} s`);
};
