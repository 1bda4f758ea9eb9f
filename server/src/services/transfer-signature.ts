import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { errors } from '@strapi/utils';
import { canonicalJson } from './code';

/**
 * The export file's signature: an HMAC of the file's canonical JSON (signature left out) under a
 * key derived from each secret. Pure: the caller passes the secrets, the first of which signs.
 */

// Changing this string invalidates every export file; it names the purpose and a version.
const KEY_INFO = 'strapi-plugin-maintenance export-signature v1';
const PREFIX = 'v1.';

const keyOf = (secret: string) => Buffer.from(hkdfSync('sha256', secret, '', KEY_INFO, 32));

const unsigned = (file: Record<string, unknown>) => {
  const { signature: _signature, ...rest } = file;
  return canonicalJson(rest);
};

const mac = (key: Buffer, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();

const refusal = (message: string) =>
  new errors.ValidationError(message, {
    errors: [{ path: ['signature'], message, name: 'ValidationError' }],
  });

/** The signature of `file` under the first secret. */
export const signFile = (file: Record<string, unknown>, secrets: readonly string[]) =>
  PREFIX + mac(keyOf(secrets[0]), unsigned(file)).toString('base64url');

/**
 * Throws a 400 on `signature` unless the file carries a signature made under one of the secrets
 * over exactly its content. Every secret is tried, in constant time, whichever matches.
 */
export const verifyFile = (file: Record<string, unknown>, secrets: readonly string[]) => {
  const signature = file.signature;
  if (typeof signature !== 'string' || !signature) {
    throw refusal('the file is not signed: only files exported by the plugin can be imported');
  }
  const presented = signature.startsWith(PREFIX)
    ? Buffer.from(signature.slice(PREFIX.length), 'base64url')
    : Buffer.alloc(0);
  const text = unsigned(file);
  let matched = false;
  for (const secret of secrets) {
    const expected = mac(keyOf(secret), text);
    if (presented.length === expected.length && timingSafeEqual(presented, expected))
      matched = true;
  }
  if (!matched) {
    throw refusal(
      "the file's signature does not match its content: it was changed after it was exported, or it was exported by a site with other keys (set the same exportSecret on both sites)"
    );
  }
};
