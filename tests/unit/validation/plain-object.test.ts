import vm from 'node:vm';
import { isPlainObject } from '../../../server/src/validation/plain-object';

describe('telling a plain object', () => {
  test.each([
    ['an object literal', { a: 1 }],
    ['parsed JSON', JSON.parse('{"a":1}')],
    ['an object without a prototype', Object.create(null)],
    ["another realm's object literal", vm.runInNewContext('({ a: 1 })')],
  ])('Given %s, When checked, Then it is plain', (_label, value) => {
    expect(isPlainObject(value)).toBe(true);
  });

  test.each([
    ['null', null],
    ['an array', [1]],
    ["another realm's array", vm.runInNewContext('[1]')],
    ['a date', new Date(0)],
    ["another realm's date", vm.runInNewContext('new Date(0)')],
    ['a map', new Map()],
    ['a class instance', new (class Chore {})()],
    ['a string', 'a'],
  ])('Given %s, When checked, Then it is not plain', (_label, value) => {
    expect(isPlainObject(value)).toBe(false);
  });
});
