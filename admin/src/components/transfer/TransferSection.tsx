import { Alert, Box, Button, Flex, Typography } from '@strapi/design-system';
import { Check, Download, Upload } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { useRef, useState, type ChangeEvent } from 'react';

import { useApplyImportMutation, usePreviewImportMutation } from '../../api/maintenance';
import { apiDetails, apiMessage } from '../../api/errors';
import type { ImportPlan } from '../../../../server/src/contracts';
import { useMaintenancePermissions } from '../../hooks/usePermissions';
import { parseImportFile, planChangesSomething, tasksArrivingDisabled } from './plan';
import { ImportPlanTable } from './ImportPlanTable';
import { useExport } from './useExport';
import { useTranslate } from '../../hooks/useTranslate';

interface Preview {
  fileName: string;
  file: unknown;
  plan: ImportPlan;
  /** The server refused the file as a whole (invalid items); the plan says which. */
  refused?: string;
}

/** The plan carried by a refused import (400 with details.plan), if any. */
const refusedPlan = (error: unknown): ImportPlan | null => {
  const plan = apiDetails(error)?.plan as ImportPlan | undefined;
  return plan && Array.isArray(plan.scripts) && Array.isArray(plan.tasks) ? plan : null;
};

/**
 * Export (a signed JSON file of every script and task) and import: pick a file, read what it
 * would do, confirm. Export needs Read; import needs Manage scripts and Manage tasks.
 */
export const TransferSection = () => {
  const t = useTranslate();
  const [previewImport] = usePreviewImportMutation();
  const [applyImport] = useApplyImportMutation();
  const { toggleNotification } = useNotification();
  const permissions = useMaintenancePermissions();
  const { exportFile, exporting } = useExport();
  const input = useRef<HTMLInputElement>(null);
  const [previewing, setPreviewing] = useState(false);
  const [importing, setImporting] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);

  const counts = (plan: ImportPlan) =>
    t(
      'transfer.summary',
      '{create} to create, {update} to update, {unchanged} unchanged, {skip} skipped',
      plan.summary
    );

  const pick = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.currentTarget.files?.[0];
    // Picking the same file again must fire a change: forget this one.
    event.currentTarget.value = '';
    if (!chosen) return;
    setPreview(null);
    setRefusal(null);
    const parsed = parseImportFile(await chosen.text());
    if (!parsed.ok) {
      const message = t('transfer.import.notJson', '{name} is not a JSON file: {message}', {
        name: chosen.name,
        message: parsed.message,
      });
      setRefusal(message);
      toggleNotification({ type: 'danger', message });
      return;
    }
    setPreviewing(true);
    try {
      const plan = await previewImport(parsed.value).unwrap();
      setPreview({ fileName: chosen.name, file: parsed.value, plan });
    } catch (error) {
      const message = apiMessage(
        error,
        t('transfer.import.previewFailed', 'The file could not be read')
      );
      const plan = refusedPlan(error);
      if (plan) setPreview({ fileName: chosen.name, file: parsed.value, plan, refused: message });
      else setRefusal(message);
      toggleNotification({ type: 'danger', message });
    } finally {
      setPreviewing(false);
    }
  };

  const confirm = async () => {
    if (!preview) return;
    setImporting(true);
    try {
      const applied = await applyImport(preview.file).unwrap();
      toggleNotification({
        type: 'success',
        message: t(
          'transfer.import.done',
          'Imported: {create} created, {update} updated, {unchanged} unchanged, {skip} skipped',
          applied.summary
        ),
      });
      setPreview(null);
    } catch (error) {
      const message = apiMessage(error, t('transfer.import.failed', 'The import failed'));
      const plan = refusedPlan(error);
      if (plan) setPreview({ ...preview, plan, refused: message });
      toggleNotification({ type: 'danger', message });
    } finally {
      setImporting(false);
    }
  };

  const plan = preview?.plan;
  const disabledTasks = plan ? tasksArrivingDisabled(plan) : 0;

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Flex gap={2} wrap="wrap">
        {permissions.canRead ? (
          <Button
            variant="secondary"
            startIcon={<Download />}
            loading={exporting}
            onClick={() => void exportFile()}
          >
            {t('transfer.export', 'Export scripts and tasks')}
          </Button>
        ) : null}
        {permissions.canImport ? (
          <>
            <input
              ref={input}
              type="file"
              accept="application/json,.json"
              hidden
              data-testid="import-file"
              onChange={(event) => void pick(event)}
            />
            <Button
              variant="secondary"
              startIcon={<Upload />}
              loading={previewing}
              onClick={() => input.current?.click()}
            >
              {t('transfer.import.choose', 'Import a file…')}
            </Button>
          </>
        ) : null}
      </Flex>
      {!permissions.canImport ? (
        <Typography variant="pi" textColor="neutral600">
          {t(
            'transfer.import.forbidden',
            'Importing needs both “Manage scripts” and “Manage tasks”, which your role does not have.'
          )}
        </Typography>
      ) : null}

      {refusal ? (
        <Alert
          variant="danger"
          title={t('transfer.import.refused', 'Nothing was imported')}
          closeLabel={t('transfer.close', 'Close')}
          onClose={() => setRefusal(null)}
        >
          {refusal}
        </Alert>
      ) : null}

      {preview && plan ? (
        <Box
          padding={4}
          hasRadius
          borderColor="neutral200"
          background="neutral100"
          data-testid="import-preview"
        >
          <Flex direction="column" alignItems="stretch" gap={3}>
            <Typography variant="delta" tag="h3">
              {t('transfer.preview.title', 'What importing {name} will do', {
                name: preview.fileName,
              })}
            </Typography>
            <Typography data-testid="import-summary">{counts(plan)}</Typography>
            {preview.refused ? (
              <Alert
                variant="danger"
                title={t('transfer.import.refused', 'Nothing was imported')}
                closeLabel={t('transfer.close', 'Close')}
                onClose={() => setPreview(null)}
              >
                {preview.refused}
              </Alert>
            ) : null}
            <ImportPlanTable plan={plan} />
            <Flex direction="column" alignItems="flex-start" gap={1}>
              {disabledTasks > 0 ? (
                <Typography variant="pi" textColor="warning600">
                  {t(
                    'transfer.note.disabled',
                    'Imported tasks arrive disabled: enable them in the task list once you have checked them.'
                  )}
                </Typography>
              ) : null}
              <Typography variant="pi" textColor="neutral600">
                {t(
                  'transfer.note.skipped',
                  'Built-in scripts and items managed in code (config/plugins) are never changed by an import.'
                )}
              </Typography>
              {plan.summary.update > 0 ? (
                <Typography variant="pi" textColor="neutral600">
                  {t(
                    'transfer.note.updates',
                    'An updated script is saved as a new version; the tasks using it run the new body from then on.'
                  )}
                </Typography>
              ) : null}
            </Flex>
            <Flex gap={2}>
              <Button
                startIcon={<Check />}
                loading={importing}
                disabled={!planChangesSomething(plan) || Boolean(preview.refused)}
                onClick={() => void confirm()}
              >
                {t('transfer.import.confirm', 'Confirm import')}
              </Button>
              <Button variant="tertiary" onClick={() => setPreview(null)}>
                {t('transfer.import.cancel', 'Cancel')}
              </Button>
              {plan.valid && !planChangesSomething(plan) ? (
                <Typography variant="pi" textColor="neutral600">
                  {t('transfer.import.nothing', 'Everything in this file is already on this site.')}
                </Typography>
              ) : null}
            </Flex>
          </Flex>
        </Box>
      ) : null}
    </Flex>
  );
};
