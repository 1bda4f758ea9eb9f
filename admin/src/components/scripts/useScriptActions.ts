import { useNotification } from '@strapi/strapi/admin';
import * as React from 'react';

import {
  useCreateScriptMutation,
  useDeleteScriptMutation,
  useLazyGetScriptQuery,
  useLazyGetScriptsQuery,
} from '../../api/maintenance';
import { apiMessage, apiStatus } from '../../api/errors';
import type { Script, ScriptSummary } from '../../../../server/src/contracts';
import { conflictTasks, copyName } from '../../editor/scriptHelpers';
import { useTranslate } from '../../hooks/useTranslate';

export const SCRIPTS_PATH = '/plugins/maintenance/scripts';

/** Duplicate and delete, shared by the list and the editor. */
export const useScriptActions = () => {
  const [fetchScript] = useLazyGetScriptQuery();
  const [fetchScripts] = useLazyGetScriptsQuery();
  const [createScript] = useCreateScriptMutation();
  const [deleteScript] = useDeleteScriptMutation();
  const t = useTranslate();
  const { toggleNotification } = useNotification();

  /** Copies a script under a free name; resolves to the copy, or null when it failed. */
  const duplicate = React.useCallback(
    async (source: Pick<ScriptSummary, 'id' | 'name'>): Promise<Script | null> => {
      try {
        const [full, all] = await Promise.all([
          fetchScript(source.id).unwrap(),
          fetchScripts().unwrap(),
        ]);
        const name = copyName(
          full.name,
          all.map((script) => script.name),
          t('scripts.copy.suffix', 'copy')
        );
        const created = await createScript({
          name,
          description: full.description ?? null,
          body: full.body,
        }).unwrap();
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
    [fetchScript, fetchScripts, createScript, t, toggleNotification]
  );

  /** Deletes a script; a 409 names the tasks that use it. Resolves to whether it is gone. */
  const remove = React.useCallback(
    async (script: Pick<ScriptSummary, 'id' | 'name'>): Promise<boolean> => {
      try {
        await deleteScript(script.id).unwrap();
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
    [deleteScript, t, toggleNotification]
  );

  return { duplicate, remove };
};
