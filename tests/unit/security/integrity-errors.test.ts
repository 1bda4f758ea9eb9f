import { integrityError, taskIntegrityError } from '../../../server/src/services/integrity-errors';

describe('why a record changed outside the plugin does not run', () => {
  test('Given an unsigned script, When refused, Then the error says it has no signature and who may accept it', () => {
    const error = integrityError('unsigned');
    expect(error.name).toBe('SignatureError');
    expect(error.message).toMatch(/has no signature.*Manage scripts/);
  });

  test('Given a script changed outside, When refused, Then the error offers the last signed version', () => {
    expect(integrityError('tampered').message).toMatch(/restores the last signed version/);
  });

  test('Given a task changed outside, When refused, Then the error names the sealed fields and Manage tasks', () => {
    expect(taskIntegrityError('tampered').message).toMatch(
      /script, params, schedule or enabled flag.*Manage tasks/
    );
  });
});
