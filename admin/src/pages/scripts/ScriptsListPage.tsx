import {
  Box,
  Button,
  Dialog,
  EmptyStateLayout,
  Flex,
  IconButton,
  Typography,
  VisuallyHidden,
} from '@strapi/design-system';
import { Duplicate, Pencil, Plus, Trash, Eye } from '@strapi/icons';
import { ConfirmDialog, Layouts, Page } from '@strapi/strapi/admin';
import * as React from 'react';
import { useNavigate } from 'react-router-dom';

import { apiMessage } from '../../api/errors';
import { useGetScriptsQuery } from '../../api/maintenance';
import type { ScriptSummary } from '../../../../server/src/contracts';
import { ListTable } from '../../components/ListTable';
import { IntegrityBadge, OriginBadges } from '../../components/scripts/ScriptBadges';
import { SCRIPTS_PATH, useScriptActions } from '../../components/scripts/useScriptActions';
import { isLockedScript } from '../../editor/scriptHelpers';
import { useMaintenancePermissions } from '../../hooks/usePermissions';
import { useFailureNotice } from '../../hooks/useFailureNotice';
import { useBuiltInText } from '../../hooks/useBuiltInText';
import { useTranslate } from '../../hooks/useTranslate';

export const ScriptsListPage = () => {
  const t = useTranslate();
  const builtIn = useBuiltInText();
  const navigate = useNavigate();
  const { canManageScripts } = useMaintenancePermissions();
  const { duplicate, remove } = useScriptActions();
  const { data: scripts = null, error, refetch } = useGetScriptsQuery();
  const failed = error !== undefined;
  const failureMessage =
    failed && !scripts
      ? apiMessage(error, t('scripts.list.loadFailed', 'The scripts could not be loaded'))
      : null;
  useFailureNotice(failureMessage);
  const [toDelete, setToDelete] = React.useState<ScriptSummary | null>(null);
  const [busy, setBusy] = React.useState<number | null>(null);

  const open = (script: ScriptSummary) => navigate(`${SCRIPTS_PATH}/${script.id}`);

  const onDuplicate = async (script: ScriptSummary) => {
    setBusy(script.id);
    const copy = await duplicate(script);
    setBusy(null);
    if (copy) navigate(`${SCRIPTS_PATH}/${copy.id}`);
  };

  const onConfirmDelete = async () => {
    if (!toDelete) return;
    const gone = await remove(toDelete);
    setToDelete(null);
    if (gone) await refetch();
  };

  const title = t('scripts.list.title', 'Scripts');

  if (failed && !scripts) return <Page.Error />;
  if (!scripts) return <Page.Loading />;

  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        title={title}
        subtitle={t(
          'scripts.list.subtitle',
          '{count, plural, =0 {No scripts} one {# script} other {# scripts}}: the code tasks run, in a sandbox.',
          { count: scripts.length }
        )}
        primaryAction={
          canManageScripts ? (
            <Button startIcon={<Plus />} onClick={() => navigate(`${SCRIPTS_PATH}/new`)}>
              {t('scripts.list.create', 'Create a script')}
            </Button>
          ) : undefined
        }
      />
      <Layouts.Content>
        {scripts.length === 0 ? (
          <EmptyStateLayout
            content={t('scripts.list.empty', 'No scripts yet.')}
            action={
              canManageScripts ? (
                <Button
                  variant="secondary"
                  startIcon={<Plus />}
                  onClick={() => navigate(`${SCRIPTS_PATH}/new`)}
                >
                  {t('scripts.list.create', 'Create a script')}
                </Button>
              ) : undefined
            }
          />
        ) : (
          // The users are the column given up on narrow screens (ListTable).
          <ListTable aria-label={t('scripts.list.tableLabel', 'Scripts')}>
            <thead>
              <tr>
                <th scope="col">
                  <Typography variant="sigma">{t('scripts.list.name', 'Name')}</Typography>
                </th>
                <th scope="col">
                  <Typography variant="sigma">
                    {t('scripts.list.description', 'Description')}
                  </Typography>
                </th>
                <th scope="col">
                  <Typography variant="sigma">{t('scripts.list.version', 'Version')}</Typography>
                </th>
                <th scope="col">
                  <Typography variant="sigma">
                    {t('scripts.list.integrity', 'Integrity')}
                  </Typography>
                </th>
                <th scope="col" data-optional>
                  <Typography variant="sigma">{t('scripts.list.tasks', 'Used by')}</Typography>
                </th>
                <th scope="col" data-actions>
                  <VisuallyHidden>{t('scripts.list.actions', 'Actions')}</VisuallyHidden>
                </th>
              </tr>
            </thead>
            <tbody>
              {scripts.map((script) => {
                const locked = isLockedScript(script);
                const shown = builtIn.script(script);
                const editable = canManageScripts && !locked;
                return (
                  <tr
                    key={script.id}
                    data-script-id={script.id}
                    onClick={() => open(script)}
                    style={{ cursor: 'pointer' }}
                  >
                    <td>
                      <Flex gap={2} wrap="wrap">
                        <Typography fontWeight="bold" textColor="neutral800">
                          {shown.name}
                        </Typography>
                        <OriginBadges script={script} />
                      </Flex>
                    </td>
                    <td style={{ maxWidth: '24rem' }}>
                      {/* Its first line (a built-in's summary; its params follow in the editor). */}
                      <Typography textColor="neutral600" ellipsis title={shown.description ?? ''}>
                        {shown.description?.split('\n')[0] ?? ''}
                      </Typography>
                    </td>
                    <td>
                      <Typography textColor="neutral800">{script.version}</Typography>
                    </td>
                    <td>
                      <IntegrityBadge integrity={script.integrity} />
                    </td>
                    <td data-optional style={{ maxWidth: '14rem' }}>
                      <Typography textColor="neutral600" ellipsis>
                        {script.tasks.length === 0
                          ? t('scripts.list.noTasks', 'No task')
                          : script.tasks.map((task) => task.name).join(', ')}
                      </Typography>
                    </td>
                    <td data-actions onClick={(event: React.MouseEvent) => event.stopPropagation()}>
                      <Flex gap={1} justifyContent="flex-end">
                        <IconButton
                          variant="ghost"
                          label={
                            editable
                              ? t('scripts.list.edit', 'Edit “{name}”', { name: script.name })
                              : t('scripts.list.view', 'View “{name}”', { name: script.name })
                          }
                          onClick={() => open(script)}
                        >
                          {editable ? <Pencil /> : <Eye />}
                        </IconButton>
                        {canManageScripts ? (
                          <IconButton
                            variant="ghost"
                            disabled={busy === script.id}
                            label={
                              locked
                                ? t('scripts.list.duplicateToEdit', 'Duplicate “{name}” to edit', {
                                    name: script.name,
                                  })
                                : t('scripts.list.duplicate', 'Duplicate “{name}”', {
                                    name: script.name,
                                  })
                            }
                            onClick={() => void onDuplicate(script)}
                          >
                            <Duplicate />
                          </IconButton>
                        ) : null}
                        {editable ? (
                          <IconButton
                            variant="ghost"
                            label={t('scripts.list.delete', 'Delete “{name}”', {
                              name: script.name,
                            })}
                            onClick={() => setToDelete(script)}
                          >
                            <Trash />
                          </IconButton>
                        ) : null}
                      </Flex>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </ListTable>
        )}
        {scripts.some((script) => script.builtIn) && canManageScripts ? (
          <Box paddingTop={4}>
            <Typography variant="pi" textColor="neutral600">
              {t(
                'scripts.list.builtInHint',
                'Built-in scripts are read-only and updated with the plugin: duplicate one to change it.'
              )}
            </Typography>
          </Box>
        ) : null}
      </Layouts.Content>
      <Dialog.Root open={toDelete !== null} onOpenChange={(o) => (!o ? setToDelete(null) : null)}>
        <ConfirmDialog onConfirm={onConfirmDelete} variant="danger">
          {t(
            'scripts.delete.confirm',
            'Delete the script “{name}” and its version history? This cannot be undone.',
            { name: toDelete?.name ?? '' }
          )}
        </ConfirmDialog>
      </Dialog.Root>
    </Page.Main>
  );
};
