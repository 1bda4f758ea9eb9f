// Jest globalSetup for the browser suites: build the playground (server code and admin panel) with
// the plugin's current dist/, then copy the result aside so that the integration suites, which
// recompile playground/dist, can never pull the admin bundle from under a running browser test.
const { spawnSync } = require('node:child_process');
const { cpSync, existsSync, rmSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const PLAYGROUND = path.join(ROOT, 'playground');
const E2E_DIST = path.join(ROOT, '.tmp', 'e2e-dist');

module.exports = async () => {
  // E2E_REUSE_BUILD=1 keeps the last build: for iterating on a browser test, never in `npm test`.
  if (process.env.E2E_REUSE_BUILD === '1' && existsSync(E2E_DIST)) return;
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js'), 'build'],
    {
      cwd: PLAYGROUND,
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
  cpSync(path.join(PLAYGROUND, 'dist'), E2E_DIST, { recursive: true });
  console.log(`\n[e2e] playground admin built in ${Math.round((Date.now() - started) / 1000)} s`);
};
