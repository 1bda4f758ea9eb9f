import { Flex, ProgressBar, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';

import type { RunProgress as Progress } from '../../../../server/src/contracts';
import { useTranslate } from '../../hooks/useTranslate';
import { progressPercent } from './format';

/**
 * What a script said of how far it has got (ctx.progress): a bar when it gave a total, the counts
 * and its message. `compact` for a table cell.
 */
export const RunProgress = ({
  progress,
  compact = false,
}: {
  progress: Progress;
  compact?: boolean;
}) => {
  const t = useTranslate();
  const { formatNumber } = useIntl();
  const percent = progressPercent(progress);
  const counts =
    progress.total === null
      ? t('runs.progress.done', '{done} done', { done: formatNumber(progress.done) })
      : t('runs.progress.of', '{done} of {total} ({percent}%)', {
          done: formatNumber(progress.done),
          total: formatNumber(progress.total),
          percent,
        });
  const text = progress.message ? `${counts} · ${progress.message}` : counts;
  return (
    <Flex direction="column" alignItems="stretch" gap={1} data-testid="run-progress">
      {percent !== null ? (
        <ProgressBar
          value={percent}
          size={compact ? 'S' : 'M'}
          aria-label={t('runs.progress.label', 'Progress')}
        />
      ) : null}
      <Typography variant={compact ? 'pi' : 'omega'} textColor="neutral600">
        {text}
      </Typography>
    </Flex>
  );
};
