import type { Core } from '@strapi/strapi';
import { errors, yup } from '@strapi/utils';
import { UIDS } from '../constants';
import type { KeyedMessage } from '../contracts';
import { uniqueName } from './unique-name';
import { getService } from '../utils/get-service';
import { noUnknown } from './no-unknown';
import { keyedError, validateKeyed } from './keyed';

const MAX_DESCRIPTION_LENGTH = 2000;

export interface ScriptInput {
  name: string;
  description?: string | null;
  body: string;
}

/** Scripts are maintenance chores, not applications; this bounds what a save can store. */
export const MAX_SCRIPT_BYTES = 256 * 1024;

const buildSchema = (strapi: Core.Strapi, current?: { id: number }) => {
  const required = <T extends yup.AnySchema>(schema: T) => (current ? schema : schema.required());
  return yup
    .object({
      name: required(uniqueName(strapi, UIDS.script, 'script', current)),
      description: yup
        .string()
        .nullable()
        .test('length', function descriptionLength(value) {
          return !value || value.length <= MAX_DESCRIPTION_LENGTH
            ? true
            : keyedError(this, `description must be at most ${MAX_DESCRIPTION_LENGTH} characters`, {
                key: 'text.tooLong',
                values: { max: MAX_DESCRIPTION_LENGTH },
              });
        }),
      body: required(
        yup
          .string()
          .typeError('body must be a string')
          .test('size', function bodySize(value) {
            const max = MAX_SCRIPT_BYTES / 1024;
            return value === undefined || Buffer.byteLength(value) <= MAX_SCRIPT_BYTES
              ? true
              : keyedError(this, `body must be at most ${max} KiB`, {
                  key: 'script.tooLarge',
                  values: { max },
                });
          })
      ),
    })
    .test(noUnknown());
};

/**
 * Validates a script and compiles its body in the sandbox (never running it): a syntax error is a
 * 400 on `body` with its line, column and message, and nothing is saved.
 */
export const validateScriptInput = async (
  strapi: Core.Strapi,
  input: unknown,
  current?: { id: number }
): Promise<Partial<ScriptInput>> => {
  const body =
    typeof input === 'object' && input !== null && !Array.isArray(input)
      ? { ...(input as Record<string, unknown>) }
      : input;
  if (body && typeof body === 'object' && typeof (body as ScriptInput).name === 'string') {
    (body as ScriptInput).name = (body as ScriptInput).name.trim();
  }
  const validated = (await validateKeyed(
    yup
      .object()
      .typeError('the body must be a JSON object')
      .required()
      .concat(buildSchema(strapi, current))
  )(body)) as Partial<ScriptInput>;

  if (typeof validated.body === 'string') {
    const compiled = await getService(strapi, 'sandbox').compile(validated.body);
    if (!compiled.ok) {
      const where = compiled.line ? ` (line ${compiled.line}, column ${compiled.column ?? 1})` : '';
      const keyed: KeyedMessage = compiled.line
        ? {
            key: 'script.syntaxAt',
            values: {
              message: compiled.message,
              line: compiled.line,
              column: compiled.column ?? 1,
            },
          }
        : { key: 'script.syntax', values: { message: compiled.message } };
      throw new errors.ValidationError(`body: ${compiled.message}${where}`, {
        errors: [
          {
            path: ['body'],
            message: `${compiled.message}${where}`,
            name: 'SyntaxError',
            line: compiled.line,
            column: compiled.column,
            ...keyed,
          },
        ],
      });
    }
  }
  return validated;
};
