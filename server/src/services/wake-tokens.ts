import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { errors, yup } from '@strapi/utils';
import { noUnknown } from '../validation/no-unknown';

/**
 * The tokens of the public wake-up route: how one is made, named, shown, read from a request and
 * matched against the stored ones. Pure (but for the randomness of a new token): storing them is
 * settings.ts.
 */

export interface StoredToken {
  id: string;
  name: string;
  /** sha256 of the token, hex; the token itself is shown once and never stored. */
  hash: string;
  /** The first characters, so that an administrator can tell tokens apart. */
  prefix: string;
  createdAt: number;
  createdBy: number | null;
}

const TOKEN_PATTERN = /^mnt_[A-Za-z0-9_-]{43}$/;
export const MAX_TOKENS = 20;

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** One answer for every refused token, so that a caller learns nothing about why. */
export const unauthorized = () => new errors.UnauthorizedError('Unauthorized');

/** A token as the admin panel sees it: never its hash. */
export const tokenView = (token: StoredToken, usage: Record<string, number>) => ({
  id: token.id,
  name: token.name,
  prefix: token.prefix,
  createdAt: token.createdAt,
  createdBy: token.createdBy,
  lastUsedAt: usage[token.id] ?? null,
});

/** The body of a new token: a name, unique among `tokens`, while there is room for one more. */
export const newTokenSchema = (tokens: readonly StoredToken[]): yup.AnyObjectSchema =>
  yup
    .object()
    .typeError('the body must be a JSON object')
    .required('the body must be a JSON object')
    .shape({
      name: yup
        .string()
        .typeError('name must be text')
        .max(60, 'name must be at most 60 characters')
        // yup's required refuses '' too: one message for both, not one each.
        .required('name is required and must not be empty')
        .test(
          'unique',
          'a token with this name already exists',
          (value) => !tokens.some((token) => token.name === value)
        ),
    })
    .test(noUnknown())
    .test(
      'room',
      `at most ${MAX_TOKENS} tokens; delete one first`,
      () => tokens.length < MAX_TOKENS
    );

/** The body with its name trimmed, when it has a name. */
export const trimmedName = (input: unknown) =>
  input && typeof input === 'object' && typeof (input as { name?: unknown }).name === 'string'
    ? { ...input, name: (input as { name: string }).name.trim() }
    : input;

/** A new token: the secret, shown this once, and what is stored of it. */
export const newToken = (name: string, createdBy: number | null, now: number) => {
  const secret = `mnt_${randomBytes(32).toString('base64url')}`;
  const token: StoredToken = {
    id: randomBytes(6).toString('hex'),
    name,
    hash: sha256(secret).toString('hex'),
    prefix: secret.slice(0, 8),
    createdAt: now,
    createdBy,
  };
  return { secret, token };
};

/**
 * The token a request presents, in its Authorization header or else its query; undefined when it
 * presents none. One that is there but malformed is refused (401).
 */
export const presentedToken = ({
  authorization,
  queryToken,
}: {
  authorization?: string;
  queryToken?: unknown;
}): string | undefined => {
  if (authorization !== undefined) {
    const match = /^Bearer (\S+)$/i.exec(authorization);
    if (!match || !TOKEN_PATTERN.test(match[1])) throw unauthorized();
    return match[1];
  }
  if (queryToken !== undefined) {
    if (typeof queryToken !== 'string' || !TOKEN_PATTERN.test(queryToken)) throw unauthorized();
    return queryToken;
  }
  return undefined;
};

/** The stored token `presented` is, if any. Every stored hash is compared, in constant time. */
export const matchToken = (
  tokens: readonly StoredToken[],
  presented: string
): StoredToken | undefined => {
  const digest = sha256(presented);
  let found: StoredToken | undefined;
  for (const token of tokens) {
    const hash = Buffer.from(token.hash, 'hex');
    if (hash.length === digest.length && timingSafeEqual(hash, digest)) found = token;
  }
  return found;
};
