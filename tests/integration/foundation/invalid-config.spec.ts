/**
 * Boot of a site whose maintenance config is invalid. Run as `strapi start` in a process of its
 * own, as a site owner would: Strapi loads plugins, APIs and components side by side, and a boot
 * that fails in-process leaves its other loaders requiring files after the test has ended.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { provisionDatabase } from '../../helpers/database';
import { PLAYGROUND_DIR, strapiEnvironment } from '../../helpers/strapi';

const STRAPI_BIN = path.resolve(__dirname, '../../../node_modules/@strapi/strapi/bin/strapi.js');

const bootOutcome = async (env: Record<string, string>) => {
  const database = await provisionDatabase();
  try {
    return await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [STRAPI_BIN, 'start'], {
        cwd: PLAYGROUND_DIR,
        env: { ...process.env, ...strapiEnvironment(), ...database.env, ...env, PORT: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      // A boot that does not stop would be the failure: end it rather than wait for the timeout.
      const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('error', reject);
      child.on('exit', (code) => {
        clearTimeout(guard);
        resolve({ code, output });
      });
    });
  } finally {
    await database.drop();
  }
};

describe('a site with an invalid maintenance config', () => {
  test('Given an unknown time zone in config/plugins, When Strapi boots, Then boot stops with a message naming the plugin and the option', async () => {
    const { code, output } = await bootOutcome({ MAINTENANCE_TIMEZONE: 'Not/AZone' });
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(output).toMatch(
      /Invalid config for plugin "maintenance": timezone must be an IANA time zone/
    );
  }, 90_000);
});
