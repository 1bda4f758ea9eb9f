import {
  Badge,
  Box,
  Button,
  Field,
  Flex,
  Loader,
  Textarea,
  Toggle,
  Typography,
} from '@strapi/design-system';
import { Play } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import * as React from 'react';

import { useTestRunScriptMutation } from '../../api/maintenance';
import { apiMessage, fieldErrors } from '../../api/errors';
import type { ScriptTestRun } from '../../../../server/src/contracts';
import { formatLog, parseParams, prettyJson } from '../../editor/scriptHelpers';
import { useFormatDuration } from '../../hooks/useFormatDuration';
import { useServerText } from '../../hooks/useServerText';
import { useTranslate } from '../../hooks/useTranslate';
import { useFormatTime } from '../../hooks/useFormatTime';

const pre: React.CSSProperties = {
  fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace",
  fontSize: '1.2rem',
  lineHeight: 1.6,
  whiteSpace: 'pre-wrap',
  wordBreak: 'break-word',
  margin: 0,
  maxHeight: '32rem',
  overflow: 'auto',
};

const Block = ({
  label,
  children,
  testId,
}: {
  label: string;
  children: string;
  testId: string;
}) => (
  <Flex direction="column" alignItems="stretch" gap={1}>
    <Typography variant="sigma" textColor="neutral600">
      {label}
    </Typography>
    <Box background="neutral100" hasRadius padding={3} borderColor="neutral200">
      <Typography tag="pre" textColor="neutral800" style={pre} data-testid={testId}>
        {children}
      </Typography>
    </Box>
  </Flex>
);

interface TestRunPanelProps {
  scriptId: number | null;
  /** The editor holds changes the saved script does not have. */
  dirty: boolean;
  canRun: boolean;
  /** Called with a failed run's error (it may carry the line and column in the script). */
  onOutcome?: (outcome: ScriptTestRun) => void;
}

