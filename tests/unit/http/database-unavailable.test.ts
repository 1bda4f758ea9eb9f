import { isDatabaseUnavailable } from '../../../server/src/utils/errors';
import { TimeoutError } from '../../../server/src/utils/async';

const withCode = (code: string) => Object.assign(new Error('failed'), { code });

describe('isDatabaseUnavailable', () => {
  test.each([
    'ECONNREFUSED',
    'ECONNRESET',
    '57P01',
    '08006',
    'PROTOCOL_CONNECTION_LOST',
    'SQLITE_BUSY',
  ])('Given an error with code %s, When judged, Then the database is unavailable', (code) => {
    expect(isDatabaseUnavailable(withCode(code))).toBe(true);
  });

  test('Given a call that passed its bound, When judged, Then the database is unavailable', () => {
    expect(isDatabaseUnavailable(new TimeoutError('looking for due tasks', 5000))).toBe(true);
  });

  test("Given knex's pool timeout, When judged, Then the database is unavailable", () => {
    const error = Object.assign(new Error('Knex: Timeout acquiring a connection'), {
      name: 'KnexTimeoutError',
    });
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  test('Given a refused connection as the cause of another error, When judged, Then the database is unavailable', () => {
    expect(
      isDatabaseUnavailable(new Error('select failed', { cause: withCode('ECONNREFUSED') }))
    ).toBe(true);
  });

  test.each([
    ['a syntax error', withCode('42601')],
    ['a unique violation', withCode('ER_DUP_ENTRY')],
    ['a plain error', new Error('boom')],
    ['not an error', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('Given %s, When judged, Then the database is not called unavailable', (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
