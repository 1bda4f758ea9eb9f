import {
  apiMessage,
  apiStatus,
  fieldErrors,
  validationFailureOnFields,
} from '../../admin/src/api/errors';

/** A FetchError as Strapi's fetch client throws it for a 400 from the plugin's admin API. */
const validationFailure = () =>
  Object.assign(new Error('Request failed with status code 400'), {
    response: {
      status: 400,
      data: {
        data: null,
        error: {
          status: 400,
          name: 'ValidationError',
          message: 'schedule: expected 5 fields',
          details: {
            errors: [
              {
                path: ['schedule'],
                message: 'schedule: expected 5 fields',
                name: 'ValidationError',
              },
              { path: ['defaults', 'timeLimitMs'], message: 'too large', name: 'ValidationError' },
            ],
          },
        },
      },
    },
  });

describe('admin API errors', () => {
  test('Given a 400 with field errors, when read, then each message is keyed by its dotted path', () => {
    expect(fieldErrors(validationFailure())).toEqual({
      schedule: 'schedule: expected 5 fields',
      'defaults.timeLimitMs': 'too large',
    });
  });

  test('Given a server error body, when a notification needs text, then the server message is used', () => {
    expect(apiMessage(validationFailure(), 'fallback')).toBe('schedule: expected 5 fields');
    expect(apiStatus(validationFailure())).toBe(400);
  });

  test('Given a network failure without an answer, when a notification needs text, then the error message is used', () => {
    expect(apiMessage(new Error('Network Error'), 'fallback')).toBe('Network Error');
    expect(fieldErrors(new Error('Network Error'))).toEqual({});
  });
});

describe('admin API errors from the data layer', () => {
  /** The error RTK Query hands back for a 400 (Strapi's base query): the answer's `error`. */
  const queryFailure = () => ({
    status: 400,
    name: 'ValidationError',
    message: 'schedule: expected 5 fields',
    details: {
      errors: [
        { path: ['schedule'], message: 'schedule: expected 5 fields', name: 'ValidationError' },
      ],
    },
  });

  test('Given a query error, when read, then message, status and field errors are the server’s', () => {
    expect(apiMessage(queryFailure(), 'fallback')).toBe('schedule: expected 5 fields');
    expect(apiStatus(queryFailure())).toBe(400);
    expect(fieldErrors(queryFailure())).toEqual({ schedule: 'schedule: expected 5 fields' });
  });
});

describe('validation failures placed on form fields', () => {
  const failure = () => ({
    status: 400,
    name: 'ValidationError',
    message: '2 errors occurred',
    details: {
      errors: [
        { path: ['params', 'days'], message: 'must be a number', name: 'ValidationError' },
        { path: ['timeZone'], message: 'unknown zone', name: 'ValidationError' },
      ],
    },
  });
  const fieldOf = (path: string) =>
    path.startsWith('params') ? 'params' : path === 'timeZone' ? 'timezone' : path;

  test('Given a 400 with server paths, when placed, then each error carries the path of its field', () => {
    const placed = validationFailureOnFields(failure(), fieldOf);
    expect(placed?.details?.errors?.map((error) => [error.path, error.message])).toEqual([
      [['params'], 'must be a number'],
      [['timezone'], 'unknown zone'],
    ]);
  });

  test('Given a nested field path, when placed, then it is split for the nested form value', () => {
    const placed = validationFailureOnFields(failure(), () => 'defaults.timeLimitMs');
    expect(placed?.details?.errors?.[0].path).toEqual(['defaults', 'timeLimitMs']);
  });

  test('Given a failure that is not a validation error, when placed, then there is nothing to place', () => {
    expect(validationFailureOnFields({ ...failure(), name: 'ForbiddenError' }, fieldOf)).toBeNull();
    expect(validationFailureOnFields(new Error('Network Error'), fieldOf)).toBeNull();
  });
});
