import { validateYupSchema } from '@strapi/utils';
import {
  MAX_TOKENS,
  matchToken,
  newToken,
  newTokenSchema,
  presentedToken,
  tokenView,
} from '../../../server/src/services/wake-tokens';

const AT = Date.parse('2027-03-01T10:00:00Z');

describe('a new token', () => {
  test('Given a name, When a token is made, Then its secret is shown and only its hash and prefix are stored', () => {
    const { secret, token } = newToken('cron', 7, AT);
    expect(secret).toMatch(/^mnt_[A-Za-z0-9_-]{43}$/);
    expect(token).toMatchObject({ name: 'cron', createdAt: AT, createdBy: 7 });
    expect(token.prefix).toBe(secret.slice(0, 8));
    expect(JSON.stringify(token)).not.toContain(secret);
  });

  test('Given a stored token, When it is shown, Then its hash is not', () => {
    const { token } = newToken('cron', null, AT);
    expect(tokenView(token, { [token.id]: AT })).not.toHaveProperty('hash');
    expect(tokenView(token, { [token.id]: AT }).lastUsedAt).toBe(AT);
  });

  test('Given a token with that name already, When another is asked for, Then it is refused', async () => {
    const { token } = newToken('cron', null, AT);
    await expect(validateYupSchema(newTokenSchema([token]))({ name: 'cron' })).rejects.toThrow(
      'a token with this name already exists'
    );
  });

  test(`Given ${MAX_TOKENS} tokens, When another is asked for, Then it is refused`, async () => {
    const tokens = Array.from({ length: MAX_TOKENS }, (_, i) => newToken(`t${i}`, null, AT).token);
    await expect(validateYupSchema(newTokenSchema(tokens))({ name: 'one more' })).rejects.toThrow(
      `at most ${MAX_TOKENS} tokens`
    );
  });
});

describe('the token a request presents', () => {
  const { secret } = newToken('cron', null, AT);

  test('Given a Bearer header, When read, Then its token is presented', () => {
    expect(presentedToken({ authorization: `Bearer ${secret}` })).toBe(secret);
  });

  test('Given a query token and no header, When read, Then the query token is presented', () => {
    expect(presentedToken({ queryToken: secret })).toBe(secret);
  });

  test('Given neither, When read, Then none is presented', () => {
    expect(presentedToken({})).toBeUndefined();
  });

  test.each([
    ['a header that is not Bearer', { authorization: `Basic ${secret}` }],
    ['a malformed header token', { authorization: 'Bearer mnt_short' }],
    ['a query token that is not text', { queryToken: ['a'] }],
  ])('Given %s, When read, Then it is refused as unauthorized', (_label, request) => {
    expect(() => presentedToken(request)).toThrow('Unauthorized');
  });
});

describe('matching a presented token', () => {
  const ours = newToken('ours', null, AT);
  const other = newToken('other', null, AT);

  test('Given a stored token, When its secret is presented, Then it is found', () => {
    expect(matchToken([other.token, ours.token], ours.secret)).toBe(ours.token);
  });

  test('Given a secret that is not stored, When presented, Then nothing is found', () => {
    expect(matchToken([ours.token], other.secret)).toBeUndefined();
  });
});
