// `pretest`: the integration and packaging suites load the plugin the way Strapi does, from dist/,
// so build it from the current sources first (a few seconds), unless the last `npm run build`
// was from exactly these sources (scripts/lib/build-inputs.mjs).
import { spawnSync } from 'node:child_process';
import { buildIsCurrent } from './lib/build-inputs.mjs';

if (buildIsCurrent()) {
  console.log('[pretest] plugin build up to date');
} else {
  const result = spawnSync('npm', ['run', '--silent', 'build'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.status !== 0) {
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    console.error('\n[pretest] the plugin build failed');
    process.exit(result.status ?? 1);
  }
  console.log('[pretest] plugin built');
}
