import { Dialog, Flex, Typography } from '@strapi/design-system';
import { ConfirmDialog } from '@strapi/strapi/admin';
import { useState, type ReactNode } from 'react';

import type { HoldState } from '../../../../server/src/contracts';
import { useTranslate } from '../../hooks/useTranslate';
import { holdSentence } from './holdText';
import { useFormatTime } from '../../hooks/useFormatTime';

/**
 * Run now while the maintenance hold is on: asks first, saying that the hold is on, since when,
 * by whom and why (the server runs it anyway and answers with the same warning). Without a hold
 * the action goes at once. Returns the guard and the dialog to render.
 */
export const useHoldConfirm = (
  hold: HoldState | null | undefined
): { guard: (action: () => void) => void; dialog: ReactNode } => {
  const t = useTranslate();
  const { dateTime } = useFormatTime();
  const [pending, setPending] = useState<(() => void) | null>(null);

  const guard = (action: () => void) => {
    if (hold?.held) setPending(() => action);
    else action();
  };

  const dialog = (
    <Dialog.Root open={pending !== null} onOpenChange={(open) => !open && setPending(null)}>
      {pending && hold ? (
        <ConfirmDialog
          title={t('hold.run.title', 'Run now while maintenance is on hold?')}
          variant="default"
          onConfirm={() => {
            const action = pending;
            setPending(null);
            action();
          }}
        >
          <Flex direction="column" alignItems="stretch" gap={2}>
            <Typography>{holdSentence(hold, t, (at) => dateTime(at))}</Typography>
            <Typography>
              {t(
                'hold.run.body',
                'Scheduled runs are stopped on every instance. This run goes ahead because you ask for it; the hold stays on.'
              )}
            </Typography>
          </Flex>
        </ConfirmDialog>
      ) : null}
    </Dialog.Root>
  );

  return { guard, dialog };
};
