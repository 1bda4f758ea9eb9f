/**
 * The plugin as a site owner gets it from the marketplace: `npm pack`, install the tarball into a
 * fresh minimal Strapi 5.54 site, build that site's admin panel, start it as its own process and
 * talk to it over HTTP and through Chromium.
 *
 * The site gets its own full `npm install` (Strapi included), as a real one does: Strapi discovers
 * installed plugins by resolving them from its own location, so borrowing this repository's
 * node_modules would not prove the install works. npm's cache keeps it to a minute or two.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ACTIONS } from '../../server/src/constants';
import { browserTest, launchChromium } from '../helpers/browser';
import { freePort, run, waitForHttp } from '../helpers/processes';
import { strapiEnvironment } from '../helpers/strapi';

const ROOT = path.resolve(__dirname, '..', '..');
const SITE = mkdtempSync(path.join(os.tmpdir(), 'maintenance-site-'));
const STRAPI_BIN = path.join(SITE, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js');
const rootManifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** A minimal site as `create-strapi-app` makes it (TypeScript), on SQLite. */
const SITE_FILES: Record<string, string> = {
  'config/server.ts': `export default ({ env }) => ({ host: '127.0.0.1', port: env.int('PORT'), app: { keys: env.array('APP_KEYS') } });`,
  'config/admin.ts': `export default ({ env }) => ({ auth: { secret: env('ADMIN_JWT_SECRET') }, apiToken: { salt: env('API_TOKEN_SALT') }, transfer: { token: { salt: env('TRANSFER_TOKEN_SALT') } }, secrets: { encryptionKey: env('ENCRYPTION_KEY') }, autoOpen: false });`,
  'config/database.ts': `import path from 'path';\nexport default () => ({ connection: { client: 'sqlite', connection: { filename: path.join(__dirname, '..', '..', '.tmp', 'data.db') }, useNullAsDefault: true } });`,
  'config/middlewares.ts': `export default ['strapi::logger', 'strapi::errors', 'strapi::security', 'strapi::cors', 'strapi::poweredBy', 'strapi::query', 'strapi::body', 'strapi::session', 'strapi::favicon', 'strapi::public'];`,
  'src/index.ts': `export default { register() {}, bootstrap() {} };`,
  'public/uploads/.gitkeep': '',
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      module: 'CommonJS',
      moduleResolution: 'Node',
      lib: ['ES2022'],
      target: 'ES2022',
      strict: false,
      skipLibCheck: true,
      esModuleInterop: true,
      resolveJsonModule: true,
      incremental: true,
      outDir: 'dist',
      rootDir: '.',
    },
    include: ['./', './**/*.ts', 'src/**/*.json'],
    exclude: ['node_modules/', 'build/', 'dist/', '.cache/', '.tmp/', 'src/admin/'],
  }),
};

let tarball = '';
let baseUrl = '';
let site: ChildProcess | undefined;
let siteLog = '';
const env = {
  ...process.env,
  ...strapiEnvironment(),
  NODE_ENV: 'production',
  GRAPHQL_ENABLED: 'true',
};

beforeAll(async () => {
  rmSync(SITE, { recursive: true, force: true });
  mkdirSync(SITE, { recursive: true });

  // Given the plugin packed as npm would publish it
  const packed = JSON.parse(
    await run('npm', ['pack', '--json', '--pack-destination', SITE], { cwd: ROOT })
  ) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = path.join(SITE, packed[0].filename);
  writeFileSync(
    path.join(SITE, 'packed-files.json'),
    JSON.stringify(packed[0].files.map((f) => f.path))
  );

  // And a fresh site that installs it
  for (const [file, contents] of Object.entries(SITE_FILES)) {
    mkdirSync(path.dirname(path.join(SITE, file)), { recursive: true });
    writeFileSync(path.join(SITE, file), contents);
  }
  const siteDependencies = Object.fromEntries(
    [
      '@strapi/strapi',
      'better-sqlite3',
      'react',
      'react-dom',
      'react-router-dom',
      'styled-components',
    ].map((name) => [name, rootManifest.devDependencies[name]])
  );
  writeFileSync(
    path.join(SITE, 'package.json'),
    JSON.stringify({ name: 'scratch-site', private: true, dependencies: siteDependencies })
  );
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], {
    cwd: SITE,
    env,
  });

  await run(process.execPath, [STRAPI_BIN, 'build'], { cwd: SITE, env });

  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  site = spawn(process.execPath, [STRAPI_BIN, 'start'], {
    cwd: SITE,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  site.stdout?.on('data', (chunk) => (siteLog += chunk));
  site.stderr?.on('data', (chunk) => (siteLog += chunk));
  await waitForHttp(`${baseUrl}/_health`, 60_000, site).catch((error) => {
    throw new Error(`${error.message}\n${siteLog.slice(-4000)}`);
  });
  // A full install and admin build: about 2 minutes on a quiet machine, 9 beside a CPU hog.
}, 900_000);

