import { useFetchClient } from '@strapi/strapi/admin';
import { useMemo } from 'react';

import { PLUGIN_ID } from '../pluginId';

/** The admin API's base path; every call below is relative to it. */
export const API_BASE = `/${PLUGIN_ID}`;

/**
 * Thin wrapper over Strapi's fetch client (which carries the admin session) that prefixes the
 * plugin's base path. Errors are thrown as Strapi's FetchError; read them with ./errors.
 */
export const useMaintenanceApi = () => {
  const client = useFetchClient();
  return useMemo(
    () => ({
      get: <T>(path: string, params?: Record<string, unknown>) =>
        client.get<T>(`${API_BASE}${path}`, params ? { params } : undefined).then((r) => r.data),
      post: <T>(path: string, body?: unknown) =>
        client.post<T>(`${API_BASE}${path}`, body ?? {}).then((r) => r.data),
      put: <T>(path: string, body?: unknown) =>
        client.put<T>(`${API_BASE}${path}`, body ?? {}).then((r) => r.data),
      del: <T>(path: string) => client.del<T>(`${API_BASE}${path}`).then((r) => r.data),
    }),
    [client]
  );
};
