import { Box, Flex, Typography } from '@strapi/design-system';
import type { ReactNode } from 'react';

/**
 * One titled card of an edit page. Its title is also its accessible name, so that tests and
 * assistive technology find a section (`region` "When it fails") and what is inside it.
 */
export const FormSection = ({
  title,
  intro,
  action,
  children,
}: {
  title: string;
  intro?: ReactNode;
  /** Shown at the top right, e.g. "Reset to the configuration value". */
  action?: ReactNode;
  children: ReactNode;
}) => (
  <Box
    background="neutral0"
    hasRadius
    shadow="tableShadow"
    padding={6}
    tag="section"
    aria-label={title}
  >
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Flex justifyContent="space-between" alignItems="flex-start" gap={4}>
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <Typography variant="delta" tag="h2">
            {title}
          </Typography>
          {intro ? (
            <Typography variant="pi" textColor="neutral600" tag="p">
              {intro}
            </Typography>
          ) : null}
        </Flex>
        {action ? <Box shrink={0}>{action}</Box> : null}
      </Flex>
      {children}
    </Flex>
  </Box>
);
