import { Button, Dialog, IconButton } from '@strapi/design-system';
import { Cross } from '@strapi/icons';
import { ConfirmDialog, useNotification } from '@strapi/strapi/admin';
import { useState } from 'react';

import { apiMessage } from '../../api/errors';
import { useCancelRunMutation } from '../../api/maintenance';
import { useTranslate } from '../../hooks/useTranslate';

/**
 * Cancel for a running run, behind a confirmation: the run page's button, or a row's icon in the
 * tasks list. The server stops the run within about a second, on whichever instance runs it;
 * `onAsked` lets the page re-read the run meanwhile. Rendered only for roles that may run tasks.
 */
export const CancelRun = ({
  runId,
  taskName,
  asked = false,
  compact = false,
  onAsked,
}: {
  runId: number;
  taskName: string;
  /** The run was already asked to stop: the control says so and does nothing. */
  asked?: boolean;
  /** An icon button (a table row) instead of a labelled button (a page header). */
  compact?: boolean;
  onAsked?: () => void;
}) => {
  const t = useTranslate();
  const { toggleNotification } = useNotification();
  const [cancelRun, { isLoading }] = useCancelRunMutation();
  const [open, setOpen] = useState(false);

  const confirm = async () => {
    try {
      await cancelRun(runId).unwrap();
      toggleNotification({
        type: 'success',
        message: t('runs.cancel.asked', 'The run of “{name}” is being cancelled', {
          name: taskName,
        }),
      });
      onAsked?.();
    } catch (error) {
      toggleNotification({
        type: 'danger',
        message: apiMessage(error, t('runs.cancel.failed', 'The run could not be cancelled')),
      });
    }
  };

  const label = asked
    ? t('runs.cancel.cancelling', 'Cancelling…')
    : t('runs.cancel.button', 'Cancel run');
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger>
        {compact ? (
          <IconButton
            label={t('runs.cancel.rowLabel', 'Cancel the running run of {name}', {
              name: taskName,
            })}
            variant="ghost"
            disabled={asked || isLoading}
          >
            <Cross />
          </IconButton>
        ) : (
          <Button
            variant="danger-light"
            startIcon={<Cross />}
            disabled={asked || isLoading}
            loading={isLoading}
          >
            {label}
          </Button>
        )}
      </Dialog.Trigger>
      <ConfirmDialog
        title={t('runs.cancel.title', 'Cancel this run?')}
        onConfirm={confirm}
        variant="danger"
      >
        {t(
          'runs.cancel.body',
          'The script of “{name}” is stopped now. What it has done so far stays done, and its log so far is kept. The run is recorded as cancelled and is not retried.',
          { name: taskName }
        )}
      </ConfirmDialog>
    </Dialog.Root>
  );
};
