import { Box, Flex, LinkButton, Loader, Typography, VisuallyHidden } from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { Link as RouterLink } from 'react-router-dom';

import type { ScriptSummary } from '../../../../../server/src/contracts';
import { useBuiltInText } from '../../../hooks/useBuiltInText';
import { useTranslate } from '../../../hooks/useTranslate';
import { PLUGIN_ID } from '../../../pluginId';

const base = `/plugins/${PLUGIN_ID}`;

/**
 * The tasks page before the first task: what a task is and, for roles that may create one, the
 * built-in scripts to start from (null while they are read).
 */
export const TasksEmptyState = ({
  canCreate,
  builtIns,
}: {
  canCreate: boolean;
  builtIns: ScriptSummary[] | null;
}) => {
  const t = useTranslate();
  const builtIn = useBuiltInText();
  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={8}>
      <Flex direction="column" alignItems="center" gap={4}>
        <Typography variant="beta" tag="h2">
          {t('tasks.empty.title', 'No tasks yet')}
        </Typography>
        <Box maxWidth="64rem">
          <Typography tag="p" textAlign="center" textColor="neutral700">
            {t(
              'tasks.empty.explain',
              'A task runs a maintenance script on a schedule: for example every night at 03:00 in your time zone, with its own parameters and limits. Each scheduled run happens once, even with several Strapi instances, and is recorded in the run history.'
            )}
          </Typography>
        </Box>
        {canCreate ? (
          <>
            <Typography variant="delta" tag="h3">
              {t('tasks.empty.fromBuiltIn', 'Start from a built-in script')}
            </Typography>
            {builtIns === null ? (
              <Loader small />
            ) : (
              <Flex direction="column" alignItems="stretch" gap={2} width="100%" maxWidth="64rem">
                {builtIns.map((script) => (
                  <Flex
                    key={script.id}
                    justifyContent="space-between"
                    gap={4}
                    padding={3}
                    hasRadius
                    borderColor="neutral200"
                  >
                    <Box>
                      <Typography fontWeight="semiBold" tag="p">
                        {builtIn.script(script).name}
                      </Typography>
                      {script.description ? (
                        <Typography variant="pi" textColor="neutral600" tag="p">
                          {builtIn.script(script).description}
                        </Typography>
                      ) : null}
                    </Box>
                    <LinkButton
                      tag={RouterLink}
                      to={`${base}/tasks/new?script=${script.id}`}
                      variant="secondary"
                      startIcon={<Plus />}
                      size="S"
                    >
                      {t('tasks.empty.use', 'Create a task')}
                      <VisuallyHidden>{` ${builtIn.script(script).name}`}</VisuallyHidden>
                    </LinkButton>
                  </Flex>
                ))}
                <Flex justifyContent="center" paddingTop={2}>
                  <LinkButton tag={RouterLink} to={`${base}/tasks/new`} startIcon={<Plus />}>
                    {t('tasks.empty.blank', 'Create a task from any script')}
                  </LinkButton>
                </Flex>
              </Flex>
            )}
          </>
        ) : null}
      </Flex>
    </Box>
  );
};
