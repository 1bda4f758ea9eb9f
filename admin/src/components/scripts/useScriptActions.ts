import { useNotification } from '@strapi/strapi/admin';
import * as React from 'react';

import { useMaintenanceApi } from '../../api/client';
import { apiMessage, apiStatus } from '../../api/errors';
import type { Script, ScriptSummary } from '../../api/types';
import { conflictTasks, copyName } from '../../editor/scriptHelpers';
import { useScriptsText } from './useScriptsText';

export const SCRIPTS_PATH = '/plugins/maintenance/scripts';

/** Duplicate and delete, shared by the list and the editor. */
export const useScriptActions = () => {
  const api = useMaintenanceApi();
  const t = useScriptsText();
  const { toggleNotification } = useNotification();

  /** Copies a script under a free name; resolves to the copy, or null when it failed. */
  const duplicate = React.useCallback(
    async (source: Pick<ScriptSummary, 'id' | 'name'>): Promise<Script | null> => {
      try {
        const [{ data: full }, { data: all }] = await Promise.all([
          api.get<{ data: Script }>(`/scripts/${source.id}`),
          api.get<{ data: ScriptSummary[] }>('/scripts'),
        ]);
        const name = copyName(
          full.name,
          all.map((script) => script.name),
          t('scripts.copy.suffix', 'copy')
        );
        const { data: created } = await api.post<{ data: Script }>('/scripts', {
          name,
          description: full.description ?? null,
          body: full.body,
        });
        toggleNotification({
          type: 'success',
          message: t('scripts.copy.done', 'Copied as “{name}”', { name: created.name }),
        });
        return created;
      } catch (error) {
        toggleNotification({
          type: 'danger',
          message: apiMessage(error, t('scripts.copy.failed', 'The script could not be copied')),
        });
        return null;
      }
    },
    [api, t, toggleNotification]
  );

  /** Deletes a script; a 409 names the tasks that use it. Resolves to whether it is gone. */
  const remove = React.useCallback(
    async (script: Pick<ScriptSummary, 'id' | 'name'>): Promise<boolean> => {
      try {
        await api.del(`/scripts/${script.id}`);
        toggleNotification({
          type: 'success',
          message: t('scripts.delete.done', '“{name}” deleted', { name: script.name }),
        });
        return true;
      } catch (error) {
        const tasks = conflictTasks(error);
        toggleNotification({
          type: 'danger',
          timeout: 8000,
          message:
            apiStatus(error) === 409 && tasks.length > 0
              ? t(
                  'scripts.delete.inUse',
                  '“{name}” is used by {count, plural, one {the task} other {the tasks}} {tasks}: change or delete {count, plural, one {it} other {them}} first.',
                  {
                    name: script.name,
                    count: tasks.length,
                    tasks: tasks.map((task) => `“${task.name}”`).join(', '),
                  }
                )
              : apiMessage(error, t('scripts.delete.failed', 'The script could not be deleted')),
        });
        return false;
      }
    },
    [api, t, toggleNotification]
  );

  return { duplicate, remove };
};
