/**
 * A plain object: what JSON.parse or an object literal makes, from any realm. Another realm's
 * objects (a plugin building params in a `vm` context; the integration tests, whose objects come
 * from jest's context while Strapi runs in the main one) have that realm's Object.prototype, so
 * the test is on the shape of the chain, not on this realm's Object.prototype, as lodash's
 * isPlainObject, which Strapi's own validators use, does.
 */
export const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  if (Object.prototype.toString.call(value) !== '[object Object]') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
};
