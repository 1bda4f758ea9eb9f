import {
  Badge,
  Box,
  Button,
  Dialog,
  Flex,
  Loader,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';
import { ConfirmDialog, useAuth, useNotification } from '@strapi/strapi/admin';
import * as React from 'react';

import {
  useGetScriptVersionsQuery,
  useLazyGetScriptVersionQuery,
  useRestoreScriptVersionMutation,
} from '../../api/maintenance';
import { apiMessage } from '../../api/errors';
import type { Script, ScriptVersion } from '../../../../server/src/contracts';
import { DiffView } from './DiffView';
import { IntegrityBadge } from './ScriptBadges';
import { useFailureNotice } from '../../hooks/useFailureNotice';
import { useTranslate } from '../../hooks/useTranslate';
import { useFormatTime } from '../../hooks/useFormatTime';

interface VersionHistoryProps {
  scriptId: number;
  currentBody: string;
  canRestore: boolean;
  onRestored: (script: Script) => void;
}

/**
 * Saved versions, newest first (re-read when a save, restore or acceptance makes the scripts'
 * cache stale); one selected shows its diff with the current body and can be restored.
 */
export const VersionHistory = ({
  scriptId,
  currentBody,
  canRestore,
  onRestored,
}: VersionHistoryProps) => {
  const t = useTranslate();
  const { data: versions = null, error: versionsError } = useGetScriptVersionsQuery(scriptId, {
    refetchOnMountOrArgChange: true,
  });
  const [fetchVersion] = useLazyGetScriptVersionQuery();
  const [restoreVersion] = useRestoreScriptVersionMutation();
  const { dateTime } = useFormatTime();
  const { toggleNotification } = useNotification();
  const me = useAuth('VersionHistory', (state) => state.user);
  const [selected, setSelected] = React.useState<ScriptVersion | null>(null);
  const [loadingVersion, setLoadingVersion] = React.useState(false);
  const [confirming, setConfirming] = React.useState(false);

  const failureMessage = versionsError
    ? apiMessage(
        versionsError,
        t('scripts.versions.loadFailed', 'The version history could not be loaded')
      )
    : null;
  useFailureNotice(failureMessage);

  const select = async (version: ScriptVersion) => {
    setLoadingVersion(true);
    try {
      setSelected(await fetchVersion({ id: scriptId, version: version.version }).unwrap());
    } catch (error) {
      toggleNotification({
        type: 'danger',
        message: apiMessage(
          error,
          t('scripts.versions.loadOneFailed', 'The version could not be loaded')
        ),
      });
    } finally {
      setLoadingVersion(false);
    }
  };

  const restore = async () => {
    if (!selected) return;
    try {
      const data = await restoreVersion({ id: scriptId, version: selected.version }).unwrap();
      toggleNotification({
        type: 'success',
        message: t('scripts.versions.restored', 'Version {from} restored: saved as version {to}', {
          from: selected.version,
          to: data.version,
        }),
      });
      setSelected(null);
      onRestored(data);
    } catch (error) {
      toggleNotification({
        type: 'danger',
        message: apiMessage(
          error,
          t('scripts.versions.restoreFailed', 'The version could not be restored')
        ),
      });
    } finally {
      setConfirming(false);
    }
  };

  const who = (version: ScriptVersion) => {
    if (version.changedBy === null) return t('scripts.versions.byCode', 'the plugin (code)');
    if (me && Number(me.id) === version.changedBy) return t('scripts.versions.byYou', 'you');
    return version.changedByName ?? t('scripts.versions.byFormerAdmin', 'a former administrator');
  };

  if (!versions) return <Loader small>{t('scripts.versions.loading', 'Loading versions…')}</Loader>;

  return (
    <Flex direction="column" alignItems="stretch" gap={4} data-testid="version-history">
      {versions.length === 0 ? (
        <Typography textColor="neutral600">
          {t('scripts.versions.empty', 'No saved versions.')}
        </Typography>
      ) : (
        <Table colCount={3} rowCount={versions.length + 1}>
          <Thead>
            <Tr>
              <Th>
                <Typography variant="sigma">{t('scripts.versions.version', 'Version')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">{t('scripts.versions.by', 'Saved by')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">{t('scripts.versions.at', 'Saved at')}</Typography>
              </Th>
            </Tr>
          </Thead>
          <Tbody>
            {versions.map((version) => {
              const isSelected = selected?.version === version.version;
              return (
                <Tr
                  key={version.version}
                  data-version={version.version}
                  aria-selected={isSelected}
                  onClick={() => void select(version)}
                  style={{
                    cursor: 'pointer',
                    ...(isSelected ? { outline: '2px solid #4945ff', outlineOffset: -2 } : {}),
                  }}
                >
                  <Td>
                    <Flex gap={2}>
                      <Typography fontWeight={isSelected ? 'bold' : undefined}>
                        {t('scripts.versions.number', 'v{version}', { version: version.version })}
                      </Typography>
                      {version.current ? (
                        <Badge variant="primary">{t('scripts.versions.current', 'current')}</Badge>
                      ) : null}
                    </Flex>
                  </Td>
                  <Td>
                    <Typography textColor="neutral700">{who(version)}</Typography>
                  </Td>
                  <Td>
                    <Typography textColor="neutral700">
                      {dateTime(version.changedAt, { seconds: true })}
                    </Typography>
                  </Td>
                </Tr>
              );
            })}
          </Tbody>
        </Table>
      )}

      {loadingVersion ? (
        <Loader small>{t('scripts.versions.loading', 'Loading versions…')}</Loader>
      ) : null}

      {selected && selected.body !== undefined ? (
        <Flex direction="column" alignItems="stretch" gap={3} data-testid="version-diff">
          <Flex justifyContent="space-between" gap={3} wrap="wrap">
            <Flex gap={2}>
              <Typography fontWeight="bold">
                {t(
                  'scripts.versions.diffTitle',
                  'v{version} (left) against the current version (right)',
                  {
                    version: selected.version,
                  }
                )}
              </Typography>
              {selected.integrity ? <IntegrityBadge integrity={selected.integrity} /> : null}
            </Flex>
            {canRestore ? (
              <Button
                variant="secondary"
                startIcon={<ArrowClockwise />}
                disabled={selected.current || selected.integrity !== 'valid'}
                onClick={() => setConfirming(true)}
              >
                {t('scripts.versions.restore', 'Restore v{version}', { version: selected.version })}
              </Button>
            ) : null}
          </Flex>
          {selected.body === currentBody ? (
            <Typography textColor="neutral600">
              {t('scripts.versions.same', 'This version has the same body as the current one.')}
            </Typography>
          ) : null}
          <Box>
            <DiffView original={selected.body} modified={currentBody} />
          </Box>
        </Flex>
      ) : null}

      <Dialog.Root open={confirming} onOpenChange={setConfirming}>
        <ConfirmDialog onConfirm={restore} variant="default">
          {t(
            'scripts.versions.restoreConfirm',
            'Restore the body of version {version}? It is saved as a new version; unsaved changes in the editor are lost.',
            { version: selected?.version ?? '' }
          )}
        </ConfirmDialog>
      </Dialog.Root>
    </Flex>
  );
};
