import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PLAYGROUND = path.join(ROOT, 'playground');
export const STRAPI_BIN = path.join(ROOT, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js');

const randomSecret = () => randomBytes(24).toString('base64');

/**
 * The playground's .env, created from .env.example on first use with every `__random__`
 * replaced by a fresh secret, so that nobody has to invent one and none is ever committed.
 */
export const ensurePlaygroundEnv = () => {
  const envFile = path.join(PLAYGROUND, '.env');
  if (!existsSync(envFile)) {
    const example = readFileSync(path.join(PLAYGROUND, '.env.example'), 'utf8');
    const demoLogin = [
      '',
      '# Demo administrator, created by the playground on first start (demo only).',
      'DEMO_ADMIN_EMAIL=admin@example.com',
      `DEMO_ADMIN_PASSWORD=Demo-${randomBytes(6).toString('hex')}`,
      '',
    ].join('\n');
    writeFileSync(envFile, example.replace(/__random__/g, randomSecret) + demoLogin, {
      mode: 0o600,
    });
  }
  mkdirSync(path.join(PLAYGROUND, 'public', 'uploads'), { recursive: true });
  return parseEnv(readFileSync(envFile, 'utf8'));
};

const parseEnv = (text) =>
  Object.fromEntries(
    text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#') && line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
  );
