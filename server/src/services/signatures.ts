import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Core } from '@strapi/strapi';

/** Whether a stored body is the one the plugin saved. */
export type Integrity = 'valid' | 'tampered' | 'unsigned';

// Changing this string invalidates every stored signature; it names the purpose and a version.
const KEY_INFO = 'strapi-plugin-maintenance script-signature v1';
const PREFIX = 'v1.';

/**
 * Script bodies are signed with an HMAC whose key is derived from the site's secrets, which live
 * in the environment, not in the database. Someone who can write to the database but not read
 * the environment cannot make a body of their own run.
 *
 * The key comes from `server.app.keys` (HKDF per key). New signatures use the first key; any
 * key in the list verifies, so the keys can be rotated the way Koa rotates them: put the new key
 * first and drop the old one once every script has been saved again.
 */
const createSignaturesService = ({ strapi }: { strapi: Core.Strapi }) => {
  const secrets = (): string[] => {
    const appKeys = strapi.config.get('server.app.keys') as unknown;
    const list = (Array.isArray(appKeys) ? appKeys : []).filter(
      (key): key is string => typeof key === 'string' && key.length > 0
    );
    if (list.length > 0) return list;
    const adminSecret = strapi.config.get('admin.auth.secret') as unknown;
    if (typeof adminSecret === 'string' && adminSecret.length > 0) return [adminSecret];
    throw new Error(
      'The maintenance plugin signs scripts with a key derived from server.app.keys (APP_KEYS), which is not set'
    );
  };

  // Derived on each use (microseconds), so that keys changed in the config take effect at once.
  const derivedKeys = () =>
    secrets().map((secret) => Buffer.from(hkdfSync('sha256', secret, '', KEY_INFO, 32)));

  const mac = (key: Buffer, body: string) =>
    createHmac('sha256', key).update(body, 'utf8').digest();

  return {
    sign(body: string): string {
      return PREFIX + mac(derivedKeys()[0], body).toString('base64url');
    },

    check(body: string | null | undefined, signature: string | null | undefined): Integrity {
      if (!signature) return 'unsigned';
      if (typeof body !== 'string' || !signature.startsWith(PREFIX)) return 'tampered';
      const presented = Buffer.from(signature.slice(PREFIX.length), 'base64url');
      let matched = false;
      for (const key of derivedKeys()) {
        const expected = mac(key, body);
        // Every key is tried, so the time taken does not say which one matched.
        if (presented.length === expected.length && timingSafeEqual(presented, expected)) {
          matched = true;
        }
      }
      return matched ? 'valid' : 'tampered';
    },
  };
};

export type SignaturesService = ReturnType<typeof createSignaturesService>;
export default createSignaturesService;
