import { signFile, verifyFile } from '../../../server/src/services/transfer-signature';

const file = { format: 'f', formatVersion: 1, scripts: [{ name: 'a', body: 'x' }], tasks: [] };

const refusalOf = (action: () => void) => {
  try {
    action();
  } catch (error) {
    return error as Error & { details?: { errors?: Array<{ path: string[] }> } };
  }
  throw new Error('expected a refusal');
};

describe('signing an export file', () => {
  test('Given a file signed with a secret, When it is verified with the same secret, Then it is accepted', () => {
    const signed = { ...file, signature: signFile(file, ['one']) };
    expect(() => verifyFile(signed, ['one'])).not.toThrow();
  });

  test('Given a file signed with the first secret, When it is verified with that secret among others, Then it is accepted', () => {
    const signed = { ...file, signature: signFile(file, ['old']) };
    expect(() => verifyFile(signed, ['new', 'old'])).not.toThrow();
  });

  test('Given the same content with its keys in another order, When signed, Then the signature is the same', () => {
    const reordered = { tasks: [], scripts: file.scripts, formatVersion: 1, format: 'f' };
    expect(signFile(reordered, ['one'])).toBe(signFile(file, ['one']));
  });

  test('Given a signed file edited afterwards, When verified, Then it is refused on the signature', () => {
    const signed = { ...file, signature: signFile(file, ['one']) };
    const edited = { ...signed, scripts: [{ name: 'a', body: 'y' }] };
    const refusal = refusalOf(() => verifyFile(edited, ['one']));
    expect(refusal.message).toMatch(/does not match its content/);
    expect(refusal.details?.errors?.[0].path).toEqual(['signature']);
  });

  test('Given a file signed elsewhere, When verified with other secrets, Then it is refused', () => {
    const signed = { ...file, signature: signFile(file, ['theirs']) };
    expect(refusalOf(() => verifyFile(signed, ['ours'])).message).toMatch(/other keys/);
  });

  test('Given a file without a signature, When verified, Then it is refused as unsigned', () => {
    expect(refusalOf(() => verifyFile(file, ['one'])).message).toMatch(/not signed/);
  });
});
