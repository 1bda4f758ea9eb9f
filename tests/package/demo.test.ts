/**
 * `npm run demo` as the README gives it, with the environment a site owner would set: a PORT of
 * their own must win over playground/.env, so that two demos can run side by side.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitForHttp } from '../helpers/processes';

const ROOT = path.resolve(__dirname, '..', '..');
const DATA = mkdtempSync(path.join(os.tmpdir(), 'maintenance-demo-'));

let demo: ChildProcess | undefined;
let output = '';

afterAll(async () => {
  if (demo?.pid && demo.exitCode === null) {
    const exited = new Promise((resolve) => demo!.once('exit', resolve));
    process.kill(-demo.pid, 'SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (demo.exitCode === null) process.kill(-demo.pid, 'SIGKILL');
  }
  rmSync(DATA, { recursive: true, force: true });
}, 30_000);

test('Given PORT in the environment, When the demo starts, Then it serves the admin panel on that port', async () => {
  const port = await freePort();
  demo = spawn(process.execPath, [path.join(ROOT, 'scripts', 'demo.mjs')], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(port),
      // Its own database, so the developer's demo data is left alone.
      DATABASE_FILENAME: path.join(DATA, 'demo.db'),
    },
  });
  demo.stdout!.on('data', (chunk) => (output += chunk));
  demo.stderr!.on('data', (chunk) => (output += chunk));

  await waitForHttp(`http://127.0.0.1:${port}/_health`, 300_000, demo).catch((error: Error) => {
    throw new Error(`${error.message}\n${output.slice(-3000)}`);
  });

  expect(output).toContain(`starting Strapi on http://localhost:${port}/admin`);
  expect((await fetch(`http://127.0.0.1:${port}/admin`)).status).toBe(200);
}, 360_000);
