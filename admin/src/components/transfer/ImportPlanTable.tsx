import { Badge, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';

import type { ImportPlan } from '../../../../server/src/contracts';
import { useTranslate } from '../../hooks/useTranslate';
import { previewGroups, type PreviewAction } from './plan';

const ACTION_BADGE: Record<PreviewAction, { variant: string; label: [string, string] }> = {
  invalid: { variant: 'danger', label: ['transfer.action.invalid', 'Invalid'] },
  create: { variant: 'success', label: ['transfer.action.create', 'Create'] },
  update: { variant: 'warning', label: ['transfer.action.update', 'Update'] },
  skip: { variant: 'secondary', label: ['transfer.action.skip', 'Skip'] },
  unchanged: { variant: 'neutral', label: ['transfer.action.unchanged', 'Unchanged'] },
};

/** What an import will do, item by item: scripts first, then tasks. */
export const ImportPlanTable = ({ plan }: { plan: ImportPlan }) => {
  const t = useTranslate();
  const groups = previewGroups(plan);
  return (
    <Table colCount={4} rowCount={groups.reduce((n, g) => n + g.rows.length, 1)}>
      <Thead>
        <Tr>
          <Th>
            <Typography variant="sigma">{t('transfer.column.kind', 'Type')}</Typography>
          </Th>
          <Th>
            <Typography variant="sigma">{t('transfer.column.name', 'Name')}</Typography>
          </Th>
          <Th>
            <Typography variant="sigma">{t('transfer.column.action', 'What happens')}</Typography>
          </Th>
          <Th>
            <Typography variant="sigma">{t('transfer.column.detail', 'Details')}</Typography>
          </Th>
        </Tr>
      </Thead>
      <Tbody>
        {groups.flatMap((group) =>
          group.rows.map((row) => {
            const badge = ACTION_BADGE[row.action];
            return (
              <Tr key={`${row.kind}:${row.name}`}>
                <Td>
                  <Typography>
                    {row.kind === 'script'
                      ? t('transfer.kind.script', 'Script')
                      : t('transfer.kind.task', 'Task')}
                  </Typography>
                </Td>
                <Td>
                  <Typography fontWeight="semiBold">{row.name}</Typography>
                </Td>
                <Td>
                  <Badge variant={badge.variant as never}>{t(...badge.label)}</Badge>
                </Td>
                <Td style={{ whiteSpace: 'normal' }}>
                  <Typography
                    variant="pi"
                    textColor={row.action === 'invalid' ? 'danger600' : 'neutral600'}
                  >
                    {row.action === 'update' && row.detail
                      ? t('transfer.detail.changes', 'Changes: {fields}', {
                          fields: row.detail,
                        })
                      : row.detail}
                  </Typography>
                </Td>
              </Tr>
            );
          })
        )}
      </Tbody>
    </Table>
  );
};
