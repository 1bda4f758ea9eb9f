import { Alert, Button, Flex, Modal, Typography } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import * as React from 'react';

import { useLazyGetScriptReviewQuery, useScriptActionMutation } from '../../api/maintenance';
import { apiMessage } from '../../api/errors';
import type { Script, ScriptReview } from '../../../../server/src/contracts';
import { DiffView } from './DiffView';
import { useTranslate } from '../../hooks/useTranslate';

interface ChangedOutsideReviewProps {
  script: Script;
  /** Whether the user has "Manage scripts": only then can they accept or restore. */
  canManage: boolean;
  /** Called with the script as saved after an accept or a restore. */
  onResolved: (script: Script) => void;
}

/**
 * A body changed outside the plugin (GraphQL, another plugin, SQL) does not run. This says so,
 * shows the change against the last version the plugin signed, and lets a user with "Manage
 * scripts" accept it (it is signed as a new version) or restore the signed one. Built-in and
 * code-managed scripts can only be restored.
 */
export const ChangedOutsideReview = ({
  script,
  canManage,
  onResolved,
}: ChangedOutsideReviewProps) => {
  const t = useTranslate();
  const [fetchReview] = useLazyGetScriptReviewQuery();
  const [scriptAction] = useScriptActionMutation();
  const { toggleNotification } = useNotification();
  const [review, setReview] = React.useState<ScriptReview | null>(null);
  const [busy, setBusy] = React.useState(false);
  const acceptable = !script.builtIn && !script.managedInCode;

  const open = async () => {
    try {
      setReview(await fetchReview(script.id).unwrap());
    } catch (error) {
      toggleNotification({
        type: 'danger',
        message: apiMessage(error, t('scripts.outside.failed', 'That did not work')),
      });
    }
  };

  const resolve = async (action: 'accept' | 'restore-signed') => {
    setBusy(true);
    try {
      const saved = await scriptAction({ id: script.id, action }).unwrap();
      setReview(null);
      onResolved(saved);
      toggleNotification({
        type: 'success',
        message:
          action === 'accept'
            ? t('scripts.outside.accepted', 'The body is accepted and signed.')
            : t('scripts.outside.restored', 'The last signed version is restored.'),
      });
    } catch (error) {
      toggleNotification({
        type: 'danger',
        message: apiMessage(error, t('scripts.outside.failed', 'That did not work')),
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Alert
        closeLabel={t('scripts.editor.close', 'Close')}
        variant="danger"
        title={t('scripts.editor.integrity.title', 'This script will not run')}
        action={
          <Button variant="tertiary" onClick={() => void open()}>
            {t('scripts.outside.review', 'Review the change')}
          </Button>
        }
      >
        {t(
          'scripts.outside.body',
          'Its body was changed outside the plugin (for example through GraphQL, another plugin or the database). A user with “Manage scripts” can review it, then accept it or restore the last signed version.'
        )}
      </Alert>
      <Modal.Root open={review !== null} onOpenChange={(isOpen) => !isOpen && setReview(null)}>
        <Modal.Content>
          <Modal.Header>
            <Modal.Title>{t('scripts.outside.title', 'Changed outside the plugin')}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            {review ? (
              <Flex direction="column" alignItems="stretch" gap={3}>
                <Typography variant="pi" textColor="neutral700">
                  {review.lastSigned
                    ? t(
                        'scripts.outside.compare',
                        'Left: version {signed}, the last one the plugin signed. Right: the body as stored now (version {current}).',
                        { signed: review.lastSigned.version, current: review.current.version }
                      )
                    : t(
                        'scripts.outside.neverSigned',
                        'The plugin never signed a version of this script. Right: the body as stored now.'
                      )}
                </Typography>
                <DiffView original={review.lastSigned?.body ?? ''} modified={review.current.body} />
              </Flex>
            ) : null}
          </Modal.Body>
          <Modal.Footer>
            <Modal.Close>
              <Button variant="tertiary">{t('scripts.outside.cancel', 'Cancel')}</Button>
            </Modal.Close>
            {canManage ? (
              <Flex gap={2}>
                {review?.lastSigned ? (
                  <Button
                    variant="secondary"
                    loading={busy}
                    onClick={() => void resolve('restore-signed')}
                  >
                    {t('scripts.outside.restore', 'Restore version {version}', {
                      version: review.lastSigned.version,
                    })}
                  </Button>
                ) : null}
                {acceptable ? (
                  <Button variant="danger" loading={busy} onClick={() => void resolve('accept')}>
                    {t('scripts.outside.accept', 'Accept and sign this body')}
                  </Button>
                ) : null}
              </Flex>
            ) : null}
          </Modal.Footer>
        </Modal.Content>
      </Modal.Root>
    </>
  );
};
