import {
  Button,
  Field,
  Flex,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import { ChevronLeft, ChevronRight } from '@strapi/icons';

import type { CursorPagination } from '../../../../server/src/contracts';
import { useTranslate } from '../../hooks/useTranslate';

const PAGE_SIZES = ['10', '25', '50', '100'];

/**
 * The run history's pager, by cursor (issue 13): every page costs the server the same at any
 * depth, so there are no page numbers to jump to, only the newest runs, the page before, the
 * page after and the oldest runs.
 */
export const RunsPager = ({
  pagination,
  cursor,
  pageSize,
  onCursor,
  onPageSize,
}: {
  pagination: CursorPagination | null;
  cursor: string;
  pageSize: number;
  onCursor: (cursor: string) => void;
  onPageSize: (pageSize: number) => void;
}) => {
  const t = useTranslate();
  const total = pagination
    ? pagination.totalCapped
      ? t('runs.pager.totalAtLeast', 'More than {total} runs', { total: pagination.total })
      : t('runs.pager.total', '{total, plural, one {# run} other {# runs}}', {
          total: pagination.total,
        })
    : '';
  return (
    <Flex justifyContent="space-between" alignItems="center" gap={4} wrap="wrap">
      <Flex gap={2} alignItems="center">
        <Field.Root name="runs-page-size">
          <Field.Label>{t('runs.pager.pageSize', 'Runs per page')}</Field.Label>
          <SingleSelect
            size="S"
            value={String(pageSize)}
            onChange={(value) => onPageSize(Number(value))}
          >
            {PAGE_SIZES.map((size) => (
              <SingleSelectOption key={size} value={size}>
                {size}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        </Field.Root>
        <Typography variant="pi" textColor="neutral600" data-testid="runs-total">
          {total}
        </Typography>
      </Flex>
      <nav aria-label={t('runs.pager.label', 'Run history pages')}>
        <Flex gap={2}>
          <Button
            variant="tertiary"
            disabled={cursor === 'first'}
            onClick={() => onCursor('first')}
          >
            {t('runs.pager.newest', 'Newest')}
          </Button>
          <Button
            variant="tertiary"
            startIcon={<ChevronLeft />}
            disabled={!pagination?.previousCursor}
            onClick={() => pagination?.previousCursor && onCursor(pagination.previousCursor)}
          >
            {t('runs.pager.previous', 'Previous')}
          </Button>
          <Button
            variant="tertiary"
            endIcon={<ChevronRight />}
            disabled={!pagination?.nextCursor}
            onClick={() => pagination?.nextCursor && onCursor(pagination.nextCursor)}
          >
            {t('runs.pager.next', 'Next')}
          </Button>
          <Button variant="tertiary" disabled={cursor === 'last'} onClick={() => onCursor('last')}>
            {t('runs.pager.oldest', 'Oldest')}
          </Button>
        </Flex>
      </nav>
    </Flex>
  );
};
