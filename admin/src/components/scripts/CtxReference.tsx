import { Box, Flex, Typography } from '@strapi/design-system';
import * as React from 'react';

import { type CtxGroup, memberSignature, referenceGroups } from '../../editor/ctxApi';
import { useTranslate } from '../../hooks/useTranslate';

const mono: React.CSSProperties = {
  fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace",
  fontSize: '1.2rem',
  wordBreak: 'break-word',
};

/** The `ctx` reference beside the editor, from the same data as the completion. */
export const CtxReference = () => {
  const t = useTranslate();
  const groups = React.useMemo(referenceGroups, []);
  const titles: Record<CtxGroup, string> = {
    data: t('scripts.reference.group.data', 'Run data'),
    console: t('scripts.reference.group.console', 'Log'),
    state: t('scripts.reference.group.state', 'Task state'),
    entries: t('scripts.reference.group.entries', 'Entries'),
    db: t('scripts.reference.group.db', 'Database'),
    media: t('scripts.reference.group.media', 'Media'),
    runs: t('scripts.reference.group.runs', 'Run history'),
    auth: t('scripts.reference.group.auth', 'Sessions and tokens'),
    history: t('scripts.reference.group.history', 'Content history'),
    site: t('scripts.reference.group.site', 'Site'),
    http: t('scripts.reference.group.http', 'HTTP'),
  };

  return (
    <Box
      tag="aside"
      aria-label={t('scripts.reference.title', 'ctx reference')}
      background="neutral0"
      hasRadius
      shadow="tableShadow"
      padding={4}
      style={{ maxHeight: '80vh', overflowY: 'auto', position: 'sticky', top: 16 }}
      // It scrolls on its own: focusable, so that a keyboard can scroll it too.
      tabIndex={0}
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Flex direction="column" alignItems="stretch" gap={1}>
          <Typography variant="delta" tag="h2">
            {t('scripts.reference.title', 'ctx reference')}
          </Typography>
          <Typography variant="pi" textColor="neutral600">
            {t(
              'scripts.reference.intro',
              'The script is the body of an async function: use await and return a result. Calls that change something only report what they would do when ctx.dryRun is true. Ctrl+Space completes.'
            )}
          </Typography>
        </Flex>
        {groups.map(({ group, members }) => (
          <Flex key={group} direction="column" alignItems="stretch" gap={2}>
            <Typography variant="sigma" textColor="neutral600" tag="h3">
              {titles[group]}
            </Typography>
            {members.map((member) => (
              <Box key={member.path}>
                <Typography tag="p" textColor="primary700" style={mono}>
                  {memberSignature(member)}
                </Typography>
                {member.returns ? (
                  <Typography tag="p" textColor="neutral600" style={mono}>
                    → {member.returns}
                  </Typography>
                ) : null}
                <Typography tag="p" variant="pi" textColor="neutral700">
                  {member.doc}
                </Typography>
              </Box>
            ))}
          </Flex>
        ))}
      </Flex>
    </Box>
  );
};
