import { Flex, Grid, Typography } from '@strapi/design-system';

import type { Task } from '../../../../../server/src/contracts';
import { FormSection } from '../../../components/FormSection';
import {
  DEFAULT_AUTO_PAUSE_AFTER,
  DEFAULT_RETRY_BACKOFF_MS,
  MAX_RETRIES,
} from '../../../components/tasks/form';
import { useTranslate } from '../../../hooks/useTranslate';
import { NumberField } from './NumberField';
import { useFormatTime } from '../../../hooks/useFormatTime';

/** Where a saved task stands now: its failed slots in a row and a pending retry. */
const FailureState = ({ task }: { task: Task }) => {
  const t = useTranslate();
  const { dateTime } = useFormatTime();
  return (
    <Flex direction="column" alignItems="flex-start" gap={1} data-testid="failure-state">
      <Typography variant="pi" textColor="neutral700">
        {t('tasks.editor.failedSlots', 'Failed slots in a row now: {count}', {
          count: task.consecutiveFailedSlots,
        })}
      </Typography>
      {task.retryAt !== null ? (
        <Typography variant="pi" textColor="warning600">
          {t('tasks.editor.retryPending', 'A retry is pending: attempt {attempt}, due {at}', {
            attempt: task.retryAttempt ?? '?',
            at: dateTime(task.retryAt, { seconds: true, timeZone: task.timezone, offset: true }),
          })}
        </Typography>
      ) : null}
    </Flex>
  );
};

/** Retries, their delay and auto-pause; for a saved task, also its failures so far. */
export const FailuresSection = ({ task }: { task: Task | null }) => {
  const t = useTranslate();
  return (
    <FormSection
      title={t('tasks.editor.section.failures', 'When it fails')}
      intro={t(
        'tasks.editor.failures.intro',
        'Manual runs never retry, pause the task or send notifications; scheduled slots do.'
      )}
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Grid.Root gap={4}>
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
            <NumberField
              name="retries"
              empty={0}
              label={t('tasks.editor.retries', 'Retries')}
              hint={t(
                'tasks.editor.retries.hint',
                'Attempts after a failed run of the same slot (0–{max}); 0 does not retry',
                { max: MAX_RETRIES }
              )}
            />
          </Grid.Item>
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
            <NumberField
              name="retryBackoffMs"
              step={1000}
              label={t('tasks.editor.retryBackoffMs', 'Delay before retrying (ms)')}
              hint={t(
                'tasks.editor.retryBackoffMs.hint',
                'Wait before the first retry, doubled before each next one; empty: the site default'
              )}
              placeholder={t('tasks.editor.retryBackoffMs.placeholder', 'Default: {value} ms', {
                value: DEFAULT_RETRY_BACKOFF_MS,
              })}
            />
          </Grid.Item>
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
            <NumberField
              name="autoPauseAfter"
              label={t('tasks.editor.autoPauseAfter', 'Pause after failed slots in a row')}
              hint={t(
                'tasks.editor.autoPauseAfter.hint',
                'Pause the task after this many failed slots in a row; 0 never pauses; empty: the site default'
              )}
              placeholder={t('tasks.editor.autoPauseAfter.placeholder', 'Default: {value}', {
                value: DEFAULT_AUTO_PAUSE_AFTER,
              })}
            />
          </Grid.Item>
        </Grid.Root>
        {task ? <FailureState task={task} /> : null}
      </Flex>
    </FormSection>
  );
};