afterAll(async () => {
  if (site && site.exitCode === null) {
    const exited = new Promise((resolve) => site!.once('exit', resolve));
    site.kill('SIGTERM');
    await exited;
  }
  rmSync(SITE, { recursive: true, force: true });
});

const registerFirstAdmin = async () => {
  const credentials = {
    email: 'owner@example.test',
    password: `Owner-${randomBytes(8).toString('hex')}1`,
  };
  const response = await fetch(`${baseUrl}/admin/register-admin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...credentials, firstname: 'Site', lastname: 'Owner' }),
  });
  const body = (await response.json()) as { data: { token: string } };
  return { ...credentials, token: body.data.token, status: response.status };
};

let owner: Awaited<ReturnType<typeof registerFirstAdmin>>;

describe('strapi-plugin-maintenance installed from its npm tarball', () => {
  test('Given the tarball, Then it ships the built plugin and no sources or tests', () => {
    const files = JSON.parse(
      readFileSync(path.join(SITE, 'packed-files.json'), 'utf8')
    ) as string[];
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'dist/server/index.js',
        'dist/admin/index.mjs',
        // The command line: its bin and the bundle it loads.
        'bin/strapi-maintenance.js',
        'dist/cli.js',
      ])
    );
    expect(files.filter((file) => /^(server|admin|tests|playground)\//.test(file))).toEqual([]);
  });

  test('Given a fresh site, When Strapi builds its admin panel, Then the plugin admin is part of it', () => {
    const entry = readFileSync(path.join(SITE, '.strapi', 'client', 'app.js'), 'utf8');
    expect(entry).toContain('strapi-plugin-maintenance/strapi-admin');
  });

  test('Given the site started, When the first administrator registers, Then the plugin admin route answers with its version', async () => {
    owner = await registerFirstAdmin();
    expect(owner.status).toBe(200);
    const response = await fetch(`${baseUrl}/maintenance/status`, {
      headers: { authorization: `Bearer ${owner.token}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      data: { plugin: 'maintenance', version: rootManifest.version, database: 'sqlite' },
    });
  });

  test('Given the site started, When the plugin admin route is called without a session, Then it answers 401', async () => {
    const response = await fetch(`${baseUrl}/maintenance/status`);
    expect(response.status).toBe(401);
  });

  test('Given the site started, Then every plugin action is offered in the role editor', async () => {
    const response = await fetch(`${baseUrl}/admin/permissions`, {
      headers: { authorization: `Bearer ${owner.token}` },
    });
    const body = (await response.json()) as {
      data: { sections: { plugins: Array<{ action: string }> } };
    };
    const offered = body.data.sections.plugins.map((entry) => entry.action);
    expect(offered).toEqual(expect.arrayContaining(Object.values(ACTIONS)));
  });

  test('Given the installed site, When `strapi-maintenance list --json` runs in its directory, Then the package bin boots the site and lists its default tasks', async () => {
    // The bin npm linked for the package, run as `npx strapi-maintenance` would (same node).
    const bin = path.join(SITE, 'node_modules', '.bin', 'strapi-maintenance');
    const stdout = await run(process.execPath, [bin, 'list', '--json'], { cwd: SITE, env });
    const { tasks } = JSON.parse(stdout) as { tasks: Array<{ name: string }> };
    expect(tasks.length).toBeGreaterThan(0);
  }, 120_000);

  browserTest()(
    'Given the owner signed in with Chromium, When they open the Maintenance menu entry, Then the plugin pages open',
    async () => {
      const { browser, close } = await launchChromium();
      try {
        const page = await browser.newPage();
        await page.goto(`${baseUrl}/admin`);
        await page.getByLabel(/email/i).fill(owner.email);
        await page
          .getByLabel(/password/i)
          .first()
          .fill(owner.password);
        await page.getByRole('button', { name: /login/i }).click();
        await page.getByRole('link', { name: 'Maintenance' }).click();
        await page.waitForURL(`${baseUrl}/admin/plugins/maintenance/tasks`, { timeout: 30_000 });
        await page
          .getByRole('navigation', { name: 'Maintenance' })
          .getByRole('link', { name: 'Scripts' })
          .waitFor({ timeout: 30_000 });
      } finally {
        await close();
      }
    },
    120_000
  );
});
