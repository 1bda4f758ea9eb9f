// Jest globalSetup for the browser suites: build the playground (server code and admin panel) with
// the plugin's current dist/, then copy the result aside so that the integration suites, which
// recompile playground/dist, can never pull the admin bundle from under a running browser test.
const { spawnSync } = require('node:child_process');
const { cpSync, rmSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const PLAYGROUND = path.join(ROOT, 'playground');
const E2E_DIST = path.join(ROOT, '.tmp', 'e2e-dist');

module.exports = async () => {
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js'), 'build'],
    {
      cwd: PLAYGROUND,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'production', STRAPI_TELEMETRY_DISABLED: 'true' },
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
