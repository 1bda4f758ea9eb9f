import { Box, Tabs } from '@strapi/design-system';
import { useState } from 'react';

import type { Script, ScriptTestRun } from '../../../../../server/src/contracts';
import { TestRunPanel } from '../../../components/scripts/TestRunPanel';
import { VersionHistory } from '../../../components/scripts/VersionHistory';
import { useTranslate } from '../../../hooks/useTranslate';

/** A saved script's tools: test runs (for roles that may manage scripts) and its versions. */
export const ScriptTools = ({
  script,
  canManage,
  readOnly,
  unsaved,
  onTestRun,
  onRestored,
}: {
  script: Script;
  canManage: boolean;
  readOnly: boolean;
  unsaved: boolean;
  onTestRun: (outcome: ScriptTestRun) => void;
  onRestored: (script: Script) => void;
}) => {
  const t = useTranslate();
  const [tab, setTab] = useState(canManage ? 'test-run' : 'versions');
  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
      <Tabs.Root value={tab} onValueChange={setTab} variant="simple">
        <Tabs.List aria-label={t('scripts.editor.tools', 'Script tools')}>
          {canManage ? (
            <Tabs.Trigger value="test-run">{t('scripts.testRun.title', 'Test run')}</Tabs.Trigger>
          ) : null}
          <Tabs.Trigger value="versions">
            {t('scripts.versions.title', 'Version history')}
          </Tabs.Trigger>
        </Tabs.List>
        {canManage ? (
          <Tabs.Content value="test-run">
            <Box paddingTop={4}>
              <TestRunPanel
                scriptId={script.id}
                dirty={unsaved}
                canRun={canManage}
                onOutcome={onTestRun}
              />
            </Box>
          </Tabs.Content>
        ) : null}
        <Tabs.Content value="versions">
          <Box paddingTop={4}>
            <VersionHistory
              scriptId={script.id}
              currentBody={script.body}
              canRestore={!readOnly}
              onRestored={onRestored}
            />
          </Box>
        </Tabs.Content>
      </Tabs.Root>
    </Box>
  );
};
