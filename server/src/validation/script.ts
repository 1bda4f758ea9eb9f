import type { Core } from '@strapi/strapi';
import { errors, validateYupSchema, yup } from '@strapi/utils';
import { UIDS } from '../constants';
import { uniqueName } from './unique-name';
import { getService } from '../utils/get-service';
import { noUnknown } from './no-unknown';

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
      description: yup.string().nullable().max(2000, 'description must be at most 2000 characters'),
      body: required(
        yup
          .string()
          .typeError('body must be a string')
          .test(
            'size',
            `body must be at most ${MAX_SCRIPT_BYTES / 1024} KiB`,
            (value) => value === undefined || Buffer.byteLength(value) <= MAX_SCRIPT_BYTES
          )
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
  const validated = (await validateYupSchema(
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
      throw new errors.ValidationError(`body: ${compiled.message}${where}`, {
        errors: [
          {
            path: ['body'],
            message: `${compiled.message}${where}`,
            name: 'SyntaxError',
            line: compiled.line,
            column: compiled.column,
          },
        ],
      });
    }
  }
  return validated;
};
