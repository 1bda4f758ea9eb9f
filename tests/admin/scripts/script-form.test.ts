import {
  EMPTY_SCRIPT_FORM,
  NEW_SCRIPT_BODY,
  scriptBody,
  scriptFormOf,
} from '../../../admin/src/pages/scripts/editor/scriptForm';
import type { Script } from '../../../server/src/contracts';

describe('the script form', () => {
  test('Given a new script, when the form opens, then it holds the example body and no name', () => {
    expect(EMPTY_SCRIPT_FORM).toEqual({ name: '', description: '', body: NEW_SCRIPT_BODY });
  });

  test('Given a saved script without description, when the form opens, then the description is empty text', () => {
    const script = { name: 'Tidy', description: null, body: 'return 1;' } as unknown as Script;
    expect(scriptFormOf(script)).toEqual({ name: 'Tidy', description: '', body: 'return 1;' });
  });

  test('Given an empty description, when sent, then it is sent as no description', () => {
    expect(scriptBody({ name: 'Tidy', description: '', body: 'return 1;' })).toEqual({
      name: 'Tidy',
      description: null,
      body: 'return 1;',
    });
  });
});
