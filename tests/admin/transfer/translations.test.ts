import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import enSettings from '../../../admin/src/translations/en/settings.json';
import enTransfer from '../../../admin/src/translations/en/transfer.json';
import frSettings from '../../../admin/src/translations/fr/settings.json';
import frTransfer from '../../../admin/src/translations/fr/transfer.json';

const ROOT = path.resolve(__dirname, '..', '..', '..', 'admin', 'src');
const SOURCES = [
  'components/transfer/TransferSection.tsx',
  'components/transfer/ImportPlanTable.tsx',
  'components/transfer/useExport.ts',
  'components/settings/NotificationsSection.tsx',
  'components/settings/NewWebhookForm.tsx',
  ...readdirSync(path.join(ROOT, 'pages/settings')).map((file) => `pages/settings/${file}`),
];

const placeholders = (text: string) => Array.from(text.matchAll(/\{(\w+)\}/g), (m) => m[1]).sort();

describe('export, import and notifications translations', () => {
  test('Given English and French, when compared, then they have the same keys and placeholders', () => {
    for (const [en, fr] of [
      [enTransfer, frTransfer],
      [enSettings, frSettings],
    ] as Array<[Record<string, string>, Record<string, string>]>) {
      expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
      for (const [key, text] of Object.entries(en)) {
        expect([key, placeholders(fr[key])]).toEqual([key, placeholders(text)]);
      }
    }
  });

  test('Given the sources, when every literal translation id is read, then each is in the files', () => {
    const known: Record<string, string> = { ...enSettings, ...enTransfer };
    const used = new Set<string>();
    for (const file of SOURCES) {
      const source = readFileSync(path.join(ROOT, file), 'utf8');
      for (const match of source.matchAll(/['"]((?:transfer|settings)\.[\w.-]+)['"]/g))
        used.add(match[1]);
    }
    expect(used.size).toBeGreaterThan(40);
    expect([...used].filter((key) => !(key in known))).toEqual([]);
    // The event labels are looked up by event name.
    for (const event of [
      'run.failed',
      'task.paused',
      'task.recovered',
      'wakeups.stopped',
      'run.cancelled',
    ]) {
      expect(known[`settings.notifications.event.maintenance.${event}`]).toBeTruthy();
      expect(known[`settings.notifications.event.maintenance.${event}.explain`]).toBeTruthy();
    }
  });
});
