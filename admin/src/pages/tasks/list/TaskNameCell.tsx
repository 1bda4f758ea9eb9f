import { Badge, Box, Flex, Tooltip, Typography } from '@strapi/design-system';
import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router-dom';

import type { TaskListItem } from '../../../../../server/src/contracts';
import { useBuiltInText } from '../../../hooks/useBuiltInText';
import { useTranslate } from '../../../hooks/useTranslate';
import { PLUGIN_ID } from '../../../pluginId';

/** A badge with a tooltip; the span gives the tooltip an element that takes a ref. */
const BadgeWithHint = ({ hint, children }: { hint: string; children: ReactNode }) => (
  <Tooltip label={hint}>
    <Box tag="span">{children}</Box>
  </Tooltip>
);

/** The task's name, linking to its editor, and badges for what needs attention. */
export const TaskNameCell = ({ task }: { task: TaskListItem }) => {
  const t = useTranslate();
  const { name, description } = useBuiltInText().task(task);
  const paused = task.pausedAt !== null;
  return (
    <Flex direction="column" alignItems="flex-start" gap={1} maxWidth="20rem">
      <RouterLink to={`/plugins/${PLUGIN_ID}/tasks/${task.id}`} style={{ textDecoration: 'none' }}>
        <Typography fontWeight="semiBold" textColor="primary600">
          {name}
        </Typography>
      </RouterLink>
      {description ? (
        // What the task does (the default tasks say what and when), kept to two lines here.
        <Typography
          variant="pi"
          textColor="neutral600"
          style={{
            display: '-webkit-box',
            WebkitLineClamp: 2,
            WebkitBoxOrient: 'vertical',
            overflow: 'hidden',
          }}
          title={description}
        >
          {description}
        </Typography>
      ) : null}
      <Flex gap={1} wrap="wrap">
        {task.integrity !== 'valid' ? (
          <Badge variant="danger" size="S">
            {t('tasks.badge.changedOutside', 'Changed outside: will not run')}
          </Badge>
        ) : null}
        {paused ? (
          <BadgeWithHint
            hint={
              typeof task.pausedReason === 'string' && task.pausedReason
                ? task.pausedReason
                : t('tasks.badge.pausedHint', 'Paused after repeated failures')
            }
          >
            <Badge variant="warning" size="S">
              {t('tasks.badge.paused', 'Paused')}
            </Badge>
          </BadgeWithHint>
        ) : null}
        {!paused && task.consecutiveFailedSlots > 0 ? (
          <Badge variant="danger" size="S">
            {t('tasks.badge.failedSlots', '{count} failed in a row', {
              count: task.consecutiveFailedSlots,
            })}
          </Badge>
        ) : null}
        {task.managedInCode ? (
          <BadgeWithHint
            hint={t('tasks.badge.managedInCodeHint', 'Declared in config/plugins: change it there')}
          >
            <Badge size="S">{t('tasks.badge.managedInCode', 'Managed in code')}</Badge>
          </BadgeWithHint>
        ) : null}
      </Flex>
    </Flex>
  );
};
