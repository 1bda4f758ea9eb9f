import { Badge, Box, Flex, Tooltip } from '@strapi/design-system';

import type { ScriptIntegrity, ScriptSummary } from '../../../../server/src/contracts';
import { useTranslate } from '../../hooks/useTranslate';

const INTEGRITY_VARIANT = {
  valid: 'success',
  tampered: 'danger',
  unsigned: 'warning',
} as const;

export const IntegrityBadge = ({ integrity }: { integrity: ScriptIntegrity }) => {
  const t = useTranslate();
  const labels: Record<ScriptIntegrity, string> = {
    valid: t('scripts.integrity.valid', 'Valid'),
    tampered: t('scripts.integrity.tampered', 'Tampered'),
    unsigned: t('scripts.integrity.unsigned', 'Unsigned'),
  };
  const hints: Record<ScriptIntegrity, string> = {
    valid: t('scripts.integrity.valid.hint', 'The body matches its signature.'),
    tampered: t(
      'scripts.integrity.tampered.hint',
      'The body was changed outside the plugin; it will not run until it is saved again.'
    ),
    unsigned: t(
      'scripts.integrity.unsigned.hint',
      'The body has no signature; it will not run until it is saved again.'
    ),
  };
  return (
    // Badge is a function component without a ref; the tooltip hangs on the span around it.
    <Tooltip label={hints[integrity]}>
      <Box tag="span">
        <Badge variant={INTEGRITY_VARIANT[integrity] ?? 'neutral'} data-integrity={integrity}>
          {labels[integrity] ?? integrity}
        </Badge>
      </Box>
    </Tooltip>
  );
};

/** Built-in and managed-in-code markers (both read-only). */
export const OriginBadges = ({ script }: { script: ScriptSummary }) => {
  const t = useTranslate();
  const managed = script.managedInCode;
  if (!script.builtIn && !managed) return null;
  return (
    <Flex gap={1}>
      {script.builtIn ? (
        <Badge variant="secondary">{t('scripts.badge.builtIn', 'Built-in')}</Badge>
      ) : null}
      {managed ? (
        <Tooltip
          label={t(
            'scripts.badge.managedInCode.hint',
            'Defined in the site’s code ({key}); change it there.',
            { key: script.codeKey ?? '' }
          )}
        >
          <Box tag="span">
            <Badge variant="alternative">
              {t('scripts.badge.managedInCode', 'Managed in code')}
            </Badge>
          </Box>
        </Tooltip>
      ) : null}
    </Flex>
  );
};
