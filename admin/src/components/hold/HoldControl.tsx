import { Button, Dialog, Field, Flex, Textarea, Typography } from '@strapi/design-system';
import { Play, Stop } from '@strapi/icons';
import { ConfirmDialog, useNotification } from '@strapi/strapi/admin';
import { useState } from 'react';

import { apiMessage } from '../../api/errors';
import { usePauseMaintenanceMutation, useResumeMaintenanceMutation } from '../../api/maintenance';
import type { HoldState } from '../../../../server/src/contracts';
import { useTranslate } from '../../hooks/useTranslate';
import { holdSentence } from './holdText';
import { useFormatTime } from '../../hooks/useFormatTime';

/**
 * Pause everything / resume: the maintenance hold stops every scheduled run on every instance
 * until it is lifted (run now still works). Pausing asks for confirmation and an optional reason;
 * resuming goes at once. Render it only for roles with "Manage settings" (the server's rule).
 */
export const HoldControl = ({
  hold,
  showState = true,
}: {
  hold: HoldState | null | undefined;
  /** Say since when and by whom next to the button (the settings page); the header does not. */
  showState?: boolean;
}) => {
  const t = useTranslate();
  const { dateTime } = useFormatTime();
  const { toggleNotification } = useNotification();
  const [pause, { isLoading: pausing }] = usePauseMaintenanceMutation();
  const [resume, { isLoading: resuming }] = useResumeMaintenanceMutation();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');

  const failed = (error: unknown) =>
    toggleNotification({
      type: 'danger',
      message: apiMessage(error, t('hold.failed', 'The hold could not be changed')),
    });

  const confirmPause = async () => {
    try {
      await pause({ reason: reason.trim() || null }).unwrap();
      setAsking(false);
      setReason('');
      toggleNotification({
        type: 'info',
        message: t('hold.paused', 'Maintenance is on hold: no scheduled run starts'),
      });
    } catch (error) {
      failed(error);
    }
  };

  const onResume = async () => {
    try {
      await resume().unwrap();
      toggleNotification({
        type: 'success',
        message: t(
          'hold.resumed',
          'Maintenance resumed: missed slots follow each task’s misfire policy'
        ),
      });
    } catch (error) {
      failed(error);
    }
  };

  const when = (epochMs: number) => dateTime(epochMs);

  return (
    <Flex gap={3} alignItems="center" wrap="wrap">
      {showState && hold?.held ? <Typography>{holdSentence(hold, t, when)}</Typography> : null}
      {hold?.held ? (
        <Button
          variant="secondary"
          startIcon={<Play />}
          loading={resuming}
          onClick={() => void onResume()}
        >
          {t('hold.resume', 'Resume scheduled runs')}
        </Button>
      ) : (
        <Button
          variant="danger-light"
          startIcon={<Stop />}
          disabled={!hold}
          onClick={() => setAsking(true)}
        >
          {t('hold.pause', 'Pause everything')}
        </Button>
      )}
      <Dialog.Root open={asking} onOpenChange={(open) => !open && setAsking(false)}>
        <ConfirmDialog
          title={t('hold.confirm.title', 'Pause all scheduled runs?')}
          onConfirm={confirmPause}
          variant="danger"
        >
          <Flex direction="column" alignItems="stretch" gap={3}>
            <Typography>
              {t(
                'hold.confirm.body',
                'No scheduled run will start on any instance until you resume; runs already going finish. Run now still works. When you resume, the slots missed meanwhile follow each task’s misfire policy.'
              )}
            </Typography>
            <Field.Root name="holdReason">
              <Field.Label>{t('hold.reason', 'Reason (optional)')}</Field.Label>
              <Textarea
                value={reason}
                maxLength={500}
                disabled={pausing}
                onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) =>
                  setReason(event.target.value)
                }
              />
            </Field.Root>
          </Flex>
        </ConfirmDialog>
      </Dialog.Root>
    </Flex>
  );
};
