// `npm run demo`: build the plugin, build the playground's admin panel, start the playground on
// SQLite and print the demo login. Everything it needs it creates on first run.
import { spawn, spawnSync } from 'node:child_process';
import { buildIsCurrent } from './lib/build-inputs.mjs';
import { ensurePlaygroundEnv, PLAYGROUND, ROOT, STRAPI_BIN } from './lib/playground-env.mjs';

const run = (command, args, options) => {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

// The environment wins over playground/.env, as dotenv (and so Strapi) has it: `PORT=1343 npm
// run demo` starts a second demo beside the first.
const env = { ...ensurePlaygroundEnv(), ...process.env };

// The plugin is built unless the last build was from exactly these sources.
if (buildIsCurrent()) {
  console.log('\n[demo] the plugin build is up to date');
} else {
  console.log('\n[demo] building the plugin…');
  run('npm', ['run', '--silent', 'build'], { cwd: ROOT });
}

console.log('\n[demo] building the playground admin panel…');
run(process.execPath, [STRAPI_BIN, 'build'], { cwd: PLAYGROUND, env });

const port = env.PORT ?? '1337';
console.log(`
[demo] starting Strapi on http://localhost:${port}/admin
[demo] sign in as ${env.DEMO_ADMIN_EMAIL} / ${env.DEMO_ADMIN_PASSWORD}
[demo] (demo only: the login lives in playground/.env; delete that file and playground/.tmp to start over)
`);

const strapi = spawn(process.execPath, [STRAPI_BIN, 'start'], {
  cwd: PLAYGROUND,
  stdio: 'inherit',
  env: { ...env, STRAPI_TELEMETRY_DISABLED: 'true' },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => strapi.kill(signal));
strapi.on('exit', (code) => process.exit(code ?? 0));
