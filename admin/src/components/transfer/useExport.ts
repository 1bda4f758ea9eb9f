import { useNotification } from '@strapi/strapi/admin';
import { useCallback, useState } from 'react';
import { useIntl } from 'react-intl';

import { useLazyGetExportQuery } from '../../api/maintenance';
import { apiMessage } from '../../api/errors';
import { getTranslation } from '../../utils/getTranslation';
import { exportFileName } from './plan';

/** Hands `text` to the browser as a download named `name` (a Blob behind a temporary link). */
const download = (text: string, name: string) => {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoked later: some browsers read the Blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};

/**
 * GET /export, saved as a file. The signature covers the file's canonical JSON (keys sorted), so
 * the file is written indented for people to read and still imports.
 */
export const useExport = () => {
  const { formatMessage } = useIntl();
  const [fetchExport] = useLazyGetExportQuery();
  const { toggleNotification } = useNotification();
  const [exporting, setExporting] = useState(false);

  const exportFile = useCallback(async () => {
    setExporting(true);
    try {
      const file = await fetchExport().unwrap();
      const name = exportFileName(window.location.host, file.exportedAt);
      download(`${JSON.stringify(file, null, 2)}\n`, name);
      toggleNotification({
        type: 'success',
        message: formatMessage(
          {
            id: getTranslation('transfer.export.done'),
            defaultMessage:
              'Exported {scripts, plural, one {# script} other {# scripts}} and {tasks, plural, one {# task} other {# tasks}} to {name}',
          },
          { scripts: file.scripts.length, tasks: file.tasks.length, name }
        ),
      });
    } catch (error) {
      toggleNotification({
        type: 'danger',
        message: apiMessage(
          error,
          formatMessage({
            id: getTranslation('transfer.export.failed'),
            defaultMessage: 'The export failed',
          })
        ),
      });
    } finally {
      setExporting(false);
    }
  }, [fetchExport, formatMessage, toggleNotification]);

  return { exportFile, exporting };
};
