import { Alert, Box, Flex, Link, Typography } from '@strapi/design-system';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';

import { useGetHealthQuery } from '../api/maintenance';
import { PLUGIN_ID } from '../pluginId';
import { HEALTH_POLL_MS, healthProblems } from './health/decision';
import { holdSentence } from './hold/holdText';
import { useFormatDuration } from '../hooks/useFormatDuration';
import { useBuiltInText } from '../hooks/useBuiltInText';
import { useTranslate } from '../hooks/useTranslate';
import { useFormatTime } from '../hooks/useFormatTime';

const base = `/plugins/${PLUGIN_ID}`;

/**
 * Shown above every page of the plugin when maintenance needs attention: wake-ups have stopped,
 * tasks are overdue or paused, maintenance is on hold, a script or task was changed outside the plugin. Polls GET /health on mount and
 * every minute; nothing is shown while all is well or when health cannot be read.
 */
export const HealthBanner = () => {
  // Health is advice: a failed poll shows nothing new rather than an error on every page.
  const { data: health = null } = useGetHealthQuery(undefined, {
    pollingInterval: HEALTH_POLL_MS,
  });
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);

  const t = useTranslate();
  const builtIn = useBuiltInText();
  const { formatDuration } = useFormatDuration();
  const { dateTime } = useFormatTime();

  const problems = healthProblems(health);
  // Closing hides the banner until the next poll that still finds a problem.
  if (!problems.any || (dismissedAt !== null && health && health.now <= dismissedAt)) return null;

  return (
    <Box paddingLeft={10} paddingRight={10} paddingTop={6}>
      <Alert
        variant="warning"
        title={t('health.banner.title', 'Maintenance needs attention')}
        closeLabel={t('health.banner.close', 'Close')}
        onClose={() => setDismissedAt(health?.now ?? Date.now())}
        data-testid="maintenance-health-banner"
      >
        {/* Alert puts its children in a <p>: only spans inside (a <div> there is invalid HTML). */}
        <Flex tag="span" direction="column" alignItems="flex-start" gap={1} paddingTop={1}>
          {problems.hold && (
            <Typography>
              {holdSentence(problems.hold, t, (at) => dateTime(at))}{' '}
              {t(
                'hold.banner',
                'No scheduled run starts on any instance until it is lifted (Settings → Pause everything).'
              )}
            </Typography>
          )}
          {problems.wakeUps && (
            <Typography>
              {problems.wakeUps.sinceMs !== null
                ? t(
                    'health.wakeUps.stale',
                    'No wake-up has come for {since} (expected at least every {threshold}): check the cron job calling runMaintenanceTasks or the autoRun timer.',
                    {
                      since: formatDuration(problems.wakeUps.sinceMs),
                      threshold: formatDuration(problems.wakeUps.thresholdMs),
                    }
                  )
                : t(
                    'health.wakeUps.stopped',
                    'Wake-ups have stopped: check the cron job calling runMaintenanceTasks or the autoRun timer.'
                  )}
            </Typography>
          )}
          {problems.overdue.length > 0 && (
            <Box tag="span" display="block">
              <Typography>
                {t(
                  'health.overdue',
                  '{count, plural, one {# task is overdue} other {# tasks are overdue}}:',
                  { count: problems.overdue.length }
                )}{' '}
              </Typography>
              {problems.overdue.map((task, index) => (
                <Typography key={task.id}>
                  {index > 0 ? ', ' : ''}
                  <Link tag={RouterLink} to={`${base}/tasks/${task.id}`}>
                    {builtIn.task(task).name}
                  </Link>{' '}
                  {t('health.overdue.late', '(late by {late})', {
                    late: formatDuration(task.lateMs),
                  })}
                </Typography>
              ))}
            </Box>
          )}
          {problems.paused.length > 0 && (
            <Box tag="span" display="block">
              <Typography>
                {t(
                  'health.paused',
                  '{count, plural, one {# task paused itself after repeated failures} other {# tasks paused themselves after repeated failures}}:',
                  { count: problems.paused.length }
                )}{' '}
              </Typography>
              {problems.paused.map((task, index) => (
                <Typography key={task.id}>
                  {index > 0 ? ', ' : ''}
                  <Link tag={RouterLink} to={`${base}/tasks/${task.id}`}>
                    {builtIn.task(task).name}
                  </Link>
                  {task.pausedReason ? ` (${task.pausedReason})` : ''}
                </Typography>
              ))}
            </Box>
          )}
          {problems.integrity.length > 0 && (
            <Box tag="span" display="block">
              <Typography>
                {t(
                  'health.integrity',
                  '{count, plural, one {A script was changed outside the plugin; it will not run until reviewed} other {# scripts were changed outside the plugin; they will not run until reviewed}}:',
                  { count: problems.integrity.length }
                )}{' '}
              </Typography>
              {problems.integrity.map((script, index) => (
                <Typography key={script.id}>
                  {index > 0 ? ', ' : ''}
                  <Link tag={RouterLink} to={`${base}/scripts/${script.id}`}>
                    {script.name}
                  </Link>{' '}
                  (
                  {script.integrity === 'unsigned'
                    ? t('health.integrity.unsigned', 'never signed')
                    : t('health.integrity.tampered', 'body changed')}
                  )
                </Typography>
              ))}
            </Box>
          )}
          {problems.taskIntegrity.length > 0 && (
            <Box tag="span" display="block">
              <Typography>
                {t(
                  'health.taskIntegrity',
                  '{count, plural, one {A task was changed outside the plugin; it will not run until accepted} other {# tasks were changed outside the plugin; they will not run until accepted}}:',
                  { count: problems.taskIntegrity.length }
                )}{' '}
              </Typography>
              {problems.taskIntegrity.map((task, index) => (
                <Typography key={task.id}>
                  {index > 0 ? ', ' : ''}
                  <Link tag={RouterLink} to={`${base}/tasks/${task.id}`}>
                    {builtIn.task(task).name}
                  </Link>
                </Typography>
              ))}
            </Box>
          )}
        </Flex>
      </Alert>
    </Box>
  );
};
