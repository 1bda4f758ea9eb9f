import { useNotification } from '@strapi/strapi/admin';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useHref } from 'react-router-dom';

import { apiMessage, apiStatus } from '../../api/errors';
import { useLazyGetRunQuery, useRunTaskMutation } from '../../api/maintenance';
import type { RunNowAnswer, Task } from '../../../../server/src/contracts';
import { runFailed, waitForRun } from '../../components/tasks/listing';
import { useStatusLabel } from '../../components/tasks/TaskStatusBadge';
import { PLUGIN_ID } from '../../pluginId';
import { useTranslate } from '../../hooks/useTranslate';

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
  const [runTask] = useRunTaskMutation();
  const [fetchRun] = useLazyGetRunQuery();
  const { toggleNotification } = useNotification();
  const t = useTranslate();
  // The admin's base path ("/admin/"), for notification links, which are plain anchors.
  const adminRoot = useHref('/').replace(/\/$/, '');
  const statusLabel = useStatusLabel();

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
        const started = await runTask({ id: task.id, dryRun }).unwrap();
        const run = await waitForRun<RunNowAnswer>(started, (id) => fetchRun(id).unwrap(), {
          onProgress: (latest) => {
            if (!mounted.current) return;
            setInProgress((all) =>
              all[task.id] && 'id' in latest
                ? { ...all, [task.id]: { ...all[task.id], runId: latest.id } }
                : all
            );
          },
        });
        // A 202 may come before the run is recorded: then the task's run history is the place.
        const runUrl = (runId: number) => `${adminRoot}/plugins/${PLUGIN_ID}/runs/${runId}`;
        const link =
          'id' in run
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
              ('error' in run ? run.error?.message : undefined) ??
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
    [runTask, fetchRun, toggleNotification, onFinished, adminRoot, t, statusLabel]
  );

  return { runNow, inProgress };
};
