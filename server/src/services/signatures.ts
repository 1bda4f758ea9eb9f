import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Core } from '@strapi/strapi';

/** Whether a stored body is the one the plugin saved. */
export type Integrity = 'valid' | 'tampered' | 'unsigned';

// Changing these strings invalidates every stored signature; each names a purpose and a version,
// so that a script's signature can never be presented as a task's seal or the other way round.
const KEY_INFO = {
  script: 'strapi-plugin-maintenance script-signature v1',
  task: 'strapi-plugin-maintenance task-seal v1',
} as const;
const PREFIX = 'v1.';

type Purpose = keyof typeof KEY_INFO;

/** The task fields that decide what runs and when; a change to any of them must be the plugin's. */
export interface SealedTaskFields {
  script: number | null;
  params: unknown;
  schedule: string;
  timezone: string;
  enabled: boolean;
}

/** JSON with object keys sorted: PostgreSQL's jsonb and MySQL's JSON reorder the keys they store. */
const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
};

/** What a task's seal covers, as one string; the params' key order does not matter. */
export const sealedText = (task: SealedTaskFields) =>
  canonicalJson({
    script: task.script ?? null,
    params: task.params ?? {},
    schedule: task.schedule,
    timezone: task.timezone,
    enabled: Boolean(task.enabled),
  });

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
  const derivedKeys = (purpose: Purpose) =>
    secrets().map((secret) => Buffer.from(hkdfSync('sha256', secret, '', KEY_INFO[purpose], 32)));

  const mac = (key: Buffer, text: string) =>
    createHmac('sha256', key).update(text, 'utf8').digest();

  const sign = (purpose: Purpose, text: string) =>
    PREFIX + mac(derivedKeys(purpose)[0], text).toString('base64url');

  const check = (
    purpose: Purpose,
    text: string | null | undefined,
    signature: string | null | undefined
  ): Integrity => {
    if (!signature) return 'unsigned';
    if (typeof text !== 'string' || !signature.startsWith(PREFIX)) return 'tampered';
    const presented = Buffer.from(signature.slice(PREFIX.length), 'base64url');
    let matched = false;
    for (const key of derivedKeys(purpose)) {
      const expected = mac(key, text);
      // Every key is tried, so the time taken does not say which one matched.
      if (presented.length === expected.length && timingSafeEqual(presented, expected)) {
        matched = true;
      }
    }
    return matched ? 'valid' : 'tampered';
  };

  return {
    sign: (body: string): string => sign('script', body),

    check: (body: string | null | undefined, signature: string | null | undefined): Integrity =>
      check('script', body, signature),

    /** A task's seal: the plugin's word that it set the task's script, params and schedule. */
    sealTask: (task: SealedTaskFields): string => sign('task', sealedText(task)),

    /**
     * A task switched off outside the plugin still holds: that only stops its runs. Switching
     * one on, or changing what it runs, does not.
     */
    checkTask: (task: SealedTaskFields & { seal?: string | null }): Integrity => {
      const integrity = check('task', sealedText(task), task.seal);
      if (integrity === 'valid' || task.enabled) return integrity;
      return check('task', sealedText({ ...task, enabled: true }), task.seal) === 'valid'
        ? 'valid'
        : integrity;
    },
  };
};

export type SignaturesService = ReturnType<typeof createSignaturesService>;
export default createSignaturesService;
