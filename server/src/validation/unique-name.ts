import type { Core } from '@strapi/strapi';
import { yup } from '@strapi/utils';

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
    .min(1, 'name must not be empty')
    .max(120, 'name must be at most 120 characters')
    .test('unique-name', `a ${label} with this name already exists`, async (value) => {
      if (!value) return true;
      const existing = await strapi.db
        .query(uid)
        .findOne({ where: { name: value }, select: ['id'] });
      return !existing || existing.id === current?.id;
    });
