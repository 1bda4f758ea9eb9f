import {
  Box,
  Button,
  Dialog,
  Field,
  Flex,
  IconButton,
  Modal,
  Table,
  Tbody,
  Td,
  TextInput,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Plus, Trash } from '@strapi/icons';
import { ConfirmDialog, useNotification } from '@strapi/strapi/admin';
import { useState, type FormEvent } from 'react';

import { useCreateTokenMutation, useDeleteTokenMutation } from '../../api/maintenance';
import { apiMessage, apiStatus, fieldErrors } from '../../api/errors';
import type { CreatedWakeToken, WakeToken } from '../../../../server/src/contracts';
import { CopyLine } from './CopyLine';
import { curlLine, tokenPromptLine } from './wakeLines';
import { useTranslate } from '../../hooks/useTranslate';
import { useFormatTime } from '../../hooks/useFormatTime';

/**
 * The wake-up route's tokens: create one (its secret is shown once, in a dialog), see which are
 * used, revoke one. The server refuses (409) to revoke the last token in token mode.
 */
export const TokensSection = ({
  tokens,
  url,
  onChanged,
}: {
  tokens: WakeToken[];
  url: string;
  /** Called after a token was created or revoked, to read the settings again. */
  onChanged: () => Promise<void> | void;
}) => {
  const { dateTime } = useFormatTime();
  const t = useTranslate();
  const [createToken] = useCreateTokenMutation();
  const [deleteToken] = useDeleteTokenMutation();
  const { toggleNotification } = useNotification();
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedWakeToken | null>(null);
  const [revoking, setRevoking] = useState<WakeToken | null>(null);

  const date = (value: number | null) =>
    typeof value === 'number' ? dateTime(value) : t('settings.tokens.never', 'never');

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setNameError(t('settings.tokens.nameRequired', 'Give the token a name'));
      return;
    }
    setCreating(true);
    try {
      setCreated(await createToken({ name: name.trim() }).unwrap());
      setName('');
      setNameError(undefined);
      await onChanged();
    } catch (error) {
      const fields = fieldErrors(error);
      const message = apiMessage(
        error,
        t('settings.tokens.createFailed', 'The token could not be created')
      );
      setNameError(fields.name ?? (apiStatus(error) === 400 ? message : undefined));
      toggleNotification({ type: 'danger', message });
    } finally {
      setCreating(false);
    }
  };

  const revoke = async (token: WakeToken) => {
    try {
      await deleteToken(token.id).unwrap();
      toggleNotification({
        type: 'success',
        message: t('settings.tokens.revoked', 'Token “{name}” revoked', { name: token.name }),
      });
      await onChanged();
    } catch (error) {
      // 409: the last token while the mode is token; the server says what to do.
      toggleNotification({
        type: 'danger',
        message: apiMessage(
          error,
          t('settings.tokens.revokeFailed', 'The token could not be revoked')
        ),
      });
    } finally {
      setRevoking(null);
    }
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <form onSubmit={(event) => void create(event)}>
        <Flex gap={2} alignItems="flex-start">
          <Box flex="1" maxWidth="400px">
            <Field.Root
              name="tokenName"
              error={nameError}
              hint={t(
                'settings.tokens.nameHint',
                'Where it is used, e.g. “cron on web-1” (1–60 characters)'
              )}
            >
              <Field.Label>{t('settings.tokens.name', 'New token name')}</Field.Label>
              <TextInput
                value={name}
                maxLength={60}
                onChange={(event: FormEvent<HTMLInputElement>) => {
                  setName(event.currentTarget.value);
                  setNameError(undefined);
                }}
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Box>
          <Box paddingTop={6}>
            <Button type="submit" startIcon={<Plus />} loading={creating} variant="secondary">
              {t('settings.tokens.create', 'Create token')}
            </Button>
          </Box>
        </Flex>
      </form>

      {tokens.length === 0 ? (
        <Typography textColor="neutral600">
          {t('settings.tokens.none', 'No token yet. Token mode needs one.')}
        </Typography>
      ) : (
        <Table colCount={5} rowCount={tokens.length + 1}>
          <Thead>
            <Tr>
              <Th>
                <Typography variant="sigma">{t('settings.tokens.column.name', 'Name')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">
                  {t('settings.tokens.column.prefix', 'Starts with')}
                </Typography>
              </Th>
              <Th>
                <Typography variant="sigma">
                  {t('settings.tokens.column.created', 'Created')}
                </Typography>
              </Th>
              <Th>
                <Typography variant="sigma">
                  {t('settings.tokens.column.lastUsed', 'Last used')}
                </Typography>
              </Th>
              <Th>
                <Typography variant="sigma">
                  {t('settings.tokens.column.actions', 'Actions')}
                </Typography>
              </Th>
            </Tr>
          </Thead>
          <Tbody>
            {tokens.map((token) => (
              <Tr key={token.id}>
                <Td>
                  <Typography textColor="neutral800" fontWeight="semiBold">
                    {token.name}
                  </Typography>
                </Td>
                <Td>
                  <Typography tag="code">{token.prefix}…</Typography>
                </Td>
                <Td>
                  <Typography>{date(token.createdAt)}</Typography>
                </Td>
                <Td>
                  <Typography>{date(token.lastUsedAt)}</Typography>
                </Td>
                <Td>
                  <IconButton
                    label={t('settings.tokens.revoke', 'Revoke token {name}', { name: token.name })}
                    onClick={() => setRevoking(token)}
                    variant="ghost"
                  >
                    <Trash />
                  </IconButton>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}

      <Dialog.Root open={revoking !== null} onOpenChange={(open) => !open && setRevoking(null)}>
        {revoking ? (
          <ConfirmDialog
            title={t('settings.tokens.revokeTitle', 'Revoke this token?')}
            onConfirm={() => revoke(revoking)}
            variant="danger"
          >
            {t(
              'settings.tokens.revokeBody',
              'Callers using “{name}” will be refused (401) from now on. Check its last use first.',
              { name: revoking.name }
            )}
          </ConfirmDialog>
        ) : null}
      </Dialog.Root>

      <Modal.Root open={created !== null} onOpenChange={(open) => !open && setCreated(null)}>
        {created ? (
          <Modal.Content>
            <Modal.Header>
              <Modal.Title>
                {t('settings.tokens.createdTitle', 'Token “{name}” created', {
                  name: created.name,
                })}
              </Modal.Title>
            </Modal.Header>
            <Modal.Body>
              <Flex direction="column" alignItems="stretch" gap={4}>
                <Typography textColor="warning700" fontWeight="semiBold">
                  {t(
                    'settings.tokens.shownOnce',
                    'Copy it now: it is shown this once. Only its hash is kept, so it cannot be shown again.'
                  )}
                </Typography>
                <CopyLine
                  label={t('settings.tokens.secret', 'Token')}
                  value={created.token}
                  testId="created-token"
                />
                <CopyLine
                  label={t(
                    'settings.lines.tokenPrompt',
                    'To try it in a terminal, read it at a prompt (paste it, then Enter: it stays out of your shell history)'
                  )}
                  value={tokenPromptLine()}
                />
                <CopyLine
                  label={t('settings.lines.curlWithToken', 'Then call the route with it')}
                  value={curlLine(url, 'token') ?? ''}
                />
              </Flex>
            </Modal.Body>
            <Modal.Footer>
              <Modal.Close>
                <Button>{t('settings.tokens.done', 'I have copied it')}</Button>
              </Modal.Close>
            </Modal.Footer>
          </Modal.Content>
        ) : null}
      </Modal.Root>
    </Flex>
  );
};
