import { yup } from '@strapi/utils';

/**
 * Refuses keys an object schema does not declare, one error per key with the key as its path.
 * yup's own `noUnknown` reports them all on the object itself (an empty path), so clients could
 * not put the error on the field.
 *
 * `label` says what the keys are ("field", "query parameter"); `prefix` is prepended to the key
 * in the message (`retention.` for a nested object).
 */
export const noUnknown = (label = 'field', prefix = '') => ({
  name: 'no-unknown',
  test(this: yup.TestContext, value: unknown) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return true;
    const fields = (this.schema as { fields?: Record<string, unknown> }).fields ?? {};
    const unknown = Object.keys(value).filter((key) => !(key in fields));
    if (unknown.length === 0) return true;
    return new yup.ValidationError(
      unknown.map((key) =>
        this.createError({
          path: this.path ? `${this.path}.${key}` : key,
          message: `unknown ${label} "${prefix}${key}"`,
        })
      )
    );
  },
});