/** Runs the saved script once (POST /scripts/:id/test-run), dry by default, and shows the outcome. */
export const TestRunPanel = ({ scriptId, dirty, canRun, onOutcome }: TestRunPanelProps) => {
  const [testRunScript] = useTestRunScriptMutation();
  const { logTime } = useFormatTime();
  const t = useTranslate();
  const text = useServerText();
  const { formatDuration } = useFormatDuration();
  const { toggleNotification } = useNotification();
  const [paramsText, setParamsText] = React.useState('{}');
  const [dryRun, setDryRun] = React.useState(true);
  const [running, setRunning] = React.useState(false);
  const [elapsed, setElapsed] = React.useState(0);
  const [outcome, setOutcome] = React.useState<ScriptTestRun | null>(null);
  const [serverError, setServerError] = React.useState<string | null>(null);

  const params = parseParams(paramsText);
  const paramsError = params.ok
    ? serverError
    : params.error === 'object'
      ? t('scripts.testRun.params.notObject', 'Params must be a JSON object, like {example}.', {
          example: '{"days": 30}',
        })
      : t('scripts.testRun.params.invalid', 'Not valid JSON: {message}', {
          message: params.message ?? '',
        });

  React.useEffect(() => {
    if (!running) return undefined;
    const started = Date.now();
    setElapsed(0);
    const timer = setInterval(() => setElapsed(Date.now() - started), 250);
    return () => clearInterval(timer);
  }, [running]);

  const run = async () => {
    if (!params.ok || scriptId === null) return;
    setRunning(true);
    setOutcome(null);
    setServerError(null);
    try {
      const data = await testRunScript({ id: scriptId, params: params.value, dryRun }).unwrap();
      setOutcome(data);
      onOutcome?.(data);
    } catch (error) {
      const fields = fieldErrors(error, text);
      if (fields.params) setServerError(fields.params);
      toggleNotification({
        type: 'danger',
        message: apiMessage(error, t('scripts.testRun.failed', 'The test run could not start')),
      });
    } finally {
      setRunning(false);
    }
  };

  const succeeded = outcome?.status === 'succeeded';
  const log = outcome ? formatLog(outcome.log, logTime) : '';
  const result = outcome ? prettyJson(outcome.result) : undefined;

  return (
    <Flex direction="column" alignItems="stretch" gap={4} data-testid="test-run-panel">
      <Typography variant="pi" textColor="neutral600">
        {t(
          'scripts.testRun.intro',
          'Runs the saved script once, outside any task (ctx.task.id is 0). Test runs are not recorded in the run history.'
        )}
      </Typography>
      <Field.Root
        name="params"
        error={paramsError ?? undefined}
        hint={t('scripts.testRun.params.hint', 'A JSON object, seen by the script as ctx.params.')}
      >
        <Field.Label>{t('scripts.testRun.params', 'Params')}</Field.Label>
        <Textarea
          value={paramsText}
          onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => {
            setParamsText(event.target.value);
            setServerError(null);
          }}
          disabled={!canRun}
          style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace', minHeight: '8rem' }}
        />
        <Field.Error />
        <Field.Hint />
      </Field.Root>
      <Field.Root
        name="dryRun"
        hint={
          dryRun
            ? t('scripts.testRun.dryRun.on', 'Nothing is changed: calls report what they would do.')
            : t(
                'scripts.testRun.dryRun.off',
                'Changes are real: the script deletes, unpublishes and stores for good.'
              )
        }
      >
        <Field.Label>{t('scripts.testRun.dryRun', 'Dry run')}</Field.Label>
        <Toggle
          checked={dryRun}
          onLabel={t('scripts.testRun.on', 'On')}
          offLabel={t('scripts.testRun.off', 'Off')}
          disabled={!canRun}
          onChange={(event: React.ChangeEvent<HTMLInputElement>) => setDryRun(event.target.checked)}
        />
        <Field.Hint />
      </Field.Root>
      <Flex gap={3} wrap="wrap">
        <Button
          startIcon={<Play />}
          onClick={() => void run()}
          loading={running}
          disabled={!canRun || !params.ok || scriptId === null || running}
          variant={dryRun ? 'secondary' : 'danger-light'}
        >
          {dryRun
            ? t('scripts.testRun.run', 'Run dry')
            : t('scripts.testRun.runForReal', 'Run for real')}
        </Button>
        {scriptId === null ? (
          <Typography variant="pi" textColor="neutral600">
            {t('scripts.testRun.saveFirst', 'Save the script to test it.')}
          </Typography>
        ) : dirty ? (
          <Typography variant="pi" textColor="warning600">
            {t(
              'scripts.testRun.unsaved',
              'The editor has unsaved changes: the test runs the saved version.'
            )}
          </Typography>
        ) : null}
      </Flex>

      {running ? (
        <Flex gap={2} role="status" aria-live="polite">
          <Loader small>{t('scripts.testRun.running', 'Running…')}</Loader>
          <Typography textColor="neutral600">
            {t('scripts.testRun.runningFor', 'Running… {duration}', {
              duration: formatDuration(elapsed),
            })}
          </Typography>
        </Flex>
      ) : null}

      {outcome ? (
        <Flex direction="column" alignItems="stretch" gap={4} data-testid="test-run-outcome">
          <Flex gap={3} wrap="wrap">
            <Badge variant={succeeded ? 'success' : 'danger'} data-status={outcome.status}>
              {outcome.status}
            </Badge>
            <Typography textColor="neutral700">
              {t('scripts.testRun.duration', 'Took {duration}', {
                duration: formatDuration(outcome.durationMs),
              })}
            </Typography>
            <Typography textColor="neutral600">
              {outcome.dryRun
                ? t('scripts.testRun.wasDry', 'Dry run')
                : t('scripts.testRun.wasReal', 'Real run')}
              {' · '}
              {t('scripts.testRun.version', 'version {version}', {
                version: outcome.scriptVersion,
              })}
            </Typography>
          </Flex>
          {outcome.error ? (
            <Box
              background="danger100"
              borderColor="danger200"
              hasRadius
              padding={3}
              data-testid="test-run-error"
            >
              <Typography fontWeight="bold" textColor="danger700">
                {outcome.error.name ? `${outcome.error.name}: ` : ''}
                {outcome.error.message}
                {outcome.error.line
                  ? ` (${t('scripts.testRun.at', 'line {line}, column {column}', {
                      line: outcome.error.line,
                      column: outcome.error.column ?? 1,
                    })})`
                  : ''}
              </Typography>
              {outcome.error.stack ? (
                <Typography tag="pre" textColor="danger700" style={{ ...pre, marginTop: 8 }}>
                  {outcome.error.stack}
                </Typography>
              ) : null}
            </Box>
          ) : null}
          <Block label={t('scripts.testRun.log', 'Log')} testId="test-run-log">
            {log || t('scripts.testRun.noLog', '(nothing logged)')}
          </Block>
          {outcome.logTruncated ? (
            <Typography variant="pi" textColor="warning600">
              {t('scripts.testRun.logTruncated', 'The log was cut: it reached its limits.')}
            </Typography>
          ) : null}
          {result !== undefined ? (
            <Block label={t('scripts.testRun.result', 'Result')} testId="test-run-result">
              {result}
            </Block>
          ) : null}
        </Flex>
      ) : null}
    </Flex>
  );
};
