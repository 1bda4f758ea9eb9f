import { assertNotManaged } from '../../../server/src/services/managed-in-code';

describe('records managed in code', () => {
  test('Given a task managed in code, When it is changed from elsewhere, Then it is forbidden and the key named', () => {
    expect(() =>
      assertNotManaged({ id: 3, managedInCode: true, codeKey: 'nightly' }, 'task')
    ).toThrow('task 3 is managed in code (config/plugins, key "nightly"): change it there');
  });

  test('Given a task managed in code, When the declarations change it, Then it is allowed', () => {
    expect(() =>
      assertNotManaged({ id: 3, managedInCode: true, codeKey: 'nightly' }, 'task', true)
    ).not.toThrow();
  });

  test('Given a script not managed in code, When it is changed, Then it is allowed', () => {
    expect(() => assertNotManaged({ id: 5, managedInCode: false }, 'script')).not.toThrow();
  });
});
