import {
  Box,
  Button,
  DatePicker,
  Field,
  Flex,
  SingleSelect,
  SingleSelectOption,
} from '@strapi/design-system';

import type { Task } from '../../../../server/src/contracts';
import {
  dayStartMs,
  RUN_STATUSES,
  RUN_TRIGGERS,
  toDay,
  type RunFilters,
} from '../../components/runs/format';
import { useRunLabels } from '../../components/runs/RunStatusBadge';
import { useBuiltInText } from '../../hooks/useBuiltInText';
import { useTranslate } from '../../hooks/useTranslate';

const parseDay = (day: string | undefined) => {
  const start = dayStartMs(day);
  return start === undefined ? undefined : new Date(start);
};

/** The run history's filters: task, status, trigger and a range of days. */
export const RunFiltersBar = ({
  filters,
  tasks,
  onFilter,
  onClear,
}: {
  filters: RunFilters;
  tasks: Array<Pick<Task, 'id' | 'name'>>;
  onFilter: (key: keyof RunFilters, value: string | undefined) => void;
  onClear: () => void;
}) => {
  const t = useTranslate();
  const builtIn = useBuiltInText();
  const labels = useRunLabels();
  const filteredTask = filters.task ? tasks.find((task) => String(task.id) === filters.task) : null;
  const choice = (key: keyof RunFilters) => ({
    placeholder: t('runs.filters.all', 'All'),
    value: filters[key] ?? '',
    onChange: (value: string | number) => onFilter(key, value ? String(value) : undefined),
    onClear: filters[key] ? () => onFilter(key, undefined) : undefined,
  });
  const day = (key: 'from' | 'to') => ({
    value: parseDay(filters[key]),
    onChange: (value: Date | undefined) => onFilter(key, value ? toDay(value) : undefined),
    onClear: () => onFilter(key, undefined),
    clearLabel: t('runs.filters.clearDate', 'Clear the date'),
  });

  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={4}>
      <Flex gap={4} wrap="wrap" alignItems="flex-end">
        <Box minWidth="220px">
          <Field.Root name="task">
            <Field.Label>{t('runs.filters.task', 'Task')}</Field.Label>
            <SingleSelect {...choice('task')}>
              {filters.task && !filteredTask ? (
                <SingleSelectOption value={filters.task}>#{filters.task}</SingleSelectOption>
              ) : null}
              {tasks.map((task) => (
                <SingleSelectOption key={task.id} value={String(task.id)}>
                  {builtIn.task(task).name}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
        </Box>
        <Box minWidth="180px">
          <Field.Root name="status">
            <Field.Label>{t('runs.filters.status', 'Status')}</Field.Label>
            <SingleSelect {...choice('status')}>
              {RUN_STATUSES.map((status) => (
                <SingleSelectOption key={status} value={status}>
                  {labels.status(status)}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
        </Box>
        <Box minWidth="160px">
          <Field.Root name="trigger">
            <Field.Label>{t('runs.filters.trigger', 'Trigger')}</Field.Label>
            <SingleSelect {...choice('trigger')}>
              {RUN_TRIGGERS.map((trigger) => (
                <SingleSelectOption key={trigger} value={trigger}>
                  {labels.trigger(trigger)}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
        </Box>
        <Box>
          <Field.Root name="from">
            <Field.Label>{t('runs.filters.from', 'Started from')}</Field.Label>
            <DatePicker {...day('from')} />
          </Field.Root>
        </Box>
        <Box>
          <Field.Root name="to">
            <Field.Label>{t('runs.filters.to', 'Started until')}</Field.Label>
            <DatePicker {...day('to')} />
          </Field.Root>
        </Box>
        {Object.keys(filters).length > 0 ? (
          <Button variant="tertiary" onClick={onClear}>
            {t('runs.filters.clear', 'Clear filters')}
          </Button>
        ) : null}
      </Flex>
    </Box>
  );
};
