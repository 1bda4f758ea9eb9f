/**
 * JSON.parse already creates `__proto__` as an own data property, but code that later copies
 * such an object (Object.assign, spread into a merge helper, lodash merge) would turn it into a
 * prototype change. Guest-made JSON therefore loses those keys on the way in.
 */
const dropProtoKeys = (key: string, value: unknown) => (key === '__proto__' ? undefined : value);

export const parseGuestJson = (json: string): unknown => JSON.parse(json, dropProtoKeys);
