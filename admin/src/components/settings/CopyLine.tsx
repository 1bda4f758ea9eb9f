import { Box, Flex, IconButton, Typography } from '@strapi/design-system';
import { Duplicate } from '@strapi/icons';
import { useClipboard, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { styled } from 'styled-components';

import { getTranslation } from '../../utils/getTranslation';

const Code = styled.code`
  display: block;
  font-family: 'SFMono-Regular', Consolas, 'Liberation Mono', Menlo, monospace;
  font-size: 1.2rem;
  line-height: 1.6;
  white-space: pre-wrap;
  word-break: break-all;
  color: ${({ theme }) => theme.colors.neutral800};
`;

/** A line to paste somewhere (URL, crontab line, secret), with a copy button. */
export const CopyLine = ({
  label,
  value,
  testId,
}: {
  label: string;
  value: string;
  testId?: string;
}) => {
  const { formatMessage } = useIntl();
  const { copy } = useClipboard();
  const { toggleNotification } = useNotification();
  const copyLabel = formatMessage(
    { id: getTranslation('settings.copy'), defaultMessage: 'Copy {what}' },
    { what: label }
  );

  const onCopy = async () => {
    const copied = await copy(value);
    toggleNotification(
      copied
        ? {
            type: 'success',
            message: formatMessage({
              id: getTranslation('settings.copied'),
              defaultMessage: 'Copied to the clipboard',
            }),
          }
        : {
            type: 'warning',
            message: formatMessage({
              id: getTranslation('settings.copyFailed'),
              defaultMessage: 'Could not copy: select the text and copy it by hand',
            }),
          }
    );
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={1}>
      <Typography variant="pi" fontWeight="bold" textColor="neutral700">
        {label}
      </Typography>
      <Flex gap={2} alignItems="flex-start">
        <Box
          flex="1"
          background="neutral100"
          borderColor="neutral200"
          hasRadius
          paddingTop={2}
          paddingBottom={2}
          paddingLeft={3}
          paddingRight={3}
        >
          <Code data-testid={testId}>{value}</Code>
        </Box>
        <IconButton label={copyLabel} onClick={() => void onCopy()} variant="tertiary">
          <Duplicate />
        </IconButton>
      </Flex>
    </Flex>
  );
};
