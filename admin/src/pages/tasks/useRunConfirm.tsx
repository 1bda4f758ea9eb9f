import { Button, Dialog, Flex, Typography } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import { useState, type ReactNode } from 'react';

import type { TaskListItem } from '../../../../server/src/contracts';
import { runNeedsConfirm } from '../../components/tasks/listing';
import { useTranslate } from '../../hooks/useTranslate';

type Run = (dryRun: boolean) => void;

interface Pending {
  task: Pick<TaskListItem, 'name' | 'changes'>;
  run: Run;
}

/**
 * Run now of a chore that changes data (deletes, unpublishes, compacts): asks first, saying what
 * the run will change, and offers a dry run instead, for this run only. Other runs go at once.
 * Returns `ask(task, dryRun, run)` and the dialog to render.
 */
export const useRunConfirm = (): {
  ask: (task: Pending['task'], dryRun: boolean, run: Run) => void;
  dialog: ReactNode;
} => {
  const t = useTranslate();
  const [pending, setPending] = useState<Pending | null>(null);

  const ask = (task: Pending['task'], dryRun: boolean, run: Run) => {
    if (runNeedsConfirm(task, dryRun)) setPending({ task, run });
    else run(dryRun);
  };

  const choose = (dryRun: boolean) => {
    const chosen = pending;
    setPending(null);
    chosen?.run(dryRun);
  };

  const dialog = (
    <Dialog.Root open={pending !== null} onOpenChange={(open) => !open && setPending(null)}>
      {pending ? (
        <Dialog.Content>
          <Dialog.Header>
            {t('tasks.confirmRun.title', 'Run “{name}” now?', { name: pending.task.name })}
          </Dialog.Header>
          <Dialog.Body icon={<WarningCircle fill="danger600" />}>
            <Flex direction="column" alignItems="stretch" gap={2}>
              {pending.task.changes ? (
                <Typography data-testid="run-confirm-changes">
                  {t(
                    pending.task.changes.key,
                    pending.task.changes.text,
                    pending.task.changes.values
                  )}
                </Typography>
              ) : null}
              <Typography>
                {t(
                  'tasks.confirmRun.body',
                  'This changes the site’s data and cannot be undone. A dry run reports what would change and changes nothing.'
                )}
              </Typography>
            </Flex>
          </Dialog.Body>
          <Dialog.Footer>
            <Dialog.Cancel>
              <Button variant="tertiary">{t('tasks.confirmRun.cancel', 'Cancel')}</Button>
            </Dialog.Cancel>
            <Flex gap={2}>
              <Button variant="secondary" onClick={() => choose(true)}>
                {t('tasks.confirmRun.dryRun', 'Dry run')}
              </Button>
              <Button variant="danger-light" onClick={() => choose(false)}>
                {t('tasks.confirmRun.run', 'Run')}
              </Button>
            </Flex>
          </Dialog.Footer>
        </Dialog.Content>
      ) : null}
    </Dialog.Root>
  );

  return { ask, dialog };
};
