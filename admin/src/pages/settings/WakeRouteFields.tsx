import { Field, Flex, Radio, Typography } from '@strapi/design-system';
import { useMemo } from 'react';

import type { TriggerMode } from '../../../../server/src/contracts';
import { CopyLine } from '../../components/settings/CopyLine';
import {
  crontabLine,
  curlLine,
  healthUrl,
  TOKEN_FILE,
  TOKEN_VARIABLE,
} from '../../components/settings/wakeLines';
import { useFormField } from '../../components/useFormField';
import { useTranslate } from '../../hooks/useTranslate';

/**
 * Who may call the wake-up route, and the lines to paste into a server for the mode chosen: the
 * route's URL, a crontab line, a curl call and the health check for uptime monitors.
 */
export const WakeRouteFields = ({
  url,
  savedMode,
}: {
  url: string;
  /** The mode in force: the lines say when they are for a mode not saved yet. */
  savedMode: TriggerMode;
}) => {
  const t = useTranslate();
  const { value: mode, error, disabled, onChange } = useFormField<TriggerMode>('triggerMode');
  const monitorUrl = useMemo(() => healthUrl(window.location.origin), []);
  const modes: Array<{ value: TriggerMode; label: string; help: string }> = [
    {
      value: 'open',
      label: t('settings.mode.open', 'Open'),
      help: t(
        'settings.mode.open.help',
        'Anyone may call the route. It only runs what is due and tells anonymous callers counts only; a caller with a valid token gets details.'
      ),
    },
    {
      value: 'token',
      label: t('settings.mode.token', 'Token'),
      help: t(
        'settings.mode.token.help',
        'Only callers presenting a valid token (Authorization: Bearer mnt_…) may call it; others get 401. Create a token first.'
      ),
    },
    {
      value: 'disabled',
      label: t('settings.mode.disabled', 'Disabled'),
      help: t(
        'settings.mode.disabled.help',
        'Nobody may call it (403). The built-in timer and “Run now” still work.'
      ),
    },
  ];
  const crontab = crontabLine(url, mode);
  const curl = curlLine(url, mode);

  return (
    <>
      <Field.Root name="triggerMode" error={error}>
        <Field.Label>{t('settings.mode.label', 'Who may call the route')}</Field.Label>
        <Radio.Group
          value={mode}
          onValueChange={(value: string) => onChange(value as TriggerMode)}
          disabled={disabled}
          aria-label={t('settings.mode.label', 'Who may call the route')}
        >
          {modes.map((option) => (
            <Radio.Item key={option.value} value={option.value}>
              <Flex direction="column" alignItems="flex-start" paddingBottom={2}>
                <Typography fontWeight="semiBold">{option.label}</Typography>
                <Typography variant="pi" textColor="neutral600">
                  {option.help}
                </Typography>
              </Flex>
            </Radio.Item>
          ))}
        </Radio.Group>
        <Field.Error />
      </Field.Root>
      <CopyLine label={t('settings.route.url', 'Route URL')} value={url} testId="wake-url" />
      {crontab && curl ? (
        <>
          <CopyLine
            label={t('settings.lines.crontab', 'Crontab line (every 5 minutes)')}
            value={crontab}
            testId="crontab-line"
          />
          <CopyLine
            label={t('settings.lines.curl', 'One call from a terminal')}
            value={curl}
            testId="curl-line"
          />
          {mode === 'token' ? (
            <Typography variant="pi" textColor="neutral600">
              {t(
                'settings.lines.tokenHelp',
                'The token goes in the Authorization header. The crontab line reads it from {file} (readable only by the cron user); in a terminal, set {variable} first. Avoid ?token=: proxies may log URLs.',
                { file: TOKEN_FILE, variable: TOKEN_VARIABLE }
              )}
            </Typography>
          ) : null}
        </>
      ) : (
        <Typography variant="pi" textColor="neutral600">
          {t(
            'settings.lines.disabled',
            'The route is disabled: cron jobs calling it get 403. Wake-ups come from the built-in timer only.'
          )}
        </Typography>
      )}
      {mode !== 'disabled' ? (
        <Flex direction="column" alignItems="stretch" gap={1}>
          <CopyLine
            label={t('settings.route.health', 'Health check for uptime monitors')}
            value={monitorUrl}
            testId="health-url"
          />
          <Typography variant="pi" textColor="neutral600">
            {t(
              'settings.route.healthHelp',
              'Answers 200 while maintenance works and 503 when wake-ups have stopped or tasks are overdue. Same trigger mode as the route: in token mode, send the token the same way.'
            )}
          </Typography>
        </Flex>
      ) : null}
      {mode !== savedMode ? (
        <Typography variant="pi" textColor="warning600">
          {t(
            'settings.lines.unsaved',
            'These lines are for the mode chosen above: save to apply it.'
          )}
        </Typography>
      ) : null}
    </>
  );
};
