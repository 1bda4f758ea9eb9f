import { errors, yup } from '@strapi/utils';
import type { KeyedMessage, MessageKey, MessageValues } from '../contracts';

/**
 * Keys for the admin panel's translation on 400 answers (contracts/message-keys.ts). A test
 * gives its key through yup's error params (`keyedError`); yup's own number checks get theirs
 * from their type. The answer is otherwise Strapi's: the same English messages and paths.
 */

interface KeyParams {
  messageKey?: MessageKey;
  messageValues?: MessageValues;
  min?: unknown;
  max?: unknown;
}

/** A yup test's error carrying its key: `return keyedError(this, message, keyed)`. */
export const keyedError = (
  context: yup.TestContext,
  message: string,
  { key, values }: KeyedMessage,
  path?: string
) =>
  context.createError({
    ...(path ? { path } : {}),
    // yup reads `${…}` in messages as its own placeholders; the message is final already.
    message: () => message,
    params: { messageKey: key, messageValues: values },
  });

/** The key of one of yup's errors, when it has one: a string's `max` is its length. */
const keyOf = (error: yup.ValidationError): KeyedMessage | null => {
  const params = (error.params ?? {}) as KeyParams;
  if (params.messageKey) {
    return {
      key: params.messageKey,
      ...(params.messageValues ? { values: params.messageValues } : {}),
    };
  }
  const numeric = typeof error.value === 'number';
  switch (error.type) {
    case 'required':
      return { key: 'required' };
    case 'integer':
      return { key: 'number.whole' };
    case 'min':
      return numeric && typeof params.min === 'number'
        ? { key: 'number.min', values: { min: params.min } }
        : null;
    case 'max':
      if (typeof params.max !== 'number') return null;
      if (typeof error.value === 'string')
        return { key: 'text.tooLong', values: { max: params.max } };
      return numeric ? { key: 'number.max', values: { max: params.max } } : null;
    default:
      return null;
  }
};

/**
 * `validateYupSchema` of @strapi/utils (strict, every error), whose 400 also carries each
 * error's key and values where it has them.
 */
export const validateKeyed =
  <S extends yup.AnySchema>(schema: S, { strict = true }: { strict?: boolean } = {}) =>
  async (body: unknown): Promise<yup.InferType<S>> => {
    try {
      return await schema.validate(body, { strict, abortEarly: false });
    } catch (error) {
      if (!(error instanceof yup.ValidationError)) throw error;
      const failure = new errors.YupValidationError(error);
      // Strapi lists the inner errors in order, or the error itself when it has none.
      const sources = error.inner.length > 0 ? error.inner : [error];
      failure.details.errors = failure.details.errors.map((entry, index) => {
        const keyed = sources[index] ? keyOf(sources[index]) : null;
        return keyed ? { ...entry, ...keyed } : entry;
      });
      throw failure;
    }
  };
