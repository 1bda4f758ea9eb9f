// `pretest`: the integration and packaging suites load the plugin the way Strapi does, from dist/,
// so build it from the current sources first (a few seconds).
import { spawnSync } from 'node:child_process';

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
