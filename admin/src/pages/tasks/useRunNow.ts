import { useNotification } from '@strapi/strapi/admin';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useIntl } from 'react-intl';
import { useHref } from 'react-router-dom';

import { useMaintenanceApi } from '../../api/client';
import { apiMessage, apiStatus } from '../../api/errors';
import type { RunView, Task } from '../../api/types';
import { runFailed, waitForRun } from '../../components/tasks/listing';
import { useStatusLabel } from '../../components/tasks/TaskStatusBadge';
import { PLUGIN_ID } from '../../pluginId';
import { getTranslation } from '../../utils/getTranslation';

export interface RunInProgress {
  dryRun: boolean;
  runId?: number;
  startedAt: number;
}

/**
 * "Run now" and "dry run": starts the run, follows it while the server is still going (a 202 is
 * polled through GET /runs/:id), then tells the outcome in a notification linking to the run.
 */
export const useRunNow = ({
  onFinished,
}: { onFinished?: (task: Pick<Task, 'id'>) => void } = {}) => {
  const api = useMaintenanceApi();
  const { toggleNotification } = useNotification();
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  // The admin's base path ("/admin/"), for notification links, which are plain anchors.
  const adminRoot = useHref('/').replace(/\/$/, '');
  const statusLabel = useStatusLabel();
  const runUrl = (runId: number) => `${adminRoot}/plugins/${PLUGIN_ID}/runs/${runId}`;

  const [inProgress, setInProgress] = useState<Record<number, RunInProgress>>({});
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    []
  );

  const runNow = useCallback(
    async (task: Pick<Task, 'id' | 'name'>, dryRun: boolean) => {
      setInProgress((all) => ({ ...all, [task.id]: { dryRun, startedAt: Date.now() } }));
      try {
        const answer = await api.post<{ data: RunView }>(`/tasks/${task.id}/run`, { dryRun });
        const run = await waitForRun(
          answer.data,
          (id) => api.get<{ data: RunView }>(`/runs/${id}`).then((r) => r.data),
          {
            onProgress: (latest) => {
              if (!mounted.current) return;
              setInProgress((all) =>
                all[task.id] ? { ...all, [task.id]: { ...all[task.id], runId: latest.id } } : all
              );
            },
          }
        );
        // A 202 may come before the run is recorded: then the task's run history is the place.
        const link =
          typeof run.id === 'number'
            ? { url: runUrl(run.id), label: t('tasks.run.openRun', 'Open the run') }
            : {
                url: `${adminRoot}/plugins/${PLUGIN_ID}/runs?task=${task.id}`,
                label: t('tasks.run.openHistory', 'Open the run history'),
              };
        const values = { name: task.name };
        if (run.status === 'running') {
          toggleNotification({
            type: 'info',
            message: t('tasks.run.stillRunning', '“{name}” is still running', values),
            link,
          });
        } else if (runFailed(run.status)) {
          toggleNotification({
            type: 'danger',
            title: t('tasks.run.failedTitle', '“{name}” failed', values),
            message:
              run.error?.message ??
              t('tasks.run.ended', 'The run ended: {status}', {
                status: statusLabel(run.status),
              }),
            link,
          });
        } else if (run.status === 'skipped') {
          toggleNotification({
            type: 'warning',
            message: t('tasks.run.skipped', '“{name}” was skipped', values),
            link,
          });
        } else {
          toggleNotification({
            type: 'success',
            message: dryRun
              ? t('tasks.run.dryDone', 'Dry run of “{name}” finished', values)
              : t('tasks.run.done', '“{name}” ran successfully', values),
            link,
          });
        }
      } catch (error) {
        toggleNotification({
          type: apiStatus(error) === 409 ? 'warning' : 'danger',
          message: apiMessage(error, t('tasks.run.error', 'The task could not be run')),
        });
      } finally {
        if (mounted.current) {
          setInProgress((all) => {
            const { [task.id]: _done, ...rest } = all;
            return rest;
          });
          onFinished?.(task);
        }
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, toggleNotification, onFinished, adminRoot]
  );

  return { runNow, inProgress };
};
