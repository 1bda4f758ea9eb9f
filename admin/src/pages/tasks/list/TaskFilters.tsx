import { Box, Button, Flex, SingleSelect, SingleSelectOption } from '@strapi/design-system';

import { TASK_STATUS_FILTERS, type TaskFilters } from '../../../components/tasks/listing';
import { useStatusLabel } from '../../../components/tasks/TaskStatusBadge';
import { useTranslate } from '../../../hooks/useTranslate';

/** The value of the "any" choice; a select cannot hold an empty value. */
const ALL = '__all__';

/** Filters of the tasks list: by the last run's status, and enabled or disabled. */
export const TaskFiltersBar = ({
  filters,
  onFilter,
  onClear,
}: {
  filters: TaskFilters;
  onFilter: (key: keyof TaskFilters, value: string | undefined) => void;
  onClear: () => void;
}) => {
  const t = useTranslate();
  const statusLabel = useStatusLabel();
  const choose = (key: keyof TaskFilters) => (value: string | number) =>
    onFilter(key, value === ALL ? undefined : String(value));

  return (
    <Flex gap={2} wrap="wrap">
      <Box minWidth="20rem">
        <SingleSelect
          size="S"
          aria-label={t('tasks.filter.status', 'Last run status')}
          value={filters.lastStatus ?? ALL}
          onChange={choose('lastStatus')}
        >
          <SingleSelectOption value={ALL}>
            {t('tasks.filter.status.all', 'Any last run status')}
          </SingleSelectOption>
          {TASK_STATUS_FILTERS.map((status) => (
            <SingleSelectOption key={status} value={status}>
              {t('tasks.filter.status.one', 'Last run: {status}', {
                status: statusLabel(status),
              })}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      </Box>
      <Box minWidth="16rem">
        <SingleSelect
          size="S"
          aria-label={t('tasks.filter.enabled', 'Enabled or disabled')}
          value={filters.enabled ?? ALL}
          onChange={choose('enabled')}
        >
          <SingleSelectOption value={ALL}>
            {t('tasks.filter.enabled.all', 'Enabled and disabled')}
          </SingleSelectOption>
          <SingleSelectOption value="true">
            {t('tasks.filter.enabled.true', 'Enabled only')}
          </SingleSelectOption>
          <SingleSelectOption value="false">
            {t('tasks.filter.enabled.false', 'Disabled only')}
          </SingleSelectOption>
        </SingleSelect>
      </Box>
      {Object.keys(filters).length > 0 ? (
        <Button variant="tertiary" size="S" onClick={onClear}>
          {t('tasks.filter.clear', 'Clear filters')}
        </Button>
      ) : null}
    </Flex>
  );
};
