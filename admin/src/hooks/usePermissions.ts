import { useAuth } from '@strapi/strapi/admin';
import { useMemo } from 'react';

import { PERMISSIONS, STRAPI_WEBHOOK_ACTIONS } from '../permissions';

/**
 * What the signed-in admin may do here. useRBAC names actions by their last segment, which would
 * make `tasks.manage` and `scripts.manage` the same `canManage`; our actions carry no conditions,
 * so holding the action is the whole check. Controls a role may not use are not rendered at all
 * (the server refuses them anyway).
 */
export const useMaintenancePermissions = () => {
  const permissions = useAuth('useMaintenancePermissions', (state) => state.permissions);
  return useMemo(() => {
    const held = new Set(permissions.map((permission) => permission.action));
    const has = (key: keyof typeof PERMISSIONS) =>
      PERMISSIONS[key].every((p) => held.has(p.action));
    return {
      canRead: has('read'),
      canManageTasks: has('manageTasks'),
      canManageScripts: has('manageScripts'),
      canRun: has('run'),
      canManageSettings: has('manageSettings'),
      /** Import writes scripts and tasks, so it needs both (the server's rule). */
      canImport: has('manageScripts') && has('manageTasks'),
      /** Strapi's own webhook permissions (Settings → Webhooks). */
      canReadWebhooks: held.has(STRAPI_WEBHOOK_ACTIONS.read),
      canCreateWebhooks: held.has(STRAPI_WEBHOOK_ACTIONS.create),
      canUpdateWebhooks: held.has(STRAPI_WEBHOOK_ACTIONS.update),
    };
  }, [permissions]);
};

export type MaintenancePermissions = ReturnType<typeof useMaintenancePermissions>;
