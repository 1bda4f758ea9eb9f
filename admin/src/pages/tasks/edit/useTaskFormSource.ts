import { useEffect, useMemo, useState } from 'react';

import {
  useGetMaintenanceSettingsQuery,
  useGetScriptsQuery,
  useGetTaskQuery,
} from '../../../api/maintenance';
import type { RunLimits, ScriptSummary, Task } from '../../../../../server/src/contracts';
import {
  DEFAULT_LIMITS,
  emptyTaskForm,
  taskFormFrom,
  type TaskFormValues,
} from '../../../components/tasks/form';
import { useMaintenancePermissions } from '../../../hooks/usePermissions';
import { useTranslate } from '../../../hooks/useTranslate';

/** What the editor is asked to open, from its route and query string. */
export interface TaskEditTarget {
  /** The task being edited; null for a new task. */
  taskId: number | null;
  /** The task a new one copies (`?duplicate=`). */
  duplicateOf: number | null;
  /** The script a new task starts with (`?script=`). */
  presetScript: string | null;
}

/**
 * Reads what the task editor needs and the values its form starts from: the task, a copy of
 * another task, or an empty task (with a preset script). The starting values are built once per
 * target, so that later reads (after a save, a resume) do not throw away the user's edits.
 */
export const useTaskFormSource = ({ taskId, duplicateOf, presetScript }: TaskEditTarget) => {
  const t = useTranslate();
  const permissions = useMaintenancePermissions();
  const scriptsQuery = useGetScriptsQuery();
  const taskQuery = useGetTaskQuery(taskId ?? 0, {
    skip: taskId === null,
    refetchOnMountOrArgChange: true,
  });
  const sourceQuery = useGetTaskQuery(duplicateOf ?? 0, { skip: duplicateOf === null });
  // The limits in force for tasks that set none, when this role may read the settings.
  const { data: settings } = useGetMaintenanceSettingsQuery(undefined, {
    skip: !permissions.canManageSettings,
  });

  const scripts: ScriptSummary[] = useMemo(() => scriptsQuery.data ?? [], [scriptsQuery.data]);
  const task: Task | null = taskId === null ? null : (taskQuery.data ?? null);
  const limits: RunLimits = settings?.defaults ?? DEFAULT_LIMITS;

  const targetKey = `${taskId ?? 'new'}|${duplicateOf ?? ''}|${presetScript ?? ''}`;
  const [initial, setInitial] = useState<{ key: string; values: TaskFormValues } | null>(null);
  const loadedTask = taskQuery.data;
  const source = sourceQuery.data;
  useEffect(() => {
    if (initial?.key === targetKey || !scriptsQuery.data) return;
    let values: TaskFormValues;
    if (taskId !== null) {
      if (!loadedTask || loadedTask.id !== taskId) return;
      values = taskFormFrom(loadedTask);
    } else if (duplicateOf !== null) {
      if (!source || source.id !== duplicateOf) return;
      values = taskFormFrom(source, {
        copyName: t('tasks.editor.copyName', '{name} (copy)', { name: source.name }),
      });
    } else {
      const script = presetScript
        ? scriptsQuery.data.find((s) => String(s.id) === presetScript)
        : undefined;
      values = emptyTaskForm(
        script
          ? { script: script.id, name: script.name, description: script.description ?? '' }
          : {}
      );
    }
    setInitial({ key: targetKey, values });
  }, [
    initial,
    targetKey,
    scriptsQuery.data,
    taskId,
    loadedTask,
    duplicateOf,
    source,
    presetScript,
    t,
  ]);

  const initialValues = initial?.key === targetKey ? initial.values : null;
  const loadError = scriptsQuery.error ?? taskQuery.error ?? sourceQuery.error;
  return {
    initialValues,
    /** What failed to load, while the form has nothing to show. */
    loadError: loadError !== undefined && initialValues === null ? loadError : undefined,
    scripts,
    task,
    limits,
    refetchTask: async () => {
      await taskQuery.refetch();
    },
  };
};
