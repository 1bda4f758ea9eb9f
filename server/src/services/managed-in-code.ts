import { errors } from '@strapi/utils';

/**
 * A task or script declared in code (config/plugins) is changed there: the admin API and other
 * callers may not.
 */
export const assertNotManaged = (
  record: { id: number; managedInCode?: boolean | null; codeKey?: string | null },
  label: 'task' | 'script',
  fromCode = false
) => {
  if (!record.managedInCode || fromCode) return;
  throw new errors.ForbiddenError(
    `${label} ${record.id} is managed in code (config/plugins, key "${record.codeKey}"): change it there`,
    { codeKey: record.codeKey, managedInCode: true }
  );
};
