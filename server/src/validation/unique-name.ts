import type { Core } from '@strapi/strapi';
import { yup } from '@strapi/utils';
import { keyedError } from './keyed';

const MAX_NAME_LENGTH = 120;

/**
 * A record's name: a non-empty string of at most 120 characters that no other record of the same
 * type has (the record being updated may keep its own). It reads the table named by `uid`
 * itself rather than through the task store (task-store.ts): the one rule serves tasks and
 * scripts alike, and validation runs before any service writes.
 */
export const uniqueName = (
  strapi: Core.Strapi,
  uid: 'plugin::maintenance.task' | 'plugin::maintenance.script',
  label: string,
  current?: { id: number }
) =>
  yup
    .string()
    .typeError('name must be a string')
    .test('name-length', function nameLength(value) {
      if (value === undefined || value === null) return true;
      if (value.length < 1)
        return keyedError(this, 'name must not be empty', { key: 'name.empty' });
      return value.length <= MAX_NAME_LENGTH
        ? true
        : keyedError(this, `name must be at most ${MAX_NAME_LENGTH} characters`, {
            key: 'text.tooLong',
            values: { max: MAX_NAME_LENGTH },
          });
    })
    .test('unique-name', async function uniqueNameTest(value) {
      if (!value) return true;
      const existing = await strapi.db
        .query(uid)
        .findOne({ where: { name: value }, select: ['id'] });
      return !existing || existing.id === current?.id
        ? true
        : keyedError(this, `a ${label} with this name already exists`, { key: 'name.taken' });
    });
